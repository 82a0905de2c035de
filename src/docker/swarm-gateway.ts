import Docker from 'dockerode';
import { guardStream, nothing, unixTimestamp } from './engine-streams.js';
import { mapEngineError } from './map-engine-error.js';
import { resolveEndpoint } from './resolve-endpoint.js';
import { labelFilters } from './engine-shapes.js';
import type { SwarmGateway, SwarmNode, SwarmObject, SwarmObjectBody, SwarmService, SwarmServiceBody, SwarmTask } from './swarm-types.js';

interface RawService {
  ID: string;
  Version?: { Index?: number };
  Spec: SwarmServiceBody & { Mode?: { Replicated?: { Replicas?: number } } };
  PreviousSpec?: SwarmServiceBody;
  UpdateStatus?: { State?: string; Message?: string };
}

interface RawTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  DesiredState: string;
  UpdatedAt?: string;
  Status?: { State?: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}

function toService(s: RawService): SwarmService {
  const replicas = s.Spec.Mode?.Replicated?.Replicas;
  return {
    id: s.ID,
    name: s.Spec.Name,
    version: s.Version?.Index ?? 0,
    labels: s.Spec.Labels ?? {},
    spec: s.Spec,
    ...(s.PreviousSpec ? { previousSpec: s.PreviousSpec } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
    ...(s.UpdateStatus?.State ? { updateState: s.UpdateStatus.State } : {}),
    ...(s.UpdateStatus?.Message ? { updateMessage: s.UpdateStatus.Message } : {}),
  };
}

function toTask(t: RawTask): SwarmTask {
  const containerId = t.Status?.ContainerStatus?.ContainerID;
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    nodeId: t.NodeID ?? '',
    ...(t.Slot !== undefined ? { slot: t.Slot } : {}),
    desiredState: t.DesiredState,
    state: t.Status?.State ?? 'unknown',
    message: t.Status?.Err || t.Status?.Message || '',
    ...(containerId ? { containerId } : {}),
    updatedAt: t.UpdatedAt ?? '',
  };
}

const toObject = (o: { ID: string; Spec?: { Name?: string; Labels?: Record<string, string> } }): SwarmObject => ({ id: o.ID, name: o.Spec?.Name ?? '', labels: o.Spec?.Labels ?? {} });

