import type { ContainerCreateBody, DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { projectLabels } from './container-labels.js';

/** Where the helpers mount the live volumes: `/target/<volume>`. */
export const targetRoot = '/target';
/** Name of the directory the old data is moved into during the swap, inside each live volume. */
export const previousDir = '.ish-monitor-previous';

/** The directory, inside each live volume, a restore extracts into before the swap. */
export function incomingDir(stamp: string): string {
  return `.ish-monitor-restore-${stamp}`;
}

/**
 * The swap, in the helper's shell (busybox or any POSIX sh): for every volume, move the old content
 * aside and the extracted content (the incoming directory) up, both renames inside the volume;
 * only when every volume succeeded, delete the old content (and with it any incoming directory an
 * earlier, killed restore left). If any step fails, every volume gets its old content back and the
 * script exits non-zero. The names are volume names of the compose file (letters, digits, `_.-`)
 * and the incoming directory's, passed as arguments, never spliced into the script.
 */
const swapScript = `
set -u
incoming=$1; shift
entries() { for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done; }
rollback() {
  for v in "$@"; do
    t=${targetRoot}/$v; p=$t/${previousDir}; i=$t/$incoming
    [ -d "$p" ] || continue
    entries "$t" | while read -r f; do [ "$f" = "$p" ] || [ "$f" = "$i" ] || rm -rf "$f"; done
    entries "$p" | while read -r f; do mv "$f" "$t"/; done
    rmdir "$p"
  done
}
swap() {
  t=${targetRoot}/$1; i=$t/$incoming; p=$t/${previousDir}
  [ -d "$i" ] || return 1
  rm -rf "$p" && mkdir "$p" || return 1
  entries "$t" | while read -r f; do [ "$f" = "$p" ] || [ "$f" = "$i" ] || mv "$f" "$p"/ || exit 1; done || return 1
  entries "$i" | while read -r f; do mv "$f" "$t"/ || exit 1; done || return 1
  chown "$(stat -c %u:%g "$i")" "$t" && chmod "$(stat -c %a "$i")" "$t" && rmdir "$i"
}
for v in "$@"; do
  if ! swap "$v"; then echo "swap of volume $v failed: the old data is put back" >&2; rollback "$@"; exit 1; fi
done
for v in "$@"; do rm -rf "${targetRoot}/$v/${previousDir}"; done
`;

/** Removes what an extraction wrote: the incoming directory of every volume (arguments as the swap's). */
const discardScript = `
incoming=$1; shift
for v in "$@"; do rm -rf "${targetRoot}/$v/$incoming" || exit 1; done
`;

/** The body of a short-lived helper container: root, no network, the given volumes mounted, labelled as a one-off of the project. */
export function helperBody(project: string, name: string, image: string, binds: string[], cmd?: string[]): ContainerCreateBody {
  return {
    name,
    Image: image,
    Entrypoint: ['sh', '-c'],
    Cmd: cmd ?? ['exit 0'],
    Env: [],
    User: '0:0',
    Labels: { ...projectLabels(project), [ComposeLabel.oneoff]: 'True', [ComposeLabel.service]: 'restore-helper' },
    ExposedPorts: {},
    HostConfig: { Binds: binds, PortBindings: {}, RestartPolicy: { Name: '' }, ExtraHosts: [], NetworkMode: 'none' },
    NetworkingConfig: { EndpointsConfig: {} },
  };
}

/** The command of the swap helper for these volumes (mounted at /target/<v>), extracted into `incoming`. */
export function swapCommand(incoming: string, volumes: string[]): string[] {
  return [swapScript, 'swap', incoming, ...volumes];
}

/** The command of the helper that removes an extraction's incoming directories, when a restore does not go ahead. */
export function discardCommand(incoming: string, volumes: string[]): string[] {
  return [discardScript, 'discard', incoming, ...volumes];
}

/** Runs a created helper to its end; returns its exit code and last log lines. */
export async function runHelper(gateway: DockerGateway, id: string): Promise<{ exitCode: number; output: string[] }> {
  await gateway.startContainer(id, 'restore-helper');
  const exitCode = await gateway.waitContainer(id);
  return { exitCode, output: exitCode === 0 ? [] : await gateway.containerLogs(id, 20) };
}
