import type { Command } from 'commander';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';

/** `start [SERVICE...]`: start stopped containers in dependency order and wait until ready (the way back from `stop`). */
export function registerStart(program: Command, result: { exitCode: number }): void {
  program
    .command('start')
    .argument('[services...]', 'services to start (default: all)')
    .description('start the stack\'s stopped containers (all, or the named services) in dependency order and wait until they are ready; running ones are left alone; does not apply compose-file changes (that is deploy)')
    .option('--wait-timeout <seconds>', 'how long to wait for readiness', positiveInt('--wait-timeout'), 120)
    .option('--no-wait', 'do not wait for readiness')
    .action(async (services: string[], _opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ waitTimeout: number; wait: boolean }>();
        const [{ openStack }, { connectDocker }, { startServices }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/restart-services.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const progress = await progressFor(mode);
        const options = { services, waitTimeoutMs: o.waitTimeout * 1000, wait: o.wait };
        const r = await withRunLock(g, ctx.project, 'start', progress, () => startServices(ctx, connectDocker(process.env), progress, options));
        emit(mode, r, () => r.services.map((s) => `${s.service}: ${s.action}${o.wait ? ', ready' : ''}\n`).join(''));
        return 0;
      });
    });
}
