import type { DockerGateway } from '../docker/types.js';
import { probeTarget } from '../health/probe-target.js';
import { IshLabel } from '../labels.js';
import { BackupError } from '../backup/backup-error.js';
import { webConfigMount } from './web-config.js';

const snapshotTimeoutMs = 120_000;
const snapshotApi = '/api/v1/admin/tsdb/snapshot';

function nameFrom(body: string, where: string): string {
  let doc: { status?: string; data?: { name?: string }; error?: string } | undefined;
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    doc = undefined;
  }
  const name = doc?.data?.name;
  if (doc?.status === 'success' && name && /^[\w.-]+$/.test(name)) return name;
  const reason = doc?.error ?? body.trim().slice(0, 200);
  const disabled = /admin apis are disabled/i.test(reason);
  throw new BackupError(
    `Prometheus refused the TSDB snapshot (${where}): ${reason || 'no answer'}`,
    disabled
      ? 'the stack needs --web.enable-admin-api: run `ish-monitor deploy` to apply the current compose file, or back up with --stop'
      : 'check `ish-monitor logs prometheus`, or back up with --stop',
  );
}

/**
 * Asks Prometheus for a TSDB snapshot and returns its name (a directory under `<tsdb>/snapshots/`).
 * Tries the published port first; when that is not reachable from here (a remote engine, ports on
 * the remote's loopback) it asks from inside the container with its own wget. A Prometheus behind
 * the web config is always asked from inside.
 */
export async function takeTsdbSnapshot(gateway: DockerGateway, containerId: string, signal?: AbortSignal): Promise<string> {
  const d = await gateway.inspectContainer(containerId);
  const port = d.labels[IshLabel.probePort] ?? '9090';
  if (d.labels[IshLabel.webAuth] !== undefined) {
    // Behind the web config: asked from inside, with Prometheus' own credentials (local-url), so the
    // tool never sends them, and the password stays out of the command line `docker inspect` shows.
    const cmd = `wget -q -O - --no-check-certificate --post-data= "$(cat ${webConfigMount}/local-url):${port}${snapshotApi}"`;
    return nameFrom((await gateway.execInContainer(containerId, ['sh', '-c', cmd])).output, 'from inside the container');
  }
  const target = probeTarget(d.labels, d.ports, gateway.publishHost);
  if (target) {
    const url = `${new URL(target.url).origin}${snapshotApi}`;
    let res: Response | undefined;
    try {
      res = await fetch(url, { method: 'POST', signal: AbortSignal.any([AbortSignal.timeout(snapshotTimeoutMs), ...(signal ? [signal] : [])]) });
    } catch (err) {
      if (signal?.aborted) throw err;
      res = undefined;
    }
    if (res) return nameFrom(await res.text(), url);
  }
  const r = await gateway.execInContainer(containerId, ['wget', '-q', '-O', '-', '--post-data=', `http://127.0.0.1:${port}${snapshotApi}`]);
  return nameFrom(r.output, 'from inside the container');
}

/** Removes a snapshot directory (Prometheus has no API for it); runs as the container's user, who wrote it. */
export async function deleteTsdbSnapshot(gateway: DockerGateway, containerId: string, tsdbPath: string, name: string): Promise<void> {
  if (!/^[\w.-]+$/.test(name) || name === '.' || name === '..') throw new BackupError(`refusing to delete snapshot "${name}": not a snapshot name`);
  const r = await gateway.execInContainer(containerId, ['rm', '-rf', `${tsdbPath}/snapshots/${name}`]);
  if (r.exitCode !== 0) throw new BackupError(`could not delete the TSDB snapshot ${tsdbPath}/snapshots/${name}: ${r.output.trim()}`, 'delete it by hand: it holds hard links to blocks, and keeps them on disk after retention');
}
