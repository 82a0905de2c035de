import type { Command } from 'commander';
import { registerBackup } from './backup-command.js';
import { registerCleanup } from './cleanup-command.js';
import { registerDeploy } from './deploy-command.js';
import { registerDoctor } from './doctor-command.js';
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
import { createProgram, runProgram, type Registration } from './run-program.js';

/** Every command, in the order `--help` lists them. */
const commands: readonly Registration[] = [registerDeploy, registerStatus, registerStop, registerStart, registerRestart, registerLogs, registerCleanup, registerBackup, registerUpgrade, registerHistory, registerRestore, registerValidate, registerDoctor, registerSimulate];

/** Builds the whole command tree. Each command's action sets `result.exitCode`. */
export function buildProgram(result: { exitCode: number }): Command {
  return createProgram(result, commands);
}

/** Runs the CLI on the arguments and returns the exit code; only the entries exit. */
export function runCli(argv: string[]): Promise<number> {
  return runProgram(argv, commands);
}
