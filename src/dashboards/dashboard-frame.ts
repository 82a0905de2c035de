/** What every ISH Chat dashboard shares: time range, refresh, data source and label variables, links to the others. */
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  type Dashboard,
  type Panel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { commonTag, type DashboardEntry } from './dashboard-catalog.js';
import { datasourceVariable, labelVariable, type LabelVariable } from './template-variables.js';

/** One dashboard, described. */
export interface DashboardSpec {
  entry: DashboardEntry;
  description: string;
  tags: string[];
  /** Label filters, in the order shown; the data source picker always comes first. */
  variables: LabelVariable[];
  /** Dashboards linked from this one's links bar. */
  related: DashboardEntry[];
  rows: Array<{ title: string; panels: Array<Builder<Panel>> }>;
  /** Default time range start, e.g. now-6h. */
  from?: string;
}

/** Builds the dashboard JSON model of `spec`, with panel ids numbered in reading order. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.entry.title)
    .uid(spec.entry.uid)
    .description(spec.description)
    .tags([commonTag, ...spec.tags])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('browser')
    .refresh('30s')
    .time({ from: spec.from ?? 'now-6h', to: 'now' })
    .withVariable(datasourceVariable());
  for (const variable of spec.variables) builder.withVariable(labelVariable(variable));
  for (const related of spec.related) {
    builder.link(
      new DashboardLinkBuilder(related.title)
        .type(DashboardLinkType.Link)
        .url(`/d/${related.uid}`)
        .tooltip(`Open ${related.title}`)
        .icon('dashboard')
        .includeVars(true)
        .keepTime(true),
    );
  }
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    for (const panel of row.panels) builder.withPanel(panel);
  }
  const dashboard = builder.build();
  (dashboard.panels ?? []).forEach((panel, index) => {
    panel.id = index + 1;
  });
  return dashboard;
}
