/** The five dashboards' identities: stable uids (Grafana URLs and links use them), titles and files. */

/** One dashboard of the catalog. */
export interface DashboardEntry {
  uid: string;
  title: string;
  /** File name under monitoring/grafana/dashboards/. */
  file: string;
}

/** The catalog, in the order of the links bar. Never change a uid: bookmarks and links use it. */
export const dashboardCatalog = {
  systemOverview: { uid: 'ish-system-overview', title: 'ISH Chat / System Overview', file: 'system-overview.json' },
  aiProviders: { uid: 'ish-ai-provider-performance', title: 'ISH Chat / AI Provider Performance', file: 'ai-provider-performance.json' },
  instanceHealth: { uid: 'ish-instance-health', title: 'ISH Chat / Instance Health', file: 'instance-health.json' },
  businessKpis: { uid: 'ish-business-kpis', title: 'ISH Chat / Business KPIs', file: 'business-kpis.json' },
  sloMonitoring: { uid: 'ish-slo-monitoring', title: 'ISH Chat / SLO Monitoring', file: 'slo-monitoring.json' },
} satisfies Record<string, DashboardEntry>;

/** The tag every ISH Chat dashboard carries. */
export const commonTag = 'ish-chat';
