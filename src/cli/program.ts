import { Command, CommanderError, Option } from 'commander';
import { ExitCode, IshError } from '../errors.js';
import { toolVersion } from '../version.js';
import { registerBackup } from './backup-command.js';
import { registerCleanup } from './cleanup-command.js';
import { registerDeploy } from './deploy-command.js';
import { registerDoctor } from './doctor-command.js';
import { exitCodesHelp } from './exit-codes-help.js';
import { registerLogs } from './logs-command.js';
import { registerRestart } from './restart-command.js';
import { registerSimulate } from './simulate-command.js';
import { registerRestore } from './restore-command.js';
import { registerStatus } from './status-command.js';
import { registerStart } from './start-command.js';
import { registerStop } from './stop-command.js';
import { registerUpgrade } from './upgrade-command.js';
import { registerHistory } from './history-command.js';
import { registerValidate } from './validate-command.js';
import { positiveInt } from './runtime.js';
import { registerSwarmGuard } from './swarm-guard.js';

/** Builds the command tree. Each command's action sets `result.exitCode`. */
export function buildProgram(result: { exitCode: number }): Command {
  const program = new Command('ish-monitor')
    .description('Deploy and operate the ISH Chat monitoring stack (Prometheus, Grafana, AlertManager, exporters) on Docker.')
    .version(toolVersion, '-V, --version')
    .option('-f, --file <path>', 'compose file (default: $ISH_MONITOR_COMPOSE_FILE, else the one shipped in compose/)')
    .option('--env-file <path>', 'env file (default: .env next to the compose file); the shell environment wins over it')
    .option('-p, --project-name <name>', 'compose project name (default: `name:` in the compose file)')
    .addOption(new Option('--profile <name>', 'enable a compose profile (repeatable; default: $COMPOSE_PROFILES)').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--no-color', 'no colours and no spinners (also: NO_COLOR, or output not a terminal)')
    .option('-v, --verbose', 'show stack traces of errors')
    .option('--lock-timeout <seconds>', 'how long deploy, restart, stop, cleanup, backup and restore wait for another run of the same project', positiveInt('--lock-timeout'), 60)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', exitCodesHelp)
    .exitOverride();
  for (const register of [registerDeploy, registerStatus, registerStop, registerStart, registerRestart, registerLogs, registerCleanup, registerBackup, registerUpgrade, registerHistory, registerRestore, registerValidate, registerDoctor, registerSimulate]) register(program, result);
  registerSwarmGuard(program);
  return program;
}

/** Runs the CLI on the arguments and returns the exit code; only main.ts exits. */
export async function runCli(argv: string[]): Promise<number> {
  const result = { exitCode: 0 };
  const program = buildProgram(result);
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nish-monitor: interrupted by ${signal}\n`);
    process.exit(ExitCode.interrupted);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return result.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every other commander complaint is a usage error.
      return err.exitCode === 0 ? 0 : ExitCode.usage;
    }
    if (err instanceof IshError) {
      process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
      return err.exitCode;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