/** The swarm calls of the engine named by DOCKER_HOST (or the default socket). */
export function connectSwarm(env: Record<string, string | undefined>): SwarmGateway {
  const { endpoint } = resolveEndpoint(env.DOCKER_HOST);
  const docker = new Docker();
  const call = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw mapEngineError(err, { endpoint, action });
    }
  };
  const dial = <T>(action: string, path: string, query: Record<string, unknown>, body: unknown) =>
    call(action, () => new Promise<T>((resolve, reject) => {
      docker.modem.dial(
        { path, method: 'POST', options: { _query: query, _body: body }, statusCodes: { 200: true, 201: true, 400: 'bad parameter', 404: 'no such object', 409: 'conflict', 500: 'server error', 503: 'node is not part of a swarm' } },
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
      );
    }));
  const filters = (labels: Record<string, string>) => ({ filters: labelFilters(labels) });
  // Configs and secrets take the same calls under different paths.
  const objectCalls = (kind: 'config' | 'secret') => {
    type Api = { list(o: object): Promise<unknown>; create(o: object): Promise<unknown>; get(id: string): { remove(): Promise<unknown> } };
    const api: Api =
      kind === 'config'
        ? { list: (o) => docker.listConfigs(o), create: (o) => docker.createConfig(o), get: (id) => docker.getConfig(id) }
        : { list: (o) => docker.listSecrets(o), create: (o) => docker.createSecret(o), get: (id) => docker.getSecret(id) };
    return {
      list: async (labels: Record<string, string>) => ((await call(`list swarm ${kind}s`, () => api.list(filters(labels)))) as Parameters<typeof toObject>[0][]).map(toObject),
      create: async (body: SwarmObjectBody) => {
        const r = (await call(`create swarm ${kind} ${body.Name}`, () => api.create({ Name: body.Name, Labels: body.Labels, Data: body.Data.toString('base64') }))) as { id?: string; ID?: string };
        return r.id ?? r.ID ?? '';
      },
      remove: async (id: string) => {
        await call(`remove swarm ${kind} ${id}`, () => api.get(id).remove());
      },
    };
  };
  const objects = { config: objectCalls('config'), secret: objectCalls('secret') };
  return {
    async membership() {
      const info = (await call('read the engine\'s swarm state', () => docker.info())) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string } };
      return { state: info.Swarm?.LocalNodeState ?? 'inactive', manager: info.Swarm?.ControlAvailable === true, nodeId: info.Swarm?.NodeID ?? '' };
    },
    async listNodes(): Promise<SwarmNode[]> {
      const nodes = (await call('list swarm nodes', () => docker.listNodes())) as { ID: string; Description?: { Hostname?: string }; Spec?: { Role?: string; Availability?: string }; Status?: { State?: string } }[];
      return nodes.map((n) => ({ id: n.ID, hostname: n.Description?.Hostname ?? n.ID, role: n.Spec?.Role === 'manager' ? 'manager' : 'worker', availability: n.Spec?.Availability ?? 'active', state: n.Status?.State ?? 'unknown' }));
    },
    async listServices(labels) {
      const list = (await call('list swarm services', () => docker.listServices(filters(labels)))) as unknown as RawService[];
      return list.map(toService);
    },
    async createService(body) {
      const r = await dial<{ ID: string }>(`create swarm service ${body.Name}`, '/services/create?', {}, body);
      return r.ID;
    },
    async updateService(id, version, body) {
      await dial(`update swarm service ${body.Name}`, `/services/${id}/update?`, { version }, body);
    },
    async removeService(id) {
      await call(`remove swarm service ${id}`, () => docker.getService(id).remove());
    },
    async listTasks(serviceIds) {
      if (serviceIds.length === 0) return [];
      const list = (await call('list swarm tasks', () => docker.listTasks({ filters: JSON.stringify({ service: serviceIds }) }))) as RawTask[];
      return list.map(toTask);
    },
    listConfigs: (labels) => objects.config.list(labels),
    createConfig: (body) => objects.config.create(body),
    removeConfig: (id) => objects.config.remove(id),
    listSecrets: (labels) => objects.secret.list(labels),
    createSecret: (body) => objects.secret.create(body),
    removeSecret: (id) => objects.secret.remove(id),
    async readServiceLogs(id, opts, signal) {
      const action = `read the logs of swarm service ${id}`;
      if (signal?.aborted) return nothing();
      const query: Record<string, string | number | boolean> = { stdout: true, stderr: true, timestamps: true, follow: opts.follow, tail: opts.tail ?? 'all' };
      if (opts.since !== undefined) query.since = unixTimestamp(opts.since);
      let res: NodeJS.ReadableStream;
      try {
        res = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
          docker.modem.dial(
            { path: `/services/${id}/logs?`, method: 'GET', isStream: true, options: query, ...(signal ? { abortSignal: signal } : {}), statusCodes: { 200: true, 404: 'no such service', 500: 'server error', 503: 'node is not part of a swarm' } },
            (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as NodeJS.ReadableStream)),
          );
        });
      } catch (err) {
        if (signal?.aborted) return nothing();
        throw mapEngineError(err, { endpoint, action });
      }
      return guardStream(res, endpoint, action, signal, false);
    },
    async createOverlayNetwork(name, labels) {
      await call(`create overlay network ${name}`, () => docker.createNetwork({ Name: name, Driver: 'overlay', Labels: labels, Attachable: false, CheckDuplicate: true }));
    },
  };
}
