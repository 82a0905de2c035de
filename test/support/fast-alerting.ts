import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';

/** The scrape and evaluation interval of a test stack made fast by `makeAlertingFast`. */
export const fastInterval = '2s';
/** The `for:` of every alert rule in such a stack. */
export const fastFor = '4s';

function rewriteYaml(file: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, doc.toString());
}

/**
 * TEST-ONLY: rewrites a test stack's PRIVATE copy of the configuration (never the shipped files) so
 * alerts fire in seconds: scrape and evaluation every 2 s, every `for:` 4 s, AlertManager's group
 * timers in seconds, and every receiver of the routing tree replaced by a webhook to
 * `${webhookUrl}/<receiver name>`, so a test sees which receiver the tree picked.
 */
export function makeAlertingFast(stackDir: string, webhookUrl: string): void {
  const prometheusDir = join(stackDir, 'monitoring', 'prometheus');
  rewriteYaml(join(prometheusDir, 'prometheus.yml'), (doc) => {
    doc.setIn(['global', 'scrape_interval'], fastInterval);
    doc.setIn(['global', 'scrape_timeout'], fastInterval);
    doc.setIn(['global', 'evaluation_interval'], fastInterval);
  });
  const rulesDir = join(prometheusDir, 'rules');
  for (const name of readdirSync(rulesDir).filter((n) => n.endsWith('.yml'))) {
    rewriteYaml(join(rulesDir, name), (doc) => {
      const groups = doc.get('groups');
      if (!isSeq(groups)) return;
      for (const group of groups.items) {
        const rules = isMap(group) ? group.get('rules') : undefined;
        if (!isSeq(rules)) continue;
        for (const rule of rules.items) if (isMap(rule) && rule.has('for')) rule.set('for', fastFor);
      }
    });
  }
  rewriteYaml(join(stackDir, 'monitoring', 'alertmanager', 'alertmanager.yml'), (doc) => {
    const shorten = (route: YAMLMap) => {
      for (const [key, value] of [['group_wait', '1s'], ['group_interval', '2s'], ['repeat_interval', '1m']] as const) {
        if (route.has(key) || route === doc.get('route')) route.set(key, value);
      }
      const routes = route.get('routes');
      if (isSeq(routes)) for (const r of routes.items) if (isMap(r)) shorten(r as YAMLMap);
    };
    shorten(doc.get('route') as YAMLMap);
    const receivers = doc.get('receivers');
    if (!isSeq(receivers)) throw new Error('alertmanager.yml has no receivers list');
    receivers.items = receivers.items.map((r) => {
      const name = String((r as YAMLMap).get('name'));
      return doc.createNode({ name, webhook_configs: [{ url: `${webhookUrl}/${name}`, send_resolved: false }] });
    });
  });
}
