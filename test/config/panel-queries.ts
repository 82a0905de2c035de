/** The PromQL of dashboard panels and variables, and the real Prometheus parser's verdict on it (promtool). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { runTool } from './run-tool.js';

/** A dashboard, as far as these checks read it. */
export interface DashboardDoc {
  uid: string;
  title: string;
  panels: Array<{ id: number; type: string; title?: string; targets?: Array<{ refId?: string; expr: string }> }>;
  templating: { list?: Array<{ name: string; type: string; query?: unknown }> };
}

/** One query of one panel. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

/** Every panel query of `dashboard`, named "dashboard title / panel title". */
export function panelQueries(dashboard: DashboardDoc): PanelQuery[] {
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ dashboard: dashboard.title, panel: panel.title ?? `#${panel.id}`, refId: target.refId ?? '?', expr: target.expr })),
  );
}

/**
 * `expr` as Grafana sends it with every filter on All: $__rate_interval and the other $__ ranges become 5m,
 * the label variables (always inside a regex matcher) `.*`.
 */
export function withVariablesExpanded(expr: string): string {
  return expr.replace(/\$__(?:rate_interval|interval|range)\b/g, '5m').replace(/\$\{?[A-Za-z_]\w*\}?/g, '.*');
}

/** Where a query failed to parse: "dashboard / panel (refId): promtool's message"; empty when all parse. */
export async function promqlParseErrors(queries: PanelQuery[]): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ish-panel-queries-'));
  try {
    const rules = queries.map((query, i) => ({ record: `panel_query_${i}`, expr: withVariablesExpanded(query.expr) }));
    writeFileSync(path.join(dir, 'queries.yml'), stringify({ groups: [{ name: 'panel-queries', rules }] }));
    const result = await runTool('promtool', ['check', 'rules', 'queries.yml'], dir);
    const errors = [...`${result.stdout}\n${result.stderr}`.matchAll(/"panel_query_(\d+)": (.*)/g)].map((match) => {
      const query = queries[Number(match[1])];
      return `${query?.dashboard} / ${query?.panel} (${query?.refId}): ${match[2]}`;
    });
    if (result.code !== 0 && errors.length === 0) errors.push(`promtool check rules failed: ${result.stdout}${result.stderr}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
