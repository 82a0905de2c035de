import { Option, type Command } from 'commander';
import { DockerUnreachableError, UsageError } from '../errors.js';
import { paint } from '../output/style.js';
import { exitCodesHelp } from './exit-codes-help.js';
import { printMetrics } from './metrics-output.js';
import { emit, positiveInt, runAction, stackOptions } from './runtime.js';
import { swarmTarget } from './swarm-deploy.js';
import { refuseOnSwarm } from './swarm-guard.js';
import { swarmStatusCommand } from './swarm-status.js';

/** `status`: one line per service plus probes; Nagios-style exit code for cron. */
export function registerStatus(program: Command, result: { exitCode: number }): void {
  program
    .command('status')
    .description('show state, health, uptime, image, ports and probe result of every service, then the deeper checks (scrape targets, rules, TSDB, alerts, cluster, Grafana login); exit code for cron')
    .option('--probe-timeout <ms>', 'timeout of each HTTP probe and API check', positiveInt('--probe-timeout', 2000), 2000)
    .option('--slow <ms>', 'a probe slower than this makes the stack degraded', positiveInt('--slow', 1000), 1000)
    .option('--tsdb-full <percent>', 'the TSDB at this share of its size retention makes the stack degraded', positiveInt('--tsdb-full', 90), 90)
    .addOption(new Option('--format <format>', 'output format (--json is --format json)').choices(['text', 'json', 'prometheus']).default('text'))
    .option('-o, --output <file>', 'with --format prometheus: write the metrics to this file atomically (for node-exporter\'s textfile collector)')
    .option('-q, --quiet', 'print nothing when the stack is ok (cron then mails only problems)')
    .option('--swarm', 'the stack deployed with deploy --swarm (also: ISH_MONITOR_TARGET=swarm): tasks per service and node, AlertManager cluster size')
    .addHelpText('after', `\nstatus exits 0 ok, 1 degraded, 2 critical, 3 unknown (Nagios plugin convention).${exitCodesHelp}`)
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ probeTimeout: number; slow: number; tsdbFull: number; format: 'text' | 'json' | 'prometheus'; output?: string; quiet?: boolean }>();
        if (o.output && o.format !== 'prometheus') throw new UsageError('--output goes with --format prometheus', 'e.g. status --format prometheus --output /var/lib/node_exporter/textfile/ish-monitor.prom');
        const [{ openStack }, { connectDocker }, { getStackStatus }, { unknownLevel }, { renderStatus }, { stateDir }, { lockDir }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/get-stack-status.js'),
          import('../core/status-level.js'),
          import('../output/render-status.js'),
          import('../core/state-dir.js'),
          import('../core/run-lock.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const gateway = connectDocker(process.env);
        if (swarmTarget(cmd.opts<{ swarm?: boolean }>().swarm)) return swarmStatusCommand(ctx.project, gateway, mode, o);
        let status;
        try {
          status = await getStackStatus(ctx, gateway, { probeTimeoutMs: o.probeTimeout, slowMs: o.slow, tsdbFullRatio: o.tsdbFull / 100, now: Date.now, state: { stateDir: stateDir(process.env, ctx.project), lockDir: lockDir(), terminal: process.stdout.isTTY === true } });
        } catch (err) {
          if (!(err instanceof DockerUnreachableError)) throw err;
          status = { project: ctx.project, profiles: ctx.profiles, engine: { endpoint: gateway.endpoint, reachable: false }, ...unknownLevel(), services: [], checks: {}, findings: [], error: err.message };
        }
        if (status.services.length > 0 && status.services.every((r) => r.state === 'missing')) await refuseOnSwarm('status', ctx.project, gateway, (await import('../docker/swarm-gateway.js')).connectSwarm(process.env));
        if (o.format === 'prometheus') {
          const { renderStatusMetrics } = await import('../output/render-status-metrics.js');
          await printMetrics(renderStatusMetrics(status, Date.now()), o.output);
          return status.exitCode;
        }
        if (o.quiet && status.exitCode === 0) return 0;
        emit({ ...mode, json: mode.json || o.format === 'json' }, status, () => renderStatus(status, paint(mode.color)));
        return status.exitCode;
      });
    });
}
