import ora from 'ora';
import type { ProgressSink } from '../core/progress.js';

/** Progress on a terminal: one ora spinner showing the active tasks; finished tasks persist as lines. */
export function ttyProgress(stream: NodeJS.WriteStream): ProgressSink {
  const active = new Map<string, string>();
  const spinner = ora({ stream, discardStdin: false });
  const refresh = () => {
    if (active.size === 0) {
      spinner.stop();
      return;
    }
    spinner.text = [...active.values()].join('  ·  ');
    if (!spinner.isSpinning) spinner.start();
  };
  const finish = (id: string, kind: 'succeed' | 'fail' | 'info' | 'warn', text: string) => {
    active.delete(id);
    spinner.stop();
    ora({ stream, discardStdin: false })[kind](text);
    refresh();
  };
  return {
    begin: (id, text) => {
      active.set(id, text);
      refresh();
    },
    update: (id, text) => {
      active.set(id, text);
      refresh();
    },
    succeed: (id, text) => finish(id, 'succeed', text),
    fail: (id, text) => finish(id, 'fail', text),
    info: (text) => finish('', 'info', text),
    warn: (text) => finish('', 'warn', text),
  };
}
