/** Paths and loaders of the monitoring configuration under monitoring/, shared by the config tests. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** monitoring/prometheus: the directory mounted at /etc/prometheus. */
export const prometheusDir = path.join(repoRoot, 'monitoring', 'prometheus');
/** monitoring/alertmanager: the directory mounted at /etc/alertmanager. */
export const alertmanagerDir = path.join(repoRoot, 'monitoring', 'alertmanager');
/** The backend's metric contract, kept in shared/ beside the repository. */
export const contractPath = path.resolve(repoRoot, '..', 'shared', 'contract', 'ish-chat-metrics.json');

/** Parses a YAML file into plain data. */
export function readYaml<T = unknown>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}

/** Absolute paths of the files in `dir` whose names end with `suffix`, sorted. */
export function filesIn(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

/** One rule of a Prometheus rule file. */
export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** One group of a Prometheus rule file. */
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** A rule with the file and group it comes from. */
export interface LocatedRule extends Rule {
  file: string;
  group: string;
}

/** The rule files Prometheus loads (rule_files: rules/*.yml). */
export function ruleFiles(): string[] {
  return filesIn(path.join(prometheusDir, 'rules'), '.yml');
}

/** Every rule of every rule file, in file order. */
export function loadRules(): LocatedRule[] {
  const rules: LocatedRule[] = [];
  for (const file of ruleFiles()) {
    const doc = readYaml<{ groups: RuleGroup[] }>(file);
    for (const group of doc.groups) {
      for (const rule of group.rules) rules.push({ ...rule, file: path.basename(file), group: group.name });
    }
  }
  return rules;
}

/** The promtool unit test files. */
export function ruleTestFiles(): string[] {
  return filesIn(path.join(prometheusDir, 'tests'), '_test.yml');
}

/**
 * promtool's output without its warnings about the files deploy generates under
 * /etc/ish-monitor/web (compose/secrets/web): they exist in the container, not in the checkout.
 */
export function withoutGeneratedFileWarnings(output: string): string {
  return output.replace(/^\s*WARNING: file "\/etc\/ish-monitor\/web\/[\w.-]+" for file_sd in (?:scrape job "[\w-]+"|alertmanager config) does not exist\n?/gm, '');
}
