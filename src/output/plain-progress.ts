import type { ProgressSink } from '../core/progress.js';

const updateEveryMs = 5_000;

/** Progress as plain timestamped lines on a stream: for cron, pipes and CI logs. */
export function plainProgress(write: (line: string) => void, now: () => Date = () => new Date()): ProgressSink {
  const lastUpdate = new Map<string, number>();
  const line = (mark: string, text: string) => write(`${now().toISOString()} ${mark} ${text}\n`);
  return {
    begin: (id, text) => {
      lastUpdate.set(id, now().getTime());
      line('..', text);
    },
    // Updates (pull bytes, wait reasons) come often: one line per task every few seconds is enough.
    update: (id, text) => {
      const t = now().getTime();
      if (t - (lastUpdate.get(id) ?? 0) < updateEveryMs) return;
      lastUpdate.set(id, t);
      line('..', text);
    },
    succeed: (_id, text) => line('ok', text),
    fail: (_id, text) => line('!!', text),
    info: (text) => line('--', text),
    warn: (text) => line('WARN', text),
  };
}
