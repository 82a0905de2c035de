import type Docker from 'dockerode';
import { newDocker } from './new-docker.js';
import { EngineError, IshError } from '../errors.js';
import { demuxLogs } from './demux-logs.js';
import { mapEngineError } from './map-engine-error.js';
import { resolveEndpoint } from './resolve-endpoint.js';
import type { CheckGateway, EngineInfo, OneShotRun } from './types.js';

/** The engine named by DOCKER_HOST (or the default socket), for the calls checks make. */
export function connectChecks(env: Record<string, string | undefined>): CheckGateway {
  const { endpoint } = resolveEndpoint(env.DOCKER_HOST);
  const docker = newDocker();
  const call = async <T>(action: string, fn: () => Promise<T>, image?: string): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof IshError) throw err;
      throw mapEngineError(err, { endpoint, action, ...(image ? { image } : {}) });
    }
  };
  return {
    engineInfo: () => call('read the engine version', () => readEngineInfo(docker)),
    runOnce: (run) => call(`run ${run.entrypoint[0] ?? 'a check'} in image ${run.image}`, () => runOnceContainer(docker, run), run.image),
  };
}

/** Engine facts from GET /version and GET /info. */
async function readEngineInfo(docker: Docker): Promise<EngineInfo> {
  const [version, info] = await Promise.all([docker.version(), docker.info() as Promise<{ MemTotal?: number; DockerRootDir?: string }>]);
  return { serverVersion: version.Version, apiVersion: version.ApiVersion, memTotalBytes: info.MemTotal ?? 0, dataRoot: info.DockerRootDir ?? '/var/lib/docker' };
}

/**
 * Creates a container without network, copies the files in, starts it, waits for its end and reads
 * its output; the container is removed on every path (error, timeout). Past `timeoutMs` it is an EngineError.
 */
async function runOnceContainer(docker: Docker, run: OneShotRun): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: run.image,
    Entrypoint: run.entrypoint,
    Cmd: run.cmd,
    ...(run.workingDir ? { WorkingDir: run.workingDir } : {}),
    ...(run.user ? { User: run.user } : {}),
    Labels: run.labels,
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none', Binds: run.binds ?? [] },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    if (run.files) await container.putArchive(run.files.tar, { path: run.files.at });
    await container.start();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new EngineError(`${run.entrypoint.join(' ')} in image ${run.image} did not finish within ${run.timeoutMs / 1000} s`)), run.timeoutMs);
    });
    const waited = (await Promise.race([container.wait(), timeout])) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    return { exitCode: waited.StatusCode, output: demuxLogs(logs).join('\n') };
  } finally {
    clearTimeout(timer);
    // v: the anonymous volumes the image declares (VOLUME /prometheus in Prometheus' image) go with it.
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}
