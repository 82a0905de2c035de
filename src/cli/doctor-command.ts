import { Option, type Command } from 'commander';
import type { CheckResult } from '../core/check-result.js';
import { IshError } from '../errors.js';
import { paint } from '../output/style.js';
import { resourceLimits, type ResourceFlags } from './preflight-options.js';
import { emit, runAction, stackOptions } from './runtime.js';
import { engineOf } from './validate-command.js';

/** doctor's exit code by its worst check: the status convention. */
const exitByLevel = { pass: 0, warn: 1, fail: 2 } as const;

/** `doctor`: every preflight check with pass/warn/fail, a reason and a fix; exits by the worst. */
export function registerDoctor(program: Command, result: { exitCode: number }): void {
  program
    .command('doctor')
    .description('check the host, the engine and the configuration before (or after) a deploy: pass/warn/fail with a fix each; changes nothing')
    .option('--min-memory <size>', 'memory the engine\'s host should have (default: $ISH_MONITOR_MIN_MEMORY, else 4g)')
    .option('--min-disk <size>', 'free disk under the engine\'s data root (default: $ISH_MONITOR_MIN_DISK, else 5g)')
    .addOption(new Option('--resources <level>', 'what too little memory or disk is (default: $ISH_MONITOR_RESOURCE_CHECK, else warn)').choices(['warn', 'fail']))
    .addHelpText('after', '\nExit codes: 0 every check passes, 1 a warning, 2 a check fails.')
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const limits = resourceLimits(cmd.opts<ResourceFlags>(), process.env);
        const [{ openStack }, { runPreflight }, { worstLevel }, { validationCache }, { cacheDir }, { renderChecks }] = await Promise.all([
          import('../core/stack-context.js'),
          import('../core/run-preflight.js'),
          import('../core/check-result.js'),
          import('../core/validation-cache.js'),
          import('../compose/stack-cache.js'),
          import('../output/render-checks.js'),
        ]);
        const checks: CheckResult[] = await (async () => {
          const ctx = await openStack(stackOptions(g)).catch((err: unknown) => {
            if (err instanceof IshError) return { name: 'compose file', level: 'fail' as const, detail: err.message, ...(err.hint ? { fix: err.hint } : {}) };
            throw err;
          });
          if ('level' in ctx) return [ctx];
          const engine = await engineOf();
          const down = await engine.gateway.ping().then(() => undefined, (err: IshError) => err);
          if (down) return [{ name: 'docker engine', level: 'fail', detail: down.message, ...(down.hint ? { fix: down.hint } : {}) }];
          const validation = { cache: validationCache(cacheDir(process.env)), tools: 'auto' as const, unrunnable: 'fail' as const };
          return runPreflight(ctx, { ...engine, limits, validation }, 'doctor');
        })();
        const worst = worstLevel(checks);
        emit(mode, { worst, checks }, () => renderChecks(checks, paint(mode.color), process.cwd()));
        return exitByLevel[worst];
      });
    });
}
