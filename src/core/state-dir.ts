import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a project's small state files live (history, the last upgrade's record):
 * `$XDG_STATE_HOME/ish-monitor/<project>/`, by default `~/.local/state/ish-monitor/<project>/`.
 */
export function stateDir(env: Record<string, string | undefined>, project: string): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'ish-monitor', project);
}

/** Creates the state directory (mode 0700: it names images and files of the stack) and returns it. */
export async function ensureStateDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}
