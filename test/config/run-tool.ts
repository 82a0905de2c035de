/** Runs the real monitoring tools (promtool, amtool, ...) found on PATH; a missing tool fails the test. */
import { execFile, execFileSync } from 'node:child_process';

/** What a finished tool run printed and returned. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where each tool comes from, for the failure message when it is missing. */
const packages: Record<string, string> = {
  promtool: 'prometheus',
  amtool: 'prometheus-alertmanager',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  alertmanager: 'prometheus-alertmanager',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  blackbox_exporter: 'prometheus-blackbox-exporter',
};

/** Error for a tool that is not installed: config tests never skip, in CI or elsewhere. */
export function missingToolError(tool: string): Error {
  const pkg = packages[tool] ?? tool;
  const where = process.env.CI ? ' (CI=true: a missing tool is a failure, never a skip)' : '';
  return new Error(
    `${tool} is not on PATH${where}. Install it (Debian: apt-get install ${pkg}) to run the configuration tests.`,
  );
}

/** Runs `tool args` in `cwd`; resolves with its exit code and output, rejects only when it cannot start. */
export function runTool(tool: string, args: string[], cwd: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { cwd, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(missingToolError(tool));
        return;
      }
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The first of `names` that starts (`--version` exits 0); the Debian and upstream names differ. */
export async function firstAvailableTool(names: string[], cwd: string): Promise<string> {
  for (const name of names) {
    try {
      const result = await runTool(name, ['--version'], cwd);
      if (result.code === 0) return name;
    } catch {
      // not installed under this name: try the next one
    }
  }
  throw missingToolError(names[0] ?? 'tool');
}

/** `promtool check metrics` on a text exposition (it reads stdin): exit 0 and no output means it parses and lints clean. */
export function promtoolCheckMetrics(text: string): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }) };
  } catch (err) {
    const e = err as { code?: string; status?: number; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw missingToolError('promtool');
    return { code: e.status ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
