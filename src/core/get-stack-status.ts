import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { ComposeLabel } from '../labels.js';
import { probeHttp, type ProbeResult } from '../health/probe-http.js';
import { probeTarget } from '../health/probe-target.js';
import { checkFindings, type Finding } from './check-findings.js';
import { isSetAside } from './plan-deploy.js';
import { listProjectContainers } from './project-containers.js';
import { liveHolder } from './run-lock.js';
import { readUpgradeRecord } from './upgrade-record.js';
import { upgradeNote, type UpgradeNote } from './upgrade-note.js';
import { isCore } from './resource-names.js';
import { runStackChecks, type StackChecks } from './stack-checks.js';
import { withDeployedProfiles, type StackContext } from './stack-context.js';
import { serviceLevel, stackLevel, type ServiceLevel, type StackLevel } from './status-level.js';
import { compareText } from './compare-text.js';

/** One service's row in `status`. */
export interface ServiceStatus {
  service: string;
  core: boolean;
  /** Engine state, or `missing` when the service has no container. */
  state: string;
  health: string;
  startedAt?: string;
  uptimeSeconds?: number;
  image?: string;
  ports: string[];
  probe?: Pick<ProbeResult, 'url' | 'ok' | 'status' | 'latencyMs' | 'detail'>;
  level: ServiceLevel;
  reason: string;
}

/** The whole `status` document. */
export interface StackStatus {
  project: string;
  /** Enabled profiles (asked for, or remembered from deployed services). */
  profiles: string[];
  engine: { endpoint: string; reachable: boolean };
  status: StackLevel;
  exitCode: number;
  services: ServiceStatus[];
  /** Facts from the services' own APIs (targets, rules, TSDB, alerts, cluster, Grafana login). */
  checks: StackChecks;
  /** What the checks found; `degraded` ones count towards the exit code. */
  findings: Finding[];
  /** Set when the state could not be read, e.g. the engine is unreachable. */
  error?: string;
  /** The last upgrade, when it is running, did not finish, left containers aside or was rolled back. */
  upgrade?: UpgradeNote;
}

/** What `status` takes. */
export interface StatusOptions {
  probeTimeoutMs: number;
  slowMs: number;
  /** TSDB size / size retention at or above which the stack is degraded. */
  tsdbFullRatio: number;
  now: () => number;
  /**
   * Where the project's state files are (the last upgrade's record, a refused Grafana login) and the
   * run locks: read for the upgrade note; `terminal`: a human runs status, a refused login is tried again at once.
   */
  state?: { stateDir: string; lockDir: string; terminal: boolean };
}

async function describe(gateway: DockerGateway, c: ContainerSummary, opts: StatusOptions): Promise<ServiceStatus> {
  // The probe needs only what the list gave (labels, published ports): it runs beside the inspect.
  const target = c.state === 'running' ? probeTarget(c.labels, c.ports, gateway.publishHost) : undefined;
  const [d, probe] = await Promise.all([gateway.inspectContainer(c.id), target ? probeHttp(target, opts.probeTimeoutMs) : undefined]);
  const service = d.labels[ComposeLabel.service] ?? d.name;
  // A container set aside by a replacement that did not finish is not the service: it is reported, never judged as it.
  const { level, reason } = isSetAside(c)
    ? { level: 'degraded' as const, reason: `old container ${c.name} set aside by a replacement that did not finish` }
    : serviceLevel({ state: d.state, health: d.health, probeOk: probe?.ok, probeLatencyMs: probe?.latencyMs }, opts.slowMs);
  const running = d.state === 'running' && d.startedAt;
  return {
    service,
    core: isCore(d.labels) && !isSetAside(c),
    state: d.state,
    health: d.health,
    ...(running ? { startedAt: d.startedAt!.toISOString(), uptimeSeconds: Math.max(0, Math.round((opts.now() - d.startedAt!.getTime()) / 1000)) } : {}),
    image: d.image,
    ports: d.ports.map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.containerPort}/${p.protocol}`),
    ...(probe ? { probe: { url: probe.url, ok: probe.ok, latencyMs: probe.latencyMs, detail: probe.detail, ...(probe.status ? { status: probe.status } : {}) } } : {}),
    level,
    reason: probe && !probe.ok ? `probe failed: ${probe.detail}` : reason,
  };
}

/** Reads the stack's state from the engine and probes each running service, all in parallel. */
export async function getStackStatus(requested: StackContext, gateway: DockerGateway, opts: StatusOptions): Promise<StackStatus> {
  // The ping bounds the wait for an engine that does not answer at all (5 s), beside the listing.
  const [, containers, record, holder] = await Promise.all([
    gateway.ping(),
    listProjectContainers(gateway, requested.project),
    opts.state ? readUpgradeRecord(opts.state.stateDir).catch(() => undefined) : undefined,
    opts.state ? liveHolder(opts.state.lockDir, requested.project) : undefined,
  ]);
  const ctx = withDeployedProfiles(requested, containers.map((c) => c.labels[ComposeLabel.service] ?? ''));
  const described = Promise.all(containers.map((c) => describe(gateway, c, opts)));
  // The API checks start now, beside the inspects and probes; only the target list waits for the start times.
  const startedAt = described.then((rs) => new Map(rs.flatMap((r) => (r.startedAt ? [[r.service, Date.parse(r.startedAt)] as const] : []))));
  const checking = runStackChecks(ctx, containers, {
    publishHost: gateway.publishHost,
    timeoutMs: opts.probeTimeoutMs,
    now: opts.now,
    startedAt,
    ...(opts.state ? { loginState: { stateDir: opts.state.stateDir, terminal: opts.state.terminal } } : {}),
  });
  const [rows, checks] = await Promise.all([described, checking]);
  const seen = new Set(rows.map((r) => r.service));
  for (const s of ctx.services) {
    if (seen.has(s.name)) continue;
    rows.push({ service: s.name, core: isCore(s.labels), state: 'missing', health: 'none', ports: [], level: 'down', reason: 'not deployed' });
  }
  // Rows in the compose file's order; services it no longer declares last.
  const order = new Map(ctx.stack.services.map((s, i) => [s.name, i]));
  rows.sort((a, b) => (order.get(a.service) ?? order.size) - (order.get(b.service) ?? order.size) || compareText(a.service, b.service));
  // A service the compose file no longer declares (or whose profile is off) is reported but never critical.
  const selected = new Set(ctx.services.map((s) => s.name));
  for (const r of rows) if (!selected.has(r.service)) r.core = false;
  const grafana = containers.find((c) => c.labels[ComposeLabel.service] === 'grafana');
  const findings = checkFindings(checks, {
    tsdbFullRatio: opts.tsdbFullRatio,
    downServices: new Set(rows.filter((r) => r.level === 'down').map((r) => r.service)),
    ...(grafana ? { grafanaContainer: grafana.name } : {}),
  });
  const upgrade = upgradeNote(record, containers, holder, new Set(rows.filter((r) => r.level === 'ok').map((r) => r.service)));
  return {
    project: ctx.project,
    profiles: ctx.profiles,
    engine: { endpoint: gateway.endpoint, reachable: true },
    ...stackLevel(rows, findings),
    services: rows,
    checks,
    findings,
    ...(upgrade ? { upgrade } : {}),
  };
}
