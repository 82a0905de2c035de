/**
 * The rules against the backend's metric contract and the project's conventions: every metric a rule
 * reads exists, every alert is labelled, annotated and unit-tested (firing and silent).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, readYaml, ruleFiles, ruleTestFiles, type LocatedRule } from './config-files.js';
import { contractSeriesLabels, unknownContractLabels } from './contract-metrics.js';
import { allowedExporterMetrics } from './exporter-metrics.js';
import { isRecordingRuleName, metricNamesIn } from './promql-names.js';

/** Every runbook link is this base plus the alert name. */
const runbookBase = 'https://runbooks.ish-chat.internal/alerts/';

const rules = loadRules();
const alerts = rules.filter((rule): rule is LocatedRule & { alert: string } => rule.alert !== undefined);
const records = rules.filter((rule): rule is LocatedRule & { record: string } => rule.record !== undefined);
const recorded = new Set(records.map((rule) => rule.record));

describe('metric names in rule expressions', () => {
  it('finds rules to check', () => {
    expect(ruleFiles().length).toBeGreaterThan(5);
    expect(alerts.length).toBeGreaterThan(40);
    expect(records.length).toBeGreaterThan(20);
  });

  it('names only contract metrics, stack exporter metrics and recorded series', () => {
    const contract = contractSeriesLabels();
    const unknown: string[] = [];
    for (const rule of rules) {
      const exporters = allowedExporterMetrics(rule.file);
      for (const name of metricNamesIn(rule.expr)) {
        if (name.includes(':')) {
          if (!recorded.has(name)) unknown.push(`${rule.file} ${rule.alert ?? rule.record}: ${name} is not recorded by any rule`);
        } else if (!contract.has(name) && !exporters.has(name)) {
          unknown.push(`${rule.file} ${rule.alert ?? rule.record}: ${name} is neither in the contract nor exposed by the stack`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('reads each ISH Chat metric with labels the contract gives it', () => {
    const labelsOf = contractSeriesLabels();
    const wrong = rules.flatMap((rule) => unknownContractLabels(rule.expr, labelsOf).map((problem) => `${rule.alert ?? rule.record}: ${problem}`));
    expect(wrong).toEqual([]);
  });
});

describe('recording rules', () => {
  it('are named level:metric:operations', () => {
    expect(records.map((rule) => rule.record).filter((name) => !isRecordingRuleName(name))).toEqual([]);
  });

  it('each record a name once per label set (no name recorded twice without distinguishing labels)', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const rule of records) {
      const key = `${rule.record}${JSON.stringify(rule.labels ?? {})}`;
      if (seen.has(key)) duplicates.push(key);
      seen.set(key, rule.file);
    }
    expect(duplicates).toEqual([]);
  });
});

describe('alerts', () => {
  it('carry severity critical|warning|info, a team and a service', () => {
    const bad = alerts
      .filter((rule) => !['critical', 'warning', 'info'].includes(rule.labels?.severity ?? '') || !rule.labels?.team || !rule.labels?.service)
      .map((rule) => `${rule.file} ${rule.alert}: ${JSON.stringify(rule.labels)}`);
    expect(bad).toEqual([]);
  });

  it('carry a summary, a description that shows the value, and their runbook link', () => {
    const bad = alerts
      .filter(
        (rule) =>
          !rule.annotations?.summary ||
          !rule.annotations.description?.includes('$value') ||
          rule.annotations.runbook_url !== `${runbookBase}${rule.alert}`,
      )
      .map((rule) => `${rule.file} ${rule.alert}`);
    expect(bad).toEqual([]);
  });

  it('live in groups whose names are unique across files (promtool group_eval_order refers to them)', () => {
    const groups = new Map<string, string>();
    const clashes: string[] = [];
    for (const rule of rules) {
      const owner = groups.get(rule.group);
      if (owner && owner !== rule.file) clashes.push(`${rule.group}: ${owner} and ${rule.file}`);
      groups.set(rule.group, rule.file);
    }
    expect([...new Set(clashes)]).toEqual([]);
  });
});

interface ExpectedAlert {
  exp_labels?: Record<string, string>;
  exp_annotations?: Record<string, string>;
}
interface AlertTest {
  alertname: string;
  eval_time: string;
  exp_alerts?: ExpectedAlert[] | null;
}
interface RuleTestFile {
  rule_files: string[];
  tests: Array<{ name?: string; alert_rule_test?: AlertTest[] }>;
}

describe('promtool unit tests', () => {
  const firing = new Map<string, ExpectedAlert[]>();
  const silent = new Set<string>();
  const testedFiles = new Set<string>();
  for (const file of ruleTestFiles()) {
    const doc = readYaml<RuleTestFile>(file);
    for (const ruleFile of doc.rule_files) testedFiles.add(path.basename(ruleFile));
    for (const test of doc.tests) {
      for (const check of test.alert_rule_test ?? []) {
        const expected = check.exp_alerts ?? [];
        if (expected.length === 0) silent.add(check.alertname);
        else firing.set(check.alertname, [...(firing.get(check.alertname) ?? []), ...expected]);
      }
    }
  }
  const alertNames = [...new Set(alerts.map((rule) => rule.alert))].sort();

  it('cover every rule file', () => {
    expect(ruleFiles().map((file) => path.basename(file)).filter((file) => !testedFiles.has(file))).toEqual([]);
  });

  it('make every alert fire, with its summary, description and runbook link', () => {
    const untested = alertNames.filter(
      (name) =>
        !firing
          .get(name)
          ?.some((exp) => exp.exp_annotations?.summary && exp.exp_annotations.description && exp.exp_annotations.runbook_url),
    );
    expect(untested).toEqual([]);
  });

  it('keep every alert silent on healthy series', () => {
    expect(alertNames.filter((name) => !silent.has(name))).toEqual([]);
  });

  it('fire each alert at every severity it is defined with', () => {
    const missing: string[] = [];
    for (const rule of alerts) {
      const severity = rule.labels?.severity;
      if (!firing.get(rule.alert)?.some((exp) => exp.exp_labels?.severity === severity)) missing.push(`${rule.alert} (${severity})`);
    }
    expect(missing).toEqual([]);
  });

  it('name only alerts that exist', () => {
    expect([...new Set([...firing.keys(), ...silent])].filter((name) => !alertNames.includes(name))).toEqual([]);
  });
});
