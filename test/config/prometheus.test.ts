/**
 * prometheus.yml, its rule files and its target files, checked with the real promtool and against the
 * stack's shape: the jobs issue 3 asks for, file-based targets, no two jobs on one host:port, no target on a
 * port of the stack's own components.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, prometheusDir, readYaml, ruleFiles, ruleTestFiles, withoutGeneratedFileWarnings } from './config-files.js';
import { runTool } from './run-tool.js';

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  params?: Record<string, string[]>;
  honor_labels?: boolean;
  static_configs?: Array<{ targets: string[]; labels?: Record<string, string> }>;
  file_sd_configs?: Array<{ files: string[] }>;
  dns_sd_configs?: Array<{ names: string[]; type?: string; port?: number }>;
  relabel_configs?: Array<Record<string, unknown>>;
}
interface PrometheusConfig {
  global: { scrape_interval: string; evaluation_interval: string; external_labels: Record<string, string> };
  rule_files: string[];
  alerting: { alertmanagers: Array<{ file_sd_configs: unknown[]; basic_auth?: { username: string } }>; alert_relabel_configs?: unknown[] };
  scrape_configs: ScrapeConfig[];
}
interface TargetGroup {
  targets: string[];
  labels?: Record<string, string>;
}

const configFile = path.join(prometheusDir, 'prometheus.yml');
const config = readYaml<PrometheusConfig>(configFile);
const jobs = new Map(config.scrape_configs.map((job) => [job.job_name, job]));
const targetFiles = filesIn(path.join(prometheusDir, 'targets'), '.yml').concat(filesIn(path.join(prometheusDir, 'targets'), '.json'));

/** The target files a file_sd pattern (relative to prometheus.yml, one `*` in the last segment) matches. */
function filesMatching(pattern: string): string[] {
  const dir = path.join(prometheusDir, path.dirname(pattern));
  const escaped = path.basename(pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '.*');
  const re = new RegExp(`^${escaped}$`);
  return targetFiles.filter((file) => path.dirname(file) === dir && re.test(path.basename(file)));
}

/** Every target group a job gets from its static and file-based configuration. */
function targetGroupsOf(job: ScrapeConfig): TargetGroup[] {
  const groups: TargetGroup[] = [...(job.static_configs ?? [])];
  for (const sd of job.file_sd_configs ?? []) {
    for (const pattern of sd.files) {
      for (const file of filesMatching(pattern)) groups.push(...(readYaml<TargetGroup[] | null>(file) ?? []));
    }
  }
  return groups;
}

/** host:port of a target address or probed URL. */
function hostPort(target: string): string {
  if (/^[a-z]+:\/\//.test(target)) {
    const url = new URL(target);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  }
  return target;
}

/** Ports of the stack's own components (compose services): nothing else may listen there. */
const stackPorts = new Map<number, string>([
  [9090, 'prometheus'],
  [9091, 'pushgateway'],
  [9093, 'alertmanager'],
  [9100, 'node-exporter'],
  [9115, 'blackbox-exporter'],
  [3000, 'grafana'],
  [9113, 'nginx-exporter'],
  [9121, 'redis-exporter'],
  [9187, 'postgres-exporter'],
  [8080, 'cadvisor'],
]);

