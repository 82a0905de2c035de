import type Docker from 'dockerode';
import { newDocker } from './new-docker.js';
import { DockerUnreachableError } from '../errors.js';
import { uploadArchive } from './archive-upload.js';
import { demuxLogs } from './demux-logs.js';
import { guardStream, nothing, parseEvents, unixTimestamp } from './engine-streams.js';
import { followPull, pullError } from './pull-progress.js';
import { resolveEndpoint } from './resolve-endpoint.js';
import { engineRoute, type EngineRoute, type ModemAddress } from './engine-route.js';
import { labelFilters, toDetails, toSummary } from './engine-shapes.js';
import { mapEngineError, type ErrorContext } from './map-engine-error.js';
import type {
  ContainerCreateBody,
  ContainerDetails,
  ContainerSummary,
  DockerGateway,
  ContainerEvent,
  ImageInfo,
  LogReadOptions,
  NamedResource,
  PullProgress,
} from './types.js';

const pingTimeoutMs = 5_000;

/** Opens the Docker engine named by DOCKER_HOST, or the default socket. */
export function connectDocker(env: Record<string, string | undefined>): DockerGateway {
  const { endpoint, publishHost } = resolveEndpoint(env.DOCKER_HOST);
  return new DockerodeGateway(newDocker(), endpoint, publishHost);
}

/** DockerGateway over dockerode. */
class DockerodeGateway implements DockerGateway {
  private route: Promise<EngineRoute | undefined> | undefined;

  constructor(
    private readonly docker: Docker,
    readonly endpoint: string,
    readonly publishHost: string,
  ) {}

