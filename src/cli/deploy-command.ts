import { Option, type Command } from 'commander';
import { emit, positiveInt, progressFor, runAction, stackOptions, withRunLock } from './runtime.js';
import { paint } from '../output/style.js';
import { deploySwarmCommand, swarmTarget, type DeployFlags } from './swarm-deploy.js';

/** `deploy`: converge the engine to the compose file and wait until every service is ready. */
export function registerDeploy(program: Command, result: { exitCode: number }): void {
  program
    .command('deploy')
    .description('create or update the stack: pull missing images, create networks, volumes and containers, wait until ready, print URLs')
    .option('--dry-run', 'print the plan; change nothing')
    .addOption(new Option('--pull <policy>', 'when to pull images').choices(['missing', 'always', 'never']).default('missing'))
    .option('--force-recreate', 'recreate containers even when their configuration is unchanged')
    .option('--wait-timeout <seconds>', 'how long to wait for readiness', positiveInt('--wait-timeout'), 120)
    .option('--no-wait', 'do not wait for readiness')
    .option('--swarm', 'deploy as Docker Swarm services (also: ISH_MONITOR_TARGET=swarm); see README, "Scaling out"')
    .addHelpText(
      'after',
      `
Deploy is convergence: a second deploy with nothing changed touches nothing (same container IDs).
A container is recreated only when its configuration or its image changed; the configuration covers
the files it mounts from the checkout (edit a rule file: Prometheus alone is recreated). A missing
secret file under compose/secrets/ is created with mode 0600: a random *admin_password (Grafana's),
empty for credentials of outside systems (SMTP, Slack), which deploy then warns about.
Before anything changes, deploy runs the quick preflight checks and \`ish-monitor validate\` (cached by
file content): a broken config file refuses the deploy (exit 65) naming the file and line.`,
    )
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<DeployFlags>();
        const [{ openStack }, { connectDocker }, { deployStack }, { renderDeploy }, { deployPreflight }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/deploy-stack.js'),
          import('../output/render-deploy.js'),
          import('./preflight-options.js'),
        ]);
        const ctx = await openStack(stackOptions(g));
        const gateway = connectDocker(process.env);
        const progress = await progressFor(mode);
        if (swarmTarget(o.swarm)) return deploySwarmCommand(g, mode, o, ctx, gateway, progress);
        const options = { dryRun: o.dryRun ?? false, pull: o.pull, forceRecreate: o.forceRecreate ?? false, waitTimeoutMs: o.waitTimeout * 1000, wait: o.wait, preflight: deployPreflight(gateway) };
        const deploy = () => deployStack(ctx, gateway, progress, options);
        const [{ withHistory }, { stateDir }] = await Promise.all([import('../core/history.js'), import('../core/state-dir.js')]);
        // Real deploys go into `ish-monitor history`: what they created, recreated or started.
        const recorded = () =>
          withHistory(stateDir(process.env, ctx.project), 'deploy', deploy, (d) => d.services.filter((s) => s.action !== 'keep').map((s) => ({ service: s.service, action: s.action, reason: s.reason })), (t) => progress.warn(t));
        // A dry run changes nothing: it needs no lock, and is not recorded.
        const r = options.dryRun ? await deploy() : await withRunLock(g, ctx.project, 'deploy', progress, recorded);
        emit(mode, r, () => renderDeploy(r, paint(mode.color)));
        return 0;
      });
    });
}
