import { posix } from 'node:path';
import type { ServiceSpec } from '../compose/types.js';
import { readConfigTree } from './config-tree.js';
import type { Finding } from './parse-tool-output.js';

/** A configuration check that a monitoring tool runs on a copy of one service's configuration directory. */
export interface ToolCheck {
  /** e.g. `promtool check rules`. */
  name: string;
  service: string;
  /** The service's image: the tool in it is the version the service runs. */
  image: string;
  user?: string;
  /** The program's path in the image. */
  program: string;
  /** Names of the same program on a host's PATH. */
  hostPrograms: string[];
  /** Arguments, with paths relative to `workDir`. */
  args: string[];
  /** The host directory the files come from: findings are resolved against it. */
  sourceDir: string;
  /** Where the service sees the files; the tool runs there. */
  workDir: string;
  /** The files relative to `workDir`, as the service reads them (rendered where the service renders). */
  files: Map<string, Buffer>;
  /** Problems found before any tool runs (e.g. a placeholder with no value). */
  found: Finding[];
}

/** The bind mount of `service` at `target`, if any. */
function bindAt(service: ServiceSpec, target: string): string | undefined {
  return service.volumes.find((m) => m.type === 'bind' && m.target === target)?.source;
}

/** The value of `--flag=VALUE` in the service's command. */
function flagValue(service: ServiceSpec, flag: string): string | undefined {
  return service.command?.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/**
 * alertmanager.yml as the service's run.sh renders it: every `${ALERTMANAGER_*}` placeholder filled
 * from the service's environment (values have no newlines, so lines stay where they are); one left
 * unset is a finding at its line, as run.sh refuses to start then.
 */
export function renderAlertmanagerConfig(text: string, env: Record<string, string>, file: string): { text: string; found: Finding[] } {
  const found: Finding[] = [];
  const rendered = text.split('\n').map((line, i) =>
    line.replace(/\$\{(ALERTMANAGER_[A-Z0-9_]+)\}/g, (whole, name: string) => {
      const value = env[name];
      if (value !== undefined) return value;
      found.push({ file, line: i + 1, message: `placeholder \${${name}} has no value in the alertmanager service's environment` });
      return whole;
    }),
  );
  return { text: rendered.join('\n'), found };
}

const base = (s: ServiceSpec, sourceDir: string, files: Map<string, Buffer>) => ({ service: s.name, image: s.image, ...(s.user ? { user: s.user } : {}), sourceDir, files, found: [] as Finding[] });

/** Prometheus: `promtool check config` on its configuration (rule and target files included) and `check rules` on every rule file. */
async function prometheusChecks(s: ServiceSpec): Promise<ToolCheck[]> {
  const dir = bindAt(s, '/etc/prometheus');
  if (!dir) return [];
  const files = await readConfigTree(dir);
  if (files.size === 0) return [];
  const config = posix.relative('/etc/prometheus', flagValue(s, '--config.file') ?? '/etc/prometheus/prometheus.yml');
  const rules = [...files.keys()].filter((f) => /^rules\/[^/]+\.ya?ml$/.test(f));
  const common = { ...base(s, dir, files), program: '/bin/promtool', hostPrograms: ['promtool'], workDir: '/etc/prometheus' };
  return [
    { ...common, name: 'promtool check config', args: ['check', 'config', config] },
    ...(rules.length > 0 ? [{ ...common, name: 'promtool check rules', args: ['check', 'rules', ...rules] }] : []),
  ];
}

/** AlertManager: `amtool check-config` on the configuration its entrypoint (run.sh) renders from the environment. */
async function alertmanagerChecks(s: ServiceSpec): Promise<ToolCheck[]> {
  const dir = bindAt(s, '/etc/alertmanager');
  if (!dir) return [];
  const files = await readConfigTree(dir);
  const source = files.get('alertmanager.yml');
  if (!source) return [];
  const rendered = renderAlertmanagerConfig(source.toString('utf8'), s.environment, 'alertmanager.yml');
  files.set('alertmanager.yml', Buffer.from(rendered.text));
  const rendersItself = (s.entrypoint ?? []).some((a) => a.endsWith('/run.sh'));
  return [{ ...base(s, dir, files), found: rendered.found, name: 'amtool check-config', program: '/bin/amtool', hostPrograms: ['amtool'], workDir: rendersItself ? '/tmp/alertmanager' : '/etc/alertmanager', args: ['check-config', 'alertmanager.yml'] }];
}

/** blackbox-exporter: `blackbox_exporter --config.check` on the file its command names. */
async function blackboxChecks(s: ServiceSpec): Promise<ToolCheck[]> {
  const config = flagValue(s, '--config.file');
  const mount = config ? s.volumes.find((m) => m.type === 'bind' && config.startsWith(`${m.target}/`)) : undefined;
  if (!config || !mount) return [];
  const files = await readConfigTree(mount.source);
  if (files.size === 0) return [];
  const args = ['--config.check', `--config.file=${posix.relative(mount.target, config)}`];
  return [{ ...base(s, mount.source, files), name: 'blackbox_exporter --config.check', program: '/bin/blackbox_exporter', hostPrograms: ['blackbox_exporter', 'prometheus-blackbox-exporter'], workDir: mount.target, args }];
}

const byService: Record<string, (s: ServiceSpec) => Promise<ToolCheck[]>> = {
  prometheus: prometheusChecks,
  alertmanager: alertmanagerChecks,
  'blackbox-exporter': blackboxChecks,
};

/** The tool checks of the selected services (by service name: the stack's own prometheus, alertmanager, blackbox-exporter). */
export async function toolChecks(services: ServiceSpec[]): Promise<ToolCheck[]> {
  const lists = await Promise.all(services.map((s) => byService[s.name]?.(s) ?? []));
  return lists.flat();
}
