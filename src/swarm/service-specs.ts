import { createHash } from 'node:crypto';
import { canonicalJson } from '../compose/config-hash.js';
import type { MountSpec, ServiceSpec } from '../compose/types.js';
import { healthcheckBody } from '../docker/container-body.js';
import type { SwarmMount, SwarmServiceBody, SwarmUpdatePolicy } from '../docker/swarm-types.js';
import { ComposeLabel, IshLabel } from '../labels.js';
import { volumeName } from '../core/resource-names.js';
import type { ServiceFiles } from './swarm-files.js';
import { SwarmLabel } from './swarm-labels.js';
import { peerCount, peerHost, peerLayout, swarmServiceName } from './swarm-layout.js';
import { endpointMode, peerArgs, peerEnv } from './peer-wiring.js';

const second = 1_000_000_000;

/** What building the Swarm services of a stack takes besides the compose services. */
export interface SwarmSpecInput {
  project: string;
  /** The compose file's directory: labelled on services, where the tool's web credentials are found. */
  workingDir: string;
  services: ServiceSpec[];
  /** compose network name -> engine (overlay) network name. */
  networkNames: Record<string, string>;
  /** What each service mounts as configs, secrets and node binds (collectStackFiles). */
  files: Map<string, ServiceFiles>;
  /** swarm service name -> node ID it is pinned to (pinPeers). */
  pins: Map<string, string>;
  /** Peer N > 1 publishes on the compose port + (N-1) * portStep. */
  portStep: number;
}

/** One peer's service body with the hash it is labelled with. */
export interface SwarmServiceDesired {
  /** Compose service. */
  service: string;
  peer: number;
  body: SwarmServiceBody;
  hash: string;
}

/** Rolling updates one task at a time, watched for 15 s, rolled back on failure. */
export const updatePolicy: SwarmUpdatePolicy = { Parallelism: 1, Delay: 2 * second, FailureAction: 'rollback', Monitor: 15 * second, MaxFailureRatio: 0, Order: 'stop-first' };
/** A rollback goes the same way, and pauses (for the operator) if it fails too. */
export const rollbackPolicy: SwarmUpdatePolicy = { Parallelism: 1, Delay: 0, FailureAction: 'pause', Monitor: 15 * second, MaxFailureRatio: 0, Order: 'stop-first' };

function mount(project: string, m: MountSpec, peer: number, peers: number, labels: Record<string, string>): SwarmMount {
  if (m.type === 'bind') return { Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly };
  // Each peer of an HA service has its own data: prometheus_data-1, prometheus_data-2.
  const source = volumeName(project, peers > 1 ? `${m.source}-${peer}` : m.source);
  return { Type: 'volume', Source: source, Target: m.target, ReadOnly: m.readOnly, VolumeOptions: { Labels: labels } };
}

function restartCondition(restart: string): 'any' | 'on-failure' | 'none' {
  if (restart.startsWith('on-failure')) return 'on-failure';
  return restart === 'no' ? 'none' : 'any';
}

/** The spec hash: the body without its own hash label, canonically serialised. */
export function specHash(body: SwarmServiceBody): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function peerBody(input: SwarmSpecInput, s: ServiceSpec, peer: number): SwarmServiceBody {
  const peers = peerCount(s);
  const layout = peerLayout(s);
  const files = input.files.get(s.name) ?? { configs: [], secrets: [], nodeBinds: [] };
  const host = peerHost(s, peer);
  const identity = { [SwarmLabel.namespace]: input.project, [SwarmLabel.service]: s.name, [SwarmLabel.peer]: String(peer) };
  const name = swarmServiceName(input.project, s, peer);
  const pin = input.pins.get(name);
  const env = { ...s.environment, ...peerEnv(s, peer) };
  // API 1.41 (Debian's docker.io 20.10) has no StartInterval: Swarm would reject it.
  const health = s.healthcheck ? (({ StartInterval: _unsupported, ...rest }) => rest)(healthcheckBody(s.healthcheck)) : undefined;
  return {
    Name: name,
    Labels: { ...s.labels, ...identity, [IshLabel.managed]: 'true', [ComposeLabel.workingDir]: input.workingDir },
    TaskTemplate: {
      ContainerSpec: {
        Image: s.image,
        Labels: identity,
        ...peerArgs(s, peer),
        Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
        ...(s.user ? { User: s.user } : {}),
        Hostname: host,
        Mounts: [...s.volumes.filter((m) => m.type === 'volume'), ...files.nodeBinds].map((m) => mount(input.project, m, peer, peers, identity)),
        Configs: files.configs,
        Secrets: files.secrets,
        ...(health ? { Healthcheck: health } : {}),
        StopGracePeriod: 10 * second,
      },
      Resources: {
        Limits: { ...(s.limits?.nanoCpus ? { NanoCPUs: s.limits.nanoCpus } : {}), ...(s.limits?.memoryBytes ? { MemoryBytes: s.limits.memoryBytes } : {}) },
        Reservations: s.reservations?.memoryBytes ? { MemoryBytes: s.reservations.memoryBytes } : {},
      },
      RestartPolicy: { Condition: restartCondition(s.restart), Delay: 5 * second, MaxAttempts: 0 },
      Placement: {
        Constraints: pin ? [`node.id == ${pin}`] : [],
        Preferences: layout.mode === 'global' ? [] : [{ Spread: { SpreadDescriptor: 'node.id' } }],
      },
      Networks: s.networks.map((n) => ({
        Target: input.networkNames[n] ?? n,
        // Each peer by its own name, and all peers by the service name (Grafana's http://prometheus:9090).
        Aliases: [...new Set([host, s.name, ...(s.networkAliases?.[n] ?? [])])],
      })),
      ...(s.logging?.driver ? { LogDriver: { Name: s.logging.driver, Options: s.logging.options } } : {}),
    },
    Mode: layout.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: 1 } },
    UpdateConfig: updatePolicy,
    RollbackConfig: rollbackPolicy,
    EndpointSpec: {
      Mode: endpointMode(s),
      // Host mode: each peer on its own port of its node; the routing mesh would spread one port over peers.
      Ports: s.ports
        .filter((p) => p.published !== undefined)
        .map((p) => ({ Protocol: p.protocol, TargetPort: p.target, PublishedPort: p.published! + (peer - 1) * input.portStep, PublishMode: 'host' as const })),
    },
  };
}

/** The Swarm service bodies of the stack: one per peer, each labelled with the hash of its spec. */
export function buildSwarmServices(input: SwarmSpecInput): SwarmServiceDesired[] {
  return input.services.flatMap((s) =>
    Array.from({ length: peerCount(s) }, (_, i) => {
      const body = peerBody(input, s, i + 1);
      const hash = specHash(body);
      return { service: s.name, peer: i + 1, hash, body: { ...body, Labels: { ...body.Labels, [SwarmLabel.specHash]: hash } } };
    }),
  );
}
