/** The generated dashboard files: JSON text per file name, as committed under monitoring/grafana/dashboards/. */
import { fileURLToPath } from 'node:url';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { aiProviderPerformance } from './ai-provider-performance.js';
import { businessKpis } from './business-kpis.js';
import { dashboardCatalog } from './dashboard-catalog.js';
import { instanceHealth } from './instance-health.js';
import { sloMonitoring } from './slo-monitoring.js';
import { systemOverview } from './system-overview.js';

/** Where the generated JSON goes: the directory Grafana's dashboard provider reads. */
export const dashboardsDir = fileURLToPath(new URL('../../monitoring/grafana/dashboards', import.meta.url));

/** One generated file. */
export interface RenderedDashboard {
  file: string;
  dashboard: Dashboard;
  /** The file's exact content: 2-space JSON (the Grafana stand-in reads top-level keys by this indentation). */
  text: string;
}

/** Builds all five dashboards. */
export function renderDashboards(): RenderedDashboard[] {
  const built: Array<[string, Dashboard]> = [
    [dashboardCatalog.systemOverview.file, systemOverview()],
    [dashboardCatalog.aiProviders.file, aiProviderPerformance()],
    [dashboardCatalog.instanceHealth.file, instanceHealth()],
    [dashboardCatalog.businessKpis.file, businessKpis()],
    [dashboardCatalog.sloMonitoring.file, sloMonitoring()],
  ];
  return built.map(([file, dashboard]) => ({ file, dashboard, text: `${JSON.stringify(dashboard, null, 2)}\n` }));
}
