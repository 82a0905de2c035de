import type { Command } from 'commander';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';
import { swarmTarget } from './swarm-deploy.js';
import { stopSwarmCommand } from './swarm-stop.js';

/** `stop [SERVICE...]`: stop containers, keep them and their data. */
export function registerStop(program: Command, result: { exitCode: number }): void {
  program
    .command('stop')
    .argument('[services...]', 'services to stop (default: all)')
    .description('stop the stack\'s containers (all, or the named services); containers, volumes and data are kept')
    .option('-t, --timeout <seconds>', 'seconds to wait for a graceful stop before killing (with --swarm: the services\' own 10 s stop grace period)', positiveInt('--timeout'), 10)
    .option('--swarm', 'the stack deployed with deploy --swarm (also: ISH_MONITOR_TARGET=swarm): scale each peer to 0, recording its replicas for deploy --swarm')
    .action(async (services: string[], _opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ timeout: number; swarm?: boolean }>();
        const [{ openStack }, { connectDocker }, { stopStack }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/stop-stack.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const progress = await progressFor(mode);
        if (swarmTarget(o.swarm)) return stopSwarmCommand(g, mode, ctx, services, progress);
        const r = await withRunLock(g, ctx.project, 'stop', progress, () => stopStack(ctx, connectDocker(process.env), progress, { services, timeoutSeconds: o.timeout }));
        emit(mode, r, () =>
          r.services.length === 0 ? `project ${r.project}: nothing deployed\n` : r.services.map((s) => `${s.service}: ${s.action}\n`).join(''),
        );
        return 0;
      });
    });
}
