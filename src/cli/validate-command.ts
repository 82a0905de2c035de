import { Option, type Command } from 'commander';
import type { StackContext } from '../core/stack-context.js';
import type { ToolSource, ValidationResult } from '../core/validate-config.js';
import type { CheckGateway, DockerGateway } from '../docker/types.js';
import { ExitCode, IshError } from '../errors.js';
import { paint } from '../output/style.js';
import { emit, runAction, stackOptions } from './runtime.js';

/** Validates the stack's configuration, with the tools in the services' images when `gateway` answers. */
export async function validateStack(ctx: StackContext, engine: Engine | undefined, tools: ToolSource): Promise<ValidationResult> {
  const [{ validateConfig }, { validationCache }, { cacheDir }] = await Promise.all([
    import('../core/validate-config.js'),
    import('../core/validation-cache.js'),
    import('../compose/stack-cache.js'),
  ]);
  return validateConfig(ctx, { ...(engine ? { engine } : {}), cache: validationCache(cacheDir(process.env)), tools, unrunnable: 'fail' });
}

/** The engine's two doors: the gateway every command uses and the calls only checks make. */
export interface Engine {
  gateway: DockerGateway;
  checks: CheckGateway;
}

/** The engine (DOCKER_HOST), with `gateway` when the caller has one already. */
export async function engineOf(gateway?: DockerGateway): Promise<Engine> {
  const { connectChecks } = await import('../docker/run-once.js');
  return { gateway: gateway ?? (await import('../docker/dockerode-gateway.js')).connectDocker(process.env), checks: connectChecks(process.env) };
}

/** The engine when it answers; validation falls back to host tools otherwise. */
async function answeringEngine(): Promise<Engine | undefined> {
  const engine = await engineOf();
  return (await engine.gateway.ping().then(() => true, () => false)) ? engine : undefined;
}

/** `validate`: check the whole configuration with the real tools; the running stack is not touched. */
export function registerValidate(program: Command, result: { exitCode: number }): void {
  program
    .command('validate')
    .description('check the configuration (compose file, Prometheus rules, AlertManager, blackbox, Grafana provisioning) with the real tools; changes nothing')
    .addOption(new Option('--tools <where>', 'run promtool/amtool/blackbox_exporter in the services\' images, from PATH, or images first').choices(['auto', 'image', 'host']).default('auto'))
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const { tools } = cmd.opts<{ tools: ToolSource }>();
        const [{ openStack }, { renderChecks }] = await Promise.all([import('../core/stack-context.js'), import('../output/render-checks.js')]);
        let r: ValidationResult;
        try {
          r = await validateStack(await openStack(stackOptions(g)), tools === 'host' ? undefined : await answeringEngine(), tools);
        } catch (err) {
          if (!(err instanceof IshError) || err.exitCode !== ExitCode.config) throw err;
          r = { ok: false, checks: [{ name: 'compose file', level: 'fail', detail: err.message, ...(err.hint ? { fix: err.hint } : {}) }] };
        }
        emit(mode, r, () => renderChecks(r.checks, paint(mode.color), process.cwd()));
        return r.ok ? ExitCode.ok : ExitCode.config;
      });
    });
}