  private async call<T>(ctx: Omit<ErrorContext, 'endpoint'>, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw mapEngineError(err, { ...ctx, endpoint: this.endpoint });
    }
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DockerUnreachableError(this.endpoint, `no answer within ${pingTimeoutMs / 1000} s`)), pingTimeoutMs);
    });
    try {
      // /_ping, not /version: the engine answers it at once (/version takes ~20 ms gathering facts).
      await Promise.race([this.call({ action: 'answer a ping' }, () => this.docker.ping()), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const list = await this.call({ action: 'list containers' }, () => this.docker.listContainers({ all: true, filters: labelFilters(labels) }));
    return list.map(toSummary);
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    const c = await this.call({ action: `inspect container ${id.slice(0, 12)}` }, () => this.docker.getContainer(id).inspect());
    return toDetails(c);
  }

  async createContainer(body: ContainerCreateBody, service: string): Promise<string> {
    const c = await this.call({ action: `create the container of service ${service}`, service, image: body.Image }, () =>
      this.docker.createContainer(body as unknown as Docker.ContainerCreateOptions),
    );
    return c.id;
  }

  async startContainer(id: string, service: string): Promise<void> {
    await this.call({ action: `start the container of service ${service}`, service }, () => this.docker.getContainer(id).start());
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.tolerate304(() => this.docker.getContainer(id).stop({ t: timeoutSeconds }), `stop container ${id.slice(0, 12)}`);
  }

  async restartContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.call({ action: `restart container ${id.slice(0, 12)}` }, () => this.docker.getContainer(id).restart({ t: timeoutSeconds }));
  }

  async removeContainer(id: string, opts: { anonymousVolumes?: boolean } = {}): Promise<void> {
    await this.call({ action: `remove container ${id.slice(0, 12)}` }, () => this.docker.getContainer(id).remove({ force: true, v: opts.anonymousVolumes === true }));
  }

  async renameContainer(id: string, name: string): Promise<void> {
    await this.call({ action: `rename container ${id.slice(0, 12)} to ${name}` }, () => this.docker.getContainer(id).rename({ name }));
  }

  async connectNetwork(network: string, containerId: string, aliases: string[]): Promise<void> {
    await this.call({ action: `connect container ${containerId.slice(0, 12)} to network ${network}` }, () =>
      this.docker.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
    );
  }

  async containerLogs(id: string, tail: number): Promise<string[]> {
    const raw = await this.call({ action: `read the logs of container ${id.slice(0, 12)}` }, () =>
      this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false }),
    );
    return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  }

  async readContainerLogs(id: string, opts: LogReadOptions, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const action = `read the logs of container ${id.slice(0, 12)}`;
    const query: Record<string, string | number | boolean> = { stdout: true, stderr: true, timestamps: true, follow: opts.follow, tail: opts.tail ?? 'all' };
    if (opts.since !== undefined) query.since = unixTimestamp(opts.since);
    if (opts.until !== undefined) query.until = unixTimestamp(opts.until);
    // dockerode's container.logs() buffers the whole log unless it follows; dial streams it either way.
    const res = await this.openStream(action, signal, {
      path: `/containers/${id}/logs?`,
      method: 'GET',
      isStream: true,
      statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      options: query,
    });
    return res ? guardStream(res, this.endpoint, action, signal, false) : nothing();
  }

  async watchContainerEvents(labels: Record<string, string>, actions: string[], signal?: AbortSignal): Promise<AsyncIterable<ContainerEvent>> {
    const action = 'watch container events';
    const res = await this.openStream(action, signal, {
      path: '/events?',
      method: 'GET',
      isStream: true,
      statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      options: { filters: { type: ['container'], event: actions, label: Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`)) } },
    });
    return res ? parseEvents(guardStream(res, this.endpoint, action, signal, true)) : nothing();
  }

  /** Opens a streaming request; undefined when `signal` aborted first. */
  private async openStream(action: string, signal: AbortSignal | undefined, dial: Parameters<Docker['modem']['dial']>[0]): Promise<NodeJS.ReadableStream | undefined> {
    if (signal?.aborted) return undefined;
    try {
      return await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        this.docker.modem.dial({ ...dial, ...(signal ? { abortSignal: signal } : {}) }, (err: unknown, data: unknown) =>
          err ? reject(err) : resolve(data as NodeJS.ReadableStream),
        );
      });
    } catch (err) {
      if (signal?.aborted) return undefined;
      throw mapEngineError(err, { endpoint: this.endpoint, action });
    }
  }

  async listNetworks(labels: Record<string, string>): Promise<NamedResource[]> {
    const list = await this.call({ action: 'list networks' }, () => this.docker.listNetworks({ filters: labelFilters(labels) }));
    return list.map((n) => ({ name: n.Name, id: n.Id, labels: n.Labels ?? {} }));
  }

  async createNetwork(name: string, driver: string | undefined, labels: Record<string, string>): Promise<void> {
    await this.call({ action: `create network ${name}` }, () =>
      this.docker.createNetwork({ Name: name, Driver: driver ?? 'bridge', Labels: labels, CheckDuplicate: true }),
    );
  }

  async removeNetwork(name: string): Promise<void> {
    await this.call({ action: `remove network ${name}` }, () => this.docker.getNetwork(name).remove());
  }

  async listVolumes(labels: Record<string, string>): Promise<NamedResource[]> {
    const res = await this.call({ action: 'list volumes' }, () => this.docker.listVolumes({ filters: labelFilters(labels) }));
    return (res.Volumes ?? []).map((v) => ({ name: v.Name, id: v.Name, labels: v.Labels ?? {} }));
  }

  async createVolume(name: string, driver: string | undefined, labels: Record<string, string>): Promise<void> {
    await this.call({ action: `create volume ${name}` }, () => this.docker.createVolume({ Name: name, Driver: driver ?? 'local', Labels: labels }));
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    try {
      const i = await this.docker.getImage(ref).inspect();
      return { id: i.Id, repoTags: i.RepoTags ?? [], repoDigests: i.RepoDigests ?? [] };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw mapEngineError(err, { endpoint: this.endpoint, action: `inspect image ${ref}`, image: ref });
    }
  }

  async pullImage(ref: string, onProgress: (p: PullProgress) => void): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.call({ action: `pull image ${ref}`, image: ref }, () => this.docker.pull(ref));
    } catch (err) {
      throw pullError(ref, err);
    }
    await followPull(this.docker, stream, ref, onProgress);
  }

  /** Stopping an already-stopped container answers 304: that is success. */
  private async tolerate304(fn: () => Promise<unknown>, action: string): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 304) return;
      throw mapEngineError(err, { endpoint: this.endpoint, action });
    }
  }

  // --- cleanup (removal of the project's engine resources) ---

  async removeVolume(name: string): Promise<void> {
    await this.call({ action: `remove volume ${name}` }, () => this.docker.getVolume(name).remove());
  }

  async volumeSizes(): Promise<Map<string, number>> {
    // `type=volume` (API 1.42+) spares the engine measuring images and containers; older engines ignore it.
    const df = await this.call({ action: 'measure volume sizes' }, () =>
      new Promise<{ Volumes?: { Name: string; UsageData?: { Size?: number } | null }[] | null }>((resolve, reject) => {
        this.docker.modem.dial(
          { path: '/system/df?', method: 'GET', options: { type: 'volume' }, statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' } },
          (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as never)),
        );
      }),
    );
    const sizes = new Map<string, number>();
    for (const v of df.Volumes ?? []) {
      const size = v.UsageData?.Size;
      // -1: the engine did not compute it (e.g. a volume driver other than local).
      if (typeof size === 'number' && size >= 0) sizes.set(v.Name, size);
    }
    return sizes;
  }

  async listImages(): Promise<(ImageInfo & { sizeBytes: number })[]> {
    const list = await this.call({ action: 'list images' }, () => this.docker.listImages());
    return list.map((i) => ({
      id: i.Id,
      // Untagged images carry `<none>:<none>` placeholders: no name to remove them by.
      repoTags: (i.RepoTags ?? []).filter((t) => !t.startsWith('<none>')),
      repoDigests: (i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>')),
      sizeBytes: i.Size,
    }));
  }

  async removeImage(ref: string): Promise<{ deleted: boolean }> {
    const res = (await this.call({ action: `remove image ${ref}`, image: ref }, () => this.docker.getImage(ref).remove())) as { Deleted?: string }[] | undefined;
    return { deleted: (res ?? []).some((r) => r.Deleted !== undefined) };
  }

  // --- backup (streamed archives and commands in containers) ---
  async getArchive(id: string, path: string, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const action = `read ${path} from container ${id.slice(0, 12)}`;
    // The bulk-data path: a raw connection reading into one reused buffer costs Node a third of
    // dockerode's intake (a fresh 64 KB buffer per read, and the collections they cause). Not over ssh://.
    this.route ??= engineRoute(this.docker.modem as unknown as ModemAddress);
    const route = await this.route;
    // Loaded on first use: status and the other commands that read no archive do not pay for it.
    if (route) return (await import('./raw-archive.js')).readRawArchive(route, id, path, signal, this.endpoint, action);
    const res = await this.openStream(action, signal, {
      path: `/containers/${id}/archive?`,
      method: 'GET',
      isStream: true,
      statusCodes: { 200: true, 400: 'bad parameter', 404: `no such container or path: ${path}`, 500: 'server error' },
      options: { path },
    });
    return res ? guardStream(res, this.endpoint, action, signal, false) : nothing();
  }

  async execInContainer(id: string, cmd: string[]): Promise<{ exitCode: number; output: string }> {
    const action = `run ${cmd[0] ?? 'a command'} in container ${id.slice(0, 12)}`;
    return this.call({ action }, async () => {
      const exec = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: false });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      const info = await exec.inspect();
      return { exitCode: info.ExitCode ?? -1, output: demuxLogs(Buffer.concat(chunks)).join('\n') };
    });
  }

  async putArchive(id: string, path: string, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void> {
    await uploadArchive(this.docker, this.endpoint, id, path, body, signal);
  }

  async waitContainer(id: string): Promise<number> {
    const r = (await this.call({ action: `wait for container ${id.slice(0, 12)}` }, () => this.docker.getContainer(id).wait())) as { StatusCode?: number };
    return r.StatusCode ?? -1;
  }
}
