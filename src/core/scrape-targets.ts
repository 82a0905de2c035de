import { arrayAt, isObject, labelsAt, prometheusData, stringAt } from './api-answer.js';
import { compareText } from './compare-text.js';

/** One down target: where, why, and when Prometheus last tried. */
export interface DownTarget {
  instance: string;
  lastError: string;
  lastScrape: string;
}

/** The active targets of one scrape job. */
export interface TargetJob {
  job: string;
  /** The job scrapes a service of this stack (its name is a service name), not the monitored backend. */
  stack: boolean;
  up: number;
  down: number;
  /** Not scraped yet, or last failed before its container (re)started: not judged. */
  unknown: number;
  downTargets: DownTarget[];
}

/** What `/api/v1/targets?state=active` says, per job. */
export interface TargetsFacts {
  jobs: TargetJob[];
}

/** What the target list is judged with: the stack's services and when each container started. */
export interface TargetContext {
  stackServices: ReadonlySet<string>;
  /** Container start (ms since epoch) by service name. */
  startedAt: ReadonlyMap<string, number>;
}

/**
 * Groups Prometheus' active targets by job. A `down` whose last scrape is older than the start of
 * the stack service the job scrapes is stale (Prometheus has not tried since the restart): unknown.
 */
export function parseTargets(answer: unknown, ctx: TargetContext): TargetsFacts {
  const jobs = new Map<string, TargetJob>();
  for (const t of arrayAt(prometheusData(answer, '/api/v1/targets'), 'activeTargets')) {
    if (!isObject(t)) continue;
    const labels = labelsAt(t, 'labels');
    const job = labels.job ?? stringAt(t, 'scrapePool');
    const row = jobs.get(job) ?? { job, stack: ctx.stackServices.has(job), up: 0, down: 0, unknown: 0, downTargets: [] };
    jobs.set(job, row);
    const health = stringAt(t, 'health');
    const lastScrape = stringAt(t, 'lastScrape');
    const started = ctx.startedAt.get(job);
    if (health === 'up') row.up++;
    else if (health !== 'down' || (started !== undefined && Date.parse(lastScrape) < started)) row.unknown++;
    else {
      row.down++;
      row.downTargets.push({ instance: labels.instance ?? stringAt(t, 'scrapeUrl'), lastError: stringAt(t, 'lastError'), lastScrape });
    }
  }
  return { jobs: [...jobs.values()].sort((a, b) => Number(b.stack) - Number(a.stack) || compareText(a.job, b.job)) };
}
