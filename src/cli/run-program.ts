import { Command, CommanderError, Option } from 'commander';
import { ExitCode, IshError } from '../errors.js';
import { toolVersion } from '../version.js';
import { exitCodesHelp } from './exit-codes-help.js';
import { positiveInt } from './runtime.js';
import { registerSwarmGuard } from './swarm-guard.js';

/** Registers one command (and its subcommands) on the program; its action sets `result.exitCode`. */
export type Registration = (program: Command, result: { exitCode: number }) => void;

/** Builds the command tree with the global options and the given commands. Each command's action sets `result.exitCode`. */
export function createProgram(result: { exitCode: number }, registrations: readonly Registration[]): Command {
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
  for (const register of registrations) register(program, result);
  registerSwarmGuard(program);
  return program;
}

/** Runs a program of the given commands on the arguments and returns the exit code; only the entries exit. */
export async function runProgram(argv: string[], registrations: readonly Registration[]): Promise<number> {
  const result = { exitCode: 0 };
  const program = createProgram(result, registrations);
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
