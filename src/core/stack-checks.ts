import type { ContainerSummary } from '../docker/types.js';
import { getJson, getText } from '../health/get-json.js';
import type { ProbeTarget } from '../health/probe-http.js';
import { probeTarget } from '../health/probe-target.js';
import { loadHttpAccess, type HttpAccess } from '../health/web-credentials.js';
import { ComposeLabel } from '../labels.js';
import { parseClusterStatus, type ClusterFacts } from './alertmanager-cluster.js';
import { parseAlerts, type AlertsFacts } from './firing-alerts.js';
import { checkGrafanaLogin, grafanaCredentials, type GrafanaLoginFacts } from './grafana-login.js';
import { parseRules, type RulesFacts } from './rule-health.js';
import { parseTargets, type TargetsFacts } from './scrape-targets.js';
import type { StackContext } from './stack-context.js';
import { parseTsdb, type TsdbFacts } from './tsdb-usage.js';
import { loginBackoff } from './login-backoff.js';

/** A check's facts, or why they could not be read. */
export type Checked<T> = T | { error: string };

/** The deeper checks through the services' own APIs; a key is absent when its service is not running or not published. */
export interface StackChecks {
  targets?: Checked<TargetsFacts>;
  rules?: Checked<RulesFacts>;
  tsdb?: Checked<TsdbFacts>;
  alerts?: Checked<AlertsFacts>;
  alertmanagerCluster?: Checked<ClusterFacts>;
  grafanaLogin?: Checked<GrafanaLoginFacts>;
}

/** Whether a check result is the error form. */
export function failed<T extends object>(c: Checked<T>): c is { error: string } {
  return 'error' in c;
}

async function checked<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return await work();
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** What the checks need besides the containers. */
export interface CheckOptions {
  publishHost: string;
  timeoutMs: number;
  now: () => number;
  /** Container start (ms) by service: resolves once the engine's inspect answers are in. */
  startedAt: Promise<ReadonlyMap<string, number>>;
  /** Where a refused Grafana login is remembered (see login-backoff.ts); none: always try. */
  loginState?: { stateDir: string; terminal: boolean };
}

/**
 * Runs every deeper check at once against the published API ports of the running prometheus,
 * alertmanager and grafana containers (found by compose service name).
 */
export async function runStackChecks(ctx: StackContext, containers: ContainerSummary[], opts: CheckOptions): Promise<StackChecks> {
  // Where each API answers and with which credentials: the same target the service's probe uses.
  const target = (service: string): ProbeTarget | undefined => {
    const c = containers.find((x) => x.labels[ComposeLabel.service] === service && x.state === 'running');
    return c && probeTarget(c.labels, c.ports, opts.publishHost);
  };
  const [promTarget, amTarget, grafanaTarget] = [target('prometheus'), target('alertmanager'), target('grafana')];
  const [prom, am, grafana] = [promTarget, amTarget, grafanaTarget].map((x) => x && new URL(x.url).origin);
  const [promAccess, amAccess] = [loadHttpAccess(promTarget?.credentials), loadHttpAccess(amTarget?.credentials)];
  const stackServices = new Set(ctx.stack.services.map((s) => s.name));
  const grafanaSpec = ctx.stack.services.find((s) => s.name === 'grafana');
  const grafanaCreds = grafanaSpec && grafanaCredentials(grafanaSpec);
  const t = opts.timeoutMs;
  const json = async (url: string, access: HttpAccess | undefined) => {
    const answer = await getJson(url, t, access);
    if (answer.json === undefined) throw new Error(`HTTP ${answer.status} from ${new URL(url).pathname}: the API asks for credentials`);
    return answer.json;
  };
  const tasks: [keyof StackChecks, Promise<Checked<object>>][] = [];
  if (prom) {
    tasks.push(['targets', checked(async () => parseTargets(await json(`${prom}/api/v1/targets?state=active`, promAccess), { stackServices, startedAt: await opts.startedAt }))]);
    tasks.push(['rules', checked(async () => parseRules(await json(`${prom}/api/v1/rules`, promAccess)))]);
    tasks.push(['tsdb', checked(async () => {
      const [metrics, flags] = await Promise.all([getText(`${prom}/metrics`, t, promAccess), json(`${prom}/api/v1/status/flags`, promAccess)]);
      return parseTsdb(metrics, flags, opts.now());
    })]);
  }
  if (am) {
    tasks.push(['alerts', checked(async () => parseAlerts(await json(`${am}/api/v2/alerts?active=true&silenced=false&inhibited=false`, amAccess)))]);
    tasks.push(['alertmanagerCluster', checked(async () => parseClusterStatus(await json(`${am}/api/v2/status`, amAccess)))]);
  }
  if (grafana && grafanaCreds) {
    const ls = opts.loginState;
    const grafanaId = containers.find((x) => x.labels[ComposeLabel.service] === 'grafana' && x.state === 'running')?.id;
    const backoff = ls && loginBackoff(ls.stateDir, grafanaCreds.passwordFile, grafanaId, ls.terminal, opts.now());
    tasks.push(['grafanaLogin', checked(() => checkGrafanaLogin(grafana, grafanaCreds, t, backoff))]);
  }
  const results = await Promise.all(tasks.map(async ([k, p]) => [k, await p] as const));
  return Object.fromEntries(results) as StackChecks;
}
