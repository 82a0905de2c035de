import type { ContainerCreateBody, DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { projectLabels } from './container-labels.js';

/** Where the helper mounts the fresh volumes (extraction) and, for the swap, the live ones. */
export const stagedRoot = '/staged';
export const targetRoot = '/target';
/** Name of the directory the old data is moved into during the swap, inside each live volume. */
export const previousDir = '.ish-monitor-previous';

/**
 * The swap, in the helper's shell (busybox or any POSIX sh with cp -a): for every volume, move the
 * old content aside inside the live volume (renames, same filesystem), copy the extracted content
 * in; only when every volume succeeded, delete the old content. If any step fails, every volume
 * gets its old content back and the script exits non-zero. The names are volume names of the
 * compose file (letters, digits, `_.-`), passed as arguments, never spliced into the script.
 */
const swapScript = `
set -u
entries() { for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi; done; }
rollback() {
  for v in "$@"; do
    t=${targetRoot}/$v; p=$t/${previousDir}
    [ -d "$p" ] || continue
    entries "$t" | while read -r f; do [ "$f" = "$p" ] || rm -rf "$f"; done
    entries "$p" | while read -r f; do mv "$f" "$t"/; done
    rmdir "$p"
  done
}
swap() {
  t=${targetRoot}/$1; s=${stagedRoot}/$1; p=$t/${previousDir}
  rm -rf "$p" && mkdir "$p" || return 1
  entries "$t" | while read -r f; do [ "$f" = "$p" ] || mv "$f" "$p"/ || exit 1; done || return 1
  cp -a "$s"/. "$t"/ || return 1
  chown "$(stat -c %u:%g "$s")" "$t" && chmod "$(stat -c %a "$s")" "$t"
}
for v in "$@"; do
  if ! swap "$v"; then echo "swap of volume $v failed: the old data is put back" >&2; rollback "$@"; exit 1; fi
done
for v in "$@"; do rm -rf "${targetRoot}/$v/${previousDir}"; done
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

/** The command of the swap helper for these volumes (mounted at /staged/<v> and /target/<v>). */
export function swapCommand(volumes: string[]): string[] {
  return [swapScript, 'swap', ...volumes];
}

/** Runs a created helper to its end; returns its exit code and last log lines. */
export async function runHelper(gateway: DockerGateway, id: string): Promise<{ exitCode: number; output: string[] }> {
  await gateway.startContainer(id, 'restore-helper');
  const exitCode = await gateway.waitContainer(id);
  return { exitCode, output: exitCode === 0 ? [] : await gateway.containerLogs(id, 20) };
}
