import type { Command } from 'commander';
import { DockerUnreachableError } from '../errors.js';
import { paint } from '../output/style.js';
import { exitCodesHelp } from './exit-codes-help.js';
import { emit, positiveInt, runAction, stackOptions } from './runtime.js';

/** `status`: one line per service plus probes; Nagios-style exit code for cron. */
export function registerStatus(program: Command, result: { exitCode: number }): void {
  program
    .command('status')
    .description('show state, health, uptime, image, ports and probe result of every service; exit code for cron')
    .option('--probe-timeout <ms>', 'timeout of each HTTP probe', positiveInt('--probe-timeout'), 2000)
    .option('--slow <ms>', 'a probe slower than this makes the stack degraded', positiveInt('--slow'), 1000)
    .addHelpText('after', `\nstatus exits 0 ok, 1 degraded, 2 critical, 3 unknown (Nagios plugin convention).${exitCodesHelp}`)
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ probeTimeout: number; slow: number }>();
        const [{ openStack }, { connectDocker }, { getStackStatus }, { unknownLevel }, { renderStatus }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/get-stack-status.js'),
          import('../core/status-level.js'),
          import('../output/render-status.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const gateway = connectDocker(process.env);
        let status;
        try {
          status = await getStackStatus(ctx, gateway, { probeTimeoutMs: o.probeTimeout, slowMs: o.slow, now: Date.now });
        } catch (err) {
          if (!(err instanceof DockerUnreachableError)) throw err;
          status = { project: ctx.project, profiles: ctx.profiles, engine: { endpoint: gateway.endpoint, reachable: false }, ...unknownLevel(), services: [], error: err.message };
        }
        emit(mode, status, () => renderStatus(status, paint(mode.color)));
        return status.exitCode;
      });
    });
}
