import { ExitCode, InterruptedError } from '../errors.js';

/**
 * While a long operation runs (backup, restore, upgrade), SIGINT/SIGTERM abort it, so it can undo what it
 * did, instead of exiting at once; a second signal exits at once, as everywhere else. `undoing`
 * tells the user what happens after the first.
 */
export function trapSignals(undoing: string): { signal: AbortSignal; release(): void } {
  const ac = new AbortController();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const saved = new Map(signals.map((s) => [s, process.rawListeners(s) as ((...a: unknown[]) => void)[]]));
  const onSignal = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) {
      process.stderr.write(`\nish-monitor: interrupted again by ${sig}: exiting now; check the stack with \`ish-monitor status\`\n`);
      process.exit(ExitCode.interrupted);
    }
    process.stderr.write(`\nish-monitor: interrupted by ${sig}: ${undoing}\n`);
    ac.abort(new InterruptedError(sig));
  };
  for (const s of signals) {
    for (const l of saved.get(s)!) process.off(s, l);
    process.on(s, onSignal);
  }
  return {
    signal: ac.signal,
    release() {
      for (const s of signals) {
        process.off(s, onSignal);
        for (const l of saved.get(s)!) process.on(s, l);
      }
    },
  };
}
