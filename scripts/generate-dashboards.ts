/**
 * `npm run dashboards`: writes the Grafana dashboards built in src/dashboards/ to monitoring/grafana/dashboards/
 * (each through a .partial file, fsynced, then renamed). Commit the result; test/config checks it is up to date.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { dashboardsDir, renderDashboards } from '../src/dashboards/render-dashboards.js';

for (const { file, text } of renderDashboards()) {
  const target = path.join(dashboardsDir, file);
  const partial = `${target}.partial`;
  const fd = openSync(partial, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, target);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
