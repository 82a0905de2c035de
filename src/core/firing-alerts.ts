import { isObject, labelsAt } from './api-answer.js';

/** Alerts AlertManager holds as active, neither silenced nor inhibited. */
export interface AlertsFacts {
  firing: number;
  /** Count per `severity` label (`none` when an alert has no severity). */
  bySeverity: Record<string, number>;
  /** Names of the critical ones, sorted, each once. */
  critical: string[];
}

/** Counts the alerts of `/api/v2/alerts?active=true&silenced=false&inhibited=false` by severity. */
export function parseAlerts(answer: unknown): AlertsFacts {
  if (!Array.isArray(answer)) throw new Error('/api/v2/alerts answered an unexpected document');
  const facts: AlertsFacts = { firing: 0, bySeverity: { critical: 0, warning: 0, info: 0 }, critical: [] };
  const critical = new Set<string>();
  for (const a of answer.filter(isObject)) {
    const labels = labelsAt(a, 'labels');
    const severity = labels.severity || 'none';
    facts.firing++;
    facts.bySeverity[severity] = (facts.bySeverity[severity] ?? 0) + 1;
    if (severity === 'critical') critical.add(labels.alertname ?? '?');
  }
  facts.critical = [...critical].sort();
  return facts;
}
