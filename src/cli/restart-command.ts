import type { Command } from 'commander';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';
import { swarmTarget } from './swarm-deploy.js';
import { restartSwarmCommand } from './swarm-restart.js';

/** `restart [SERVICE...]`: restart containers in dependency order and wait until ready. */
export function registerRestart(program: Command, result: { exitCode: number }): void {
  program
    .command('restart')
    .argument('[services...]', 'services to restart (default: all)')
    .description('restart the named services (default: all) in dependency order and wait until they are ready; does not apply compose-file changes (that is deploy)')
    .option('-t, --timeout <seconds>', 'seconds to wait for a graceful stop before killing', positiveInt('--timeout'), 10)
    .option('--wait-timeout <seconds>', 'how long to wait for readiness', positiveInt('--wait-timeout'), 120)
    .option('--no-wait', 'do not wait for readiness')
    .option('--swarm', 'replace the tasks of a deploy --swarm deployment, one peer at a time (also: ISH_MONITOR_TARGET=swarm)')
    .action(async (services: string[], _opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ timeout: number; waitTimeout: number; wait: boolean; swarm?: boolean }>();
        const [{ openStack }, { connectDocker }, { restartServices }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/restart-services.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const progress = await progressFor(mode);
        if (swarmTarget(o.swarm)) return restartSwarmCommand(g, mode, ctx, services, progress, o);
        const options = { services, timeoutSeconds: o.timeout, waitTimeoutMs: o.waitTimeout * 1000, wait: o.wait };
        const r = await withRunLock(g, ctx.project, 'restart', progress, () => restartServices(ctx, connectDocker(process.env), progress, options));
        emit(mode, r, () => r.services.map((s) => `${s.service}: restarted${o.wait ? ', ready' : ''}\n`).join(''));
        return 0;
      });
    });
}
