/**
 * `npm run dashboards`: writes the Grafana dashboards built in src/dashboards/ to monitoring/grafana/dashboards/
 * (each through a .partial file, fsynced, then renamed). Commit the result; test/config checks it is up to date.
 * Every dashboard is built before any file is written, so a failure changes nothing.
 */
import path from 'node:path';
import { dashboardsDir, renderDashboards } from '../src/dashboards/render-dashboards.js';
import { writeFileAtomic } from '../src/output/write-atomic.js';

try {
  for (const { file, text } of renderDashboards()) {
    const target = path.join(dashboardsDir, file);
    await writeFileAtomic(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
} catch (err) {
  // E.g. a panel cites an alert the rules no longer have: one line naming it, the files left as they were.
  console.error(`npm run dashboards: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