describe('promtool', () => {
  it('check config: prometheus.yml, its rule files and target files are valid, without warnings', async () => {
    const result = await runTool('promtool', ['check', 'config', 'prometheus.yml'], prometheusDir);
    expect(withoutGeneratedFileWarnings(result.stderr + result.stdout)).not.toMatch(/WARNING|FAILED/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${ruleFiles().length} rule files found`);
  });

  it('check rules: every rule file is valid', async () => {
    const files = ruleFiles().map((file) => path.relative(prometheusDir, file));
    const result = await runTool('promtool', ['check', 'rules', ...files], prometheusDir);
    expect(result.stderr + result.stdout).not.toContain('FAILED');
    expect(result.code).toBe(0);
  });

  it('finds the unit test files', () => {
    expect(ruleTestFiles().length).toBeGreaterThan(5);
  });

  for (const file of ruleTestFiles()) {
    it.concurrent(`test rules: ${path.basename(file)}`, { timeout: 120_000 }, async () => {
      const result = await runTool('promtool', ['test', 'rules', path.relative(prometheusDir, file)], prometheusDir);
      expect(result.stdout + result.stderr, 'promtool test rules failed').toContain('SUCCESS');
      expect(result.stdout + result.stderr).not.toContain('FAILED');
      expect(result.code).toBe(0);
    });
  }
});

describe('prometheus.yml', () => {
  it('scrapes and evaluates every 15 s, with external labels cluster, environment and replica', () => {
    expect(config.global.scrape_interval).toBe('15s');
    expect(config.global.evaluation_interval).toBe('15s');
    expect(Object.keys(config.global.external_labels).sort()).toEqual(['cluster', 'environment', 'replica']);
  });

  it('loads rules/*.yml and sends alerts to alertmanager:9093 without the replica label', () => {
    expect(config.rule_files).toEqual(['rules/*.yml']);
    // The target and its scheme come from a file deploy generates (README, "Security"), with the credentials of user prometheus.
    expect(config.alerting.alertmanagers.map((am) => [am.file_sd_configs, am.basic_auth?.username])).toEqual([[[{ files: ['/etc/ish-monitor/web/sd-alertmanager.yml'] }], 'prometheus']]);
    expect(config.alerting.alert_relabel_configs).toEqual([{ action: 'labeldrop', regex: 'replica' }]);
  });

  it('has the jobs of the stack, the ISH Chat services, the probes and the optional exporters, each once', () => {
    expect(config.scrape_configs.length).toBe(jobs.size);
    expect([...jobs.keys()].sort()).toEqual(
      [
        'prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter',
        'ish-chat-instance-manager', 'ish-chat-intelligent-router', 'ish-chat-load-balancer',
        'blackbox-http', 'blackbox-tcp',
        'pushgateway', 'postgres-exporter', 'redis-exporter', 'nginx-exporter', 'cadvisor',
      ].sort(),
    );
  });

  it('takes the ISH Chat services and the probes from target files that exist', () => {
    for (const name of ['ish-chat-instance-manager', 'ish-chat-intelligent-router', 'ish-chat-load-balancer', 'blackbox-http', 'blackbox-tcp']) {
      const job = jobs.get(name);
      expect(job?.static_configs, name).toBeUndefined();
      expect(targetGroupsOf(job!).flatMap((group) => group.targets).length, name).toBeGreaterThan(0);
    }
  });

  it('finds optional exporters by their compose service name, so they are absent (not down) without their profile', () => {
    for (const name of ['pushgateway', 'postgres-exporter', 'redis-exporter', 'nginx-exporter', 'cadvisor']) {
      const job = jobs.get(name)!;
      expect(job.dns_sd_configs?.[0]?.names, name).toEqual([name]);
      expect(stackPorts.get(job.dns_sd_configs?.[0]?.port ?? 0), name).toBe(name);
      expect(targetGroupsOf(job), `${name} ships no default target`).toEqual([]);
    }
    expect(jobs.get('pushgateway')?.honor_labels).toBe(true);
  });

  it('matches every target file to exactly one job', () => {
    const owners = new Map<string, string[]>();
    for (const job of config.scrape_configs) {
      for (const pattern of (job.file_sd_configs ?? []).flatMap((sd) => sd.files)) {
        for (const file of filesMatching(pattern)) owners.set(file, [...(owners.get(file) ?? []), job.job_name]);
      }
    }
    const wrong = targetFiles.filter((file) => owners.get(file)?.length !== 1).map((file) => `${path.basename(file)}: ${owners.get(file) ?? []}`);
    expect(wrong).toEqual([]);
  });

  it('probes through the blackbox exporter with modules that blackbox.yml defines', () => {
    const blackbox = readYaml<{ modules: Record<string, unknown> }>(path.join(prometheusDir, '..', 'blackbox', 'blackbox.yml'));
    for (const name of ['blackbox-http', 'blackbox-tcp']) {
      const job = jobs.get(name)!;
      expect(job.metrics_path).toBe('/probe');
      const module = job.params?.module?.[0] ?? '';
      expect(Object.keys(blackbox.modules)).toContain(module);
      expect(job.relabel_configs).toContainEqual({ target_label: '__address__', replacement: 'blackbox-exporter:9115' });
    }
    expect(jobs.get('blackbox-http')?.params?.module).toEqual(['http_2xx']);
    expect(jobs.get('blackbox-tcp')?.params?.module).toEqual(['tcp_connect']);
  });

  it('gives every probe the service and team its alerts are routed by', () => {
    for (const name of ['blackbox-http', 'blackbox-tcp']) {
      for (const group of targetGroupsOf(jobs.get(name)!)) {
        expect(group.labels?.service, `${name} ${group.targets}`).toBeTruthy();
        expect(['platform', 'backend', 'product', 'finance']).toContain(group.labels?.team);
      }
    }
  });

  it('scrapes no host:port in two jobs and puts no target on a port of the stack', () => {
    const scrapedBy = new Map<string, string>();
    const problems: string[] = [];
    for (const job of config.scrape_configs) {
      const isProbe = job.metrics_path === '/probe';
      const addresses = targetGroupsOf(job).flatMap((group) => group.targets.map(hostPort));
      for (const sd of job.dns_sd_configs ?? []) addresses.push(...sd.names.map((name) => `${name}:${sd.port}`));
      for (const address of addresses) {
        const port = Number(address.split(':').pop());
        const owner = stackPorts.get(port);
        const own = owner === job.job_name || (owner === 'prometheus' && address === 'localhost:9090' && job.job_name === 'prometheus');
        if (owner && !own) problems.push(`${job.job_name} ${address}: port ${port} belongs to ${owner}`);
        if (isProbe) continue; // a probe of a service's /health may share its metrics port
        const other = scrapedBy.get(address);
        if (other) problems.push(`${address} is scraped by ${other} and ${job.job_name}`);
        scrapedBy.set(address, job.job_name);
      }
    }
    expect(problems).toEqual([]);
  });
});
