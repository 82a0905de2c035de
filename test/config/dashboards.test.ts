/**
 * The Grafana dashboards generated from src/dashboards/: up to date, stable uids, units, links, variables,
 * thresholds equal to the alert rules', queries that the real Prometheus parser accepts over metrics that
 * exist, and JSON that conforms to the foundation SDK's dashboard types (what a real Grafana loads).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertThresholds, recordedConstant } from '../../src/dashboards/rule-thresholds.js';
import { dashboardsDir, renderDashboards } from '../../src/dashboards/render-dashboards.js';
import { loadRules, readYaml, repoRoot } from './config-files.js';
import { contractSeriesLabels, unknownContractLabels } from './contract-metrics.js';
import { dashboardSchemaErrors } from './dashboard-schema.js';
import { allowedExporterMetrics } from './exporter-metrics.js';
import { panelQueries, promqlParseErrors, type DashboardDoc } from './panel-queries.js';
import { metricNamesIn } from './promql-names.js';

interface PanelDoc {
  id: number;
  type: string;
  title: string;
  description?: string;
  targets?: Array<{ refId?: string; expr: string }>;
  fieldConfig?: { defaults: { unit?: string; thresholds?: { steps: Array<{ value: number | null; color: string }> } } };
}
interface Dashboard extends DashboardDoc {
  tags: string[];
  refresh: string;
  time: { from: string; to: string };
  links: Array<{ type: string; url: string }>;
  panels: PanelDoc[];
  templating: { list: Array<{ name: string; type: string; query?: string }> };
}

const files = readdirSync(dashboardsDir).filter((name) => name.endsWith('.json')).sort();
const dashboards = files.map((file) => JSON.parse(readFileSync(path.join(dashboardsDir, file), 'utf8')) as Dashboard);
const panels = dashboards.flatMap((dashboard) =>
  dashboard.panels.filter((panel) => panel.type !== 'row').map((panel) => ({ where: `${dashboard.title} / ${panel.title}`, panel })),
);
const queries = dashboards.flatMap(panelQueries);
const rules = loadRules();
const recorded = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));

describe('generated dashboards', () => {
  it('are the five, each up to date with src/dashboards and the rule files (else: npm run dashboards)', () => {
    const rendered = renderDashboards();
    expect(files).toEqual(rendered.map((r) => r.file).sort());
    for (const { file, text } of rendered) {
      expect(readFileSync(path.join(dashboardsDir, file), 'utf8'), `${file} is stale: run npm run dashboards`).toBe(text);
    }
  });

  it('keep their uids (bookmarks and links use them), unique', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual([
      'ish-ai-provider-performance',
      'ish-business-kpis',
      'ish-instance-health',
      'ish-slo-monitoring',
      'ish-system-overview',
    ]);
  });

  it('carry the ish-chat tag and another, a refresh, a relative time range, the data source picker first', () => {
    for (const d of dashboards) {
      expect(d.tags, d.title).toContain('ish-chat');
      expect(d.tags.length, d.title).toBeGreaterThan(1);
      expect(d.refresh, d.title).toMatch(/^\d+[smh]$/);
      expect(d.time, d.title).toMatchObject({ from: expect.stringMatching(/^now-\d+[mhd]$/), to: 'now' });
      expect(d.templating.list[0], d.title).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    }
  });

  it('give every panel a unit, a description and a query', () => {
    const bad = panels.filter(({ panel }) => !panel.fieldConfig?.defaults.unit || !panel.description || !panel.targets?.length);
    expect(bad.map((p) => p.where)).toEqual([]);
    expect(panels.length).toBeGreaterThan(50);
  });

  it('link only to dashboards that exist, each to at least two others', () => {
    const uids = new Set(dashboards.map((d) => d.uid));
    for (const d of dashboards) {
      const targets = d.links.map((link) => link.url.match(/^\/d\/([\w-]+)$/)?.[1]);
      expect(targets.length, d.title).toBeGreaterThanOrEqual(2);
      for (const target of targets) expect(uids.has(target ?? ''), `${d.title} links to ${target}`).toBe(true);
      expect(targets, d.title).not.toContain(d.uid);
    }
  });
});

describe('dashboard queries', () => {
  const contract = contractSeriesLabels();
  const exporters = allowedExporterMetrics('dashboards'); // the core stack's exporters, not the optional profiles'

  /** Problems of one expression: unknown metric names, contract metrics selected by labels they lack. */
  function problemsOf(expr: string): string[] {
    const unknown = metricNamesIn(expr).filter((name) => (name.includes(':') ? !recorded.has(name) : !contract.has(name) && !exporters.has(name)));
    return [...unknown.map((name) => `${name} is neither in the contract, nor recorded, nor exposed by the stack`), ...unknownContractLabels(expr, contract)];
  }

  it('read only contract metrics (with their labels), recorded series and the core exporters metrics', () => {
    const bad = queries.flatMap((q) => problemsOf(q.expr).map((problem) => `${q.dashboard} / ${q.panel}: ${problem}`));
    expect(bad).toEqual([]);
  });

  it('offer variable values of labels the contract metrics have', () => {
    const bad: string[] = [];
    for (const d of dashboards) {
      for (const variable of d.templating.list.filter((v) => v.type === 'query')) {
        const match = /^label_values\((.+),\s*(\w+)\)$/.exec(variable.query ?? '');
        if (!match) {
          bad.push(`${d.title} $${variable.name}: not a label_values query`);
          continue;
        }
        const [, selector = '', label = ''] = match;
        const metric = metricNamesIn(selector)[0] ?? '';
        if (!contract.get(metric)?.has(label)) bad.push(`${d.title} $${variable.name}: ${metric} has no label ${label}`);
        bad.push(...problemsOf(selector).map((problem) => `${d.title} $${variable.name}: ${problem}`));
      }
    }
    expect(bad).toEqual([]);
  });

  it('parse with the real Prometheus parser (promtool), variables expanded as Grafana does', async () => {
    expect(queries.length).toBeGreaterThan(60);
    expect(await promqlParseErrors(queries)).toEqual([]);
  });

  it('a query that does not parse is reported with its dashboard and panel', async () => {
    const broken = { dashboard: 'D', panel: 'P', refId: 'A', expr: 'sum(rate(ish_chat_requests_total[$__rate_interval])' };
    const errors = await promqlParseErrors([queries[0]!, broken]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^D \/ P \(A\): could not parse expression/);
  });
});

