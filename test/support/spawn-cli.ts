import { spawn } from 'node:child_process';
import { cliPath } from './run-cli.js';

/** A running `ish-monitor ARGS` whose output can be awaited line by line. */
export function spawnCli(args: string[]) {
  const child = spawn(cliPath, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Waits until `predicate(stdout)` holds; fails with what arrived after `timeoutMs`. */
    async waitFor(what: string, predicate: (out: string) => boolean, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(stdout)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
