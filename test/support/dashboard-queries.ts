import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One Prometheus query of a dashboard panel, with Grafana's variables replaced for a direct query. */
export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

interface Panel {
  title?: string;
  panels?: Panel[];
  datasource?: { type?: string; uid?: string } | string | null;
  targets?: { expr?: string; refId?: string; datasource?: { type?: string; uid?: string } | string | null }[];
}

/** Grafana's built-in interval variables, as Grafana would fill them on a short time range. */
const intervals: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '5m', __interval_ms: '15000', __range_s: '300', __range_ms: '300000' };

/**
 * Replaces Grafana's template variables: interval variables by durations, every other variable by a
 * match-all regex (`.*`), turning an exact matcher on it (`label="$var"`) into a regex matcher.
 */
export function substituteVariables(expr: string): string {
  const name = String.raw`(?:\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\])`;
  return expr
    .replace(new RegExp(`(\\w+)\\s*(=|!=)\\s*"${name}"`, 'g'), (_m, label: string, op: string, a?: string, b?: string, c?: string) => {
      const v = (a ?? b ?? c) as string;
      return v in intervals ? `${label}${op}"${intervals[v]}"` : `${label}${op === '=' ? '=~' : '!~'}".*"`;
    })
    .replace(new RegExp(name, 'g'), (_m, a?: string, b?: string, c?: string) => {
      const v = (a ?? b ?? c) as string;
      return intervals[v] ?? '.*';
    });
}

function isPrometheus(ds: Panel['datasource']): boolean {
  if (ds === undefined || ds === null) return true;
  if (typeof ds === 'string') return !/loki|alertmanager/i.test(ds);
  return ds.type === undefined || ds.type === 'prometheus' || (ds.type.startsWith('$') && !/loki/i.test(ds.uid ?? ''));
}

function* panelsOf(panels: Panel[] | undefined): Generator<Panel> {
  for (const p of panels ?? []) {
    yield p;
    yield* panelsOf(p.panels);
  }
}

/** The dashboard JSON files under `dir`, sorted (none when the directory has none). */
export function dashboardFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f)) : [];
}

/** Every Prometheus target expression of every panel in the dashboard files. */
export function panelQueries(files: string[]): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const file of files) {
    const dash = JSON.parse(readFileSync(file, 'utf8')) as { title?: string; panels?: Panel[]; dashboard?: { title?: string; panels?: Panel[] } };
    const d = dash.dashboard ?? dash;
    for (const panel of panelsOf(d.panels)) {
      for (const t of panel.targets ?? []) {
        if (!t.expr || !isPrometheus(t.datasource ?? panel.datasource)) continue;
        queries.push({ dashboard: d.title ?? file, panel: panel.title ?? '(untitled)', refId: t.refId ?? '?', expr: substituteVariables(t.expr) });
      }
    }
  }
  return queries;
}

/**
 * The queries that return no data (or an error) from Prometheus over the last five minutes, each
 * as "dashboard / panel [refId]: why: expr".
 */
export async function panelsWithoutData(prometheusUrl: string, queries: PanelQuery[]): Promise<string[]> {
  const end = Date.now() / 1000;
  const empty: string[] = [];
  for (const q of queries) {
    const params = new URLSearchParams({ query: q.expr, start: String(end - 300), end: String(end), step: '15' });
    const body = (await (await fetch(`${prometheusUrl}/api/v1/query_range?${params}`)).json()) as { status: string; error?: string; data?: { result: unknown[] } };
    if (body.status !== 'success') empty.push(`${q.dashboard} / ${q.panel} [${q.refId}]: query error: ${body.error}: ${q.expr}`);
    else if ((body.data?.result.length ?? 0) === 0) empty.push(`${q.dashboard} / ${q.panel} [${q.refId}]: no data: ${q.expr}`);
  }
  return empty;
}