describe('dashboard thresholds', () => {
  const cited = /Thresholds from the alert rules: (.*)\.$/;
  const objective = /Threshold from the recording rule ([\w:]+)\{slo="([\w-]+)"\}\.$/;

  it('equal the thresholds of the alerts they cite, on the series those alerts compare', () => {
    const bad: string[] = [];
    let citing = 0;
    for (const { where, panel } of panels) {
      const steps = (panel.fieldConfig?.defaults.thresholds?.steps ?? []).flatMap((step) => (step.value === null ? [] : [step.value]));
      const citation = cited.exec(panel.description ?? '')?.[1];
      const slo = objective.exec(panel.description ?? '');
      if (citation) {
        citing++;
        const refs = [...citation.matchAll(/(\w+) \((critical|warning|info)\)/g)];
        const expected = refs.flatMap(([, alert = '', severity = '']) => alertThresholds(alert, severity));
        if ([...new Set(steps)].sort().join() !== [...new Set(expected)].sort().join()) bad.push(`${where}: steps ${steps} but rules say ${expected}`);
        const panelNames = new Set(panel.targets?.flatMap((t) => metricNamesIn(t.expr)));
        for (const [, alert] of refs) {
          const alertNames = rules.filter((rule) => rule.alert === alert).flatMap((rule) => metricNamesIn(rule.expr));
          if (!alertNames.some((name) => panelNames.has(name))) bad.push(`${where}: shows none of the series ${alert} compares`);
        }
      } else if (slo) {
        citing++;
        if (steps.join() !== String(recordedConstant(slo[1] ?? '', { slo: slo[2] ?? '' }))) bad.push(`${where}: steps ${steps} differ from ${slo[0]}`);
      } else if (steps.length > 0) {
        bad.push(`${where}: thresholds ${steps} cite no rule`);
      }
    }
    expect(bad).toEqual([]);
    expect(citing).toBeGreaterThan(20);
  });
});

describe('dashboard JSON', () => {
  // One compiler run for the committed files and a deliberately broken one: it takes seconds, more on a busy machine.
  const small = { ...dashboards[0]!, panels: dashboards[0]!.panels.slice(0, 3) };
  const broken = JSON.stringify(small, null, 2).replace('"type": "link"', '"type": "linky"');
  let errors: string[] = [];
  beforeAll(() => {
    const docs = files.map((file) => ({ name: file, text: readFileSync(path.join(dashboardsDir, file), 'utf8') }));
    errors = dashboardSchemaErrors([...docs, { name: 'broken.json', text: broken }]);
  }, 180_000);

  it('conforms to the Grafana dashboard types of @grafana/grafana-foundation-sdk', () => {
    expect(errors.filter((error) => !error.startsWith('broken.json:'))).toEqual([]);
  });

  it('a dashboard that breaks the types is reported with its file and line', () => {
    const line = broken.split('\n').findIndex((l) => l.includes('"linky"')) + 1;
    expect(errors.filter((error) => error.startsWith('broken.json:'))).toEqual([expect.stringMatching(new RegExp(`^broken\\.json:${line}: .*"linky"`))]);
  });
});

describe('Grafana provisioning of the dashboards', () => {
  const provisioning = path.join(repoRoot, 'monitoring', 'grafana', 'provisioning');

  it('puts them in the folder "ISH Chat" from the directory the compose file mounts', () => {
    const doc = readYaml<{ providers: Array<Record<string, unknown> & { options: Record<string, unknown> }> }>(path.join(provisioning, 'dashboards', 'dashboards.yml'));
    expect(doc.providers[0]).toMatchObject({ folder: 'ISH Chat', folderUid: 'ish-chat', options: { path: '/var/lib/grafana/dashboards' } });
    expect(doc.providers[0]?.options.foldersFromFilesStructure).toBeUndefined();
    const compose = readFileSync(path.join(repoRoot, 'compose', 'docker-compose.monitoring.yml'), 'utf8');
    expect(compose).toContain('../monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro');
  });

  it('provisions the data sources the dashboards pick from: Prometheus (their default), AlertManager, Loki', () => {
    const datasources = readdirSync(path.join(provisioning, 'datasources'))
      .filter((name) => name.endsWith('.yml'))
      .flatMap((name) => readYaml<{ datasources: Array<{ uid: string; type: string }> }>(path.join(provisioning, 'datasources', name)).datasources);
    const byUid = new Map(datasources.map((ds) => [ds.uid, ds.type]));
    expect(byUid.get('prometheus')).toBe('prometheus');
    expect(byUid.get('alertmanager')).toBe('alertmanager');
    expect(byUid.get('loki')).toBe('loki');
  });
});
