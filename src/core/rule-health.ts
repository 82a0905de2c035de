import { arrayAt, isObject, prometheusData, stringAt } from './api-answer.js';

/** A rule whose last evaluation failed. */
export interface FailingRule {
  group: string;
  file: string;
  rule: string;
  error: string;
}

/** What `/api/v1/rules` says about evaluation health. */
export interface RulesFacts {
  groups: number;
  rules: number;
  failing: FailingRule[];
}

/** Counts rule groups and rules, and lists every rule whose health is `err` with its last error. */
export function parseRules(answer: unknown): RulesFacts {
  const groups = arrayAt(prometheusData(answer, '/api/v1/rules'), 'groups').filter(isObject);
  const facts: RulesFacts = { groups: groups.length, rules: 0, failing: [] };
  for (const g of groups) {
    for (const r of arrayAt(g, 'rules').filter(isObject)) {
      facts.rules++;
      if (stringAt(r, 'health') !== 'err') continue;
      facts.failing.push({ group: stringAt(g, 'name'), file: stringAt(g, 'file'), rule: stringAt(r, 'name'), error: stringAt(r, 'lastError') });
    }
  }
  return facts;
}
