import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI's command, run as a user runs it (a shell launcher that starts Node). */
export const cliPath = fileURLToPath(new URL('../../bin/ish-monitor', import.meta.url));

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bin/ish-monitor ARGS` with a plain environment (no TTY, no colour) plus `env`. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 200_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      cliPath,
      args,
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env }, timeout: timeoutMs, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
