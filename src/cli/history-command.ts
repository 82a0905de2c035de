import type { Command } from 'commander';
import { paint } from '../output/style.js';
import { emit, positiveInt, runAction, stackOptions } from './runtime.js';

/** `history`: the project's recorded deploys, upgrades and rollbacks, oldest first. */
export function registerHistory(program: Command, result: { exitCode: number }): void {
  program
    .command('history')
    .description('list the recorded deploys, upgrades and rollbacks of the project: when, what changed, result, duration')
    .option('-n, --lines <count>', 'show only the last N runs', positiveInt('-n', 20), 20)
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ lines: number }>();
        const [{ openStack }, { stateDir }, { readHistory }, { renderHistory }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../core/state-dir.js'),
          import('../core/history.js'),
          import('../output/render-history.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const entries = await readHistory(stateDir(process.env, ctx.project), o.lines);
        emit(mode, { project: ctx.project, entries }, () => renderHistory(ctx.project, entries, paint(mode.color)));
        return 0;
      });
    });
}
