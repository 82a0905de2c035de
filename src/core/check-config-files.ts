import { join } from 'node:path';
import type { ServiceSpec } from '../compose/types.js';
import { parseYamlSource, type YamlPath, type YamlSource } from '../compose/yaml-source.js';
import { ConfigError } from '../errors.js';
import type { CheckResult } from './check-result.js';
import type { ConfigTree } from './config-tree.js';
import type { Finding } from './parse-tool-output.js';

type Tree = ConfigTree;

/** A finding from a ConfigError whose message starts with `file:line[:col]: `. */
function findingOf(file: string, err: unknown): Finding {
  const message = (err as Error).message;
  const m = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)(?::(\\d+))?: (.*)$`).exec(message);
  return m ? { file, line: Number(m[1]), ...(m[2] ? { column: Number(m[2]) } : {}), message: m[3]! } : { file, message };
}

function result(name: string, what: string, findings: Finding[], fix: string): CheckResult {
  if (findings.length === 0) return { name, level: 'pass', detail: what, via: 'ish-monitor' };
  return { name, level: 'fail', detail: `${findings.length} problem(s) in ${what}`, fix, findings, via: 'ish-monitor' };
}

/** Every YAML file of the trees parses: syntax errors with their exact line (the Go tools' YAML lines are often off). */
export function checkYamlSyntax(trees: Tree[]): CheckResult {
  const findings: Finding[] = [];
  for (const { dir, files } of trees) {
    for (const [rel, content] of files) {
      if (!/\.ya?ml$/.test(rel)) continue;
      const file = join(dir, rel);
      try {
        parseYamlSource(content.toString('utf8'), file);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        findings.push(findingOf(file, err));
      }
    }
  }
  return result('yaml syntax', 'the YAML files of the mounted configuration', findings, 'fix the YAML syntax at the line named (indentation, quotes, brackets)');
}

/** The line of the first character JSON.parse rejects: the shortest prefix that fails for another reason than its end. */
function jsonErrorLine(text: string): number {
  const failsInside = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (err) {
      const msg = (err as Error).message;
      const pos = /at position (\d+)/.exec(msg);
      return !/end of JSON input/.test(msg) && !(pos && Number(pos[1]) >= n);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return text.slice(0, lo).split('\n').length;
}

/** Every dashboard under the dashboards directory is a JSON object with a title. */
export function checkDashboards(tree: Tree): CheckResult {
  const findings: Finding[] = [];
  for (const [rel, content] of tree.files) {
    if (!rel.endsWith('.json')) continue;
    const file = join(tree.dir, rel);
    const text = content.toString('utf8');
    try {
      const doc = JSON.parse(text) as { title?: unknown };
      if (typeof doc !== 'object' || doc === null || typeof doc.title !== 'string') findings.push({ file, line: 1, message: 'a dashboard is a JSON object with a "title"' });
    } catch (err) {
      findings.push({ file, line: jsonErrorLine(text), message: `invalid JSON: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return result('grafana dashboards', 'the Grafana dashboards (JSON)', findings, 'fix the dashboard JSON at the line named (export it again from Grafana if unsure)');
}

const isList = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null);

/** Grafana's provisioning files: apiVersion 1, named and typed datasources (one default), dashboard providers reading a mounted path. */
export function checkProvisioning(tree: Tree, grafana: ServiceSpec): CheckResult {
  const findings: Finding[] = [];
  const defaults: string[] = [];
  for (const [rel, content] of tree.files) {
    if (!/^(datasources|dashboards)\/[^/]+\.ya?ml$/.test(rel)) continue;
    const file = join(tree.dir, rel);
    let src: YamlSource;
    try {
      src = parseYamlSource(content.toString('utf8'), file);
    } catch {
      continue; // the yaml syntax check reports it
    }
    const at = (path: YamlPath, message: string) => findings.push({ file, line: src.lineOf(path), message });
    const doc = (src.value ?? {}) as Record<string, unknown>;
    if (doc.apiVersion !== 1) at(['apiVersion'], 'apiVersion must be 1');
    const key = rel.startsWith('datasources/') ? 'datasources' : 'providers';
    const list = doc[key] ?? [];
    if (!isList(list)) {
      at([key], `"${key}" must be a list of mappings`);
      continue;
    }
    list.forEach((item, i) => {
      if (typeof item.name !== 'string' || item.name === '') at([key, i], `${key}[${i}] has no name`);
      if (key === 'datasources') {
        if (typeof item.type !== 'string') at([key, i], `datasource ${String(item.name)} has no type`);
        if (item.isDefault === true) defaults.push(`${file}:${src.lineOf([key, i, 'isDefault'])}`);
        return;
      }
      const path = (item.options as { path?: unknown } | undefined)?.path;
      const mounted = typeof path === 'string' && grafana.volumes.some((m) => path === m.target || path.startsWith(`${m.target}/`));
      if (!mounted) at([key, i, 'options'], `provider ${String(item.name)} reads options.path ${String(path)}, which the grafana service does not mount`);
    });
  }
  if (defaults.length > 1) findings.push({ message: `more than one datasource is marked isDefault (${defaults.join(', ')}): Grafana refuses to start` });
  return result('grafana provisioning', 'the Grafana provisioning files', findings, 'fix the provisioning file at the line named (see Grafana\'s provisioning documentation)');
}
