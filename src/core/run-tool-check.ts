import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { encodeHeader, endOfArchive, padding } from '../backup/tar-writer.js';
import type { CheckGateway } from '../docker/types.js';
import type { CheckResult } from './check-result.js';
import { parseToolOutput, type Finding } from './parse-tool-output.js';
import type { ToolCheck } from './tool-checks.js';

/** Where a tool check runs: in the service's image through the engine, or a program on this host. */
export type ToolRunner = { kind: 'image'; engine: CheckGateway; imageId: string } | { kind: 'host'; program: string };

/** The first of `names` on PATH, as an absolute path. */
export async function findOnPath(names: string[], path = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const name of names) {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
    }
  }
  return undefined;
}

/** A tar of the check's files under its working directory (directories first, world-readable for the service's user). */
export function checkArchive(check: ToolCheck): Buffer {
  const root = check.workDir.replace(/^\/+/, '');
  const dirs = new Set<string>();
  for (const rel of check.files.keys()) {
    for (let d = posix.dirname(posix.join(root, rel)); d !== '.' && d !== '/'; d = posix.dirname(d)) dirs.add(d);
  }
  const mtime = new Date();
  const parts: Buffer[] = [...dirs].sort().map((d) => encodeHeader({ path: `${d}/`, type: 'Directory', size: 0, mode: 0o755, mtime }));
  for (const [rel, content] of check.files) {
    parts.push(encodeHeader({ path: posix.join(root, rel), type: 'File', size: content.length, mode: 0o644, mtime }), content, padding(content.length));
  }
  return Buffer.concat([...parts, endOfArchive()]);
}

function runHost(program: string, args: string[], cwd: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((done) => {
    execFile(program, args, { cwd, timeout: 60_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ exitCode: code, output: `${stdout}${stderr}` });
    });
  });
}

/** Runs the program on a private copy of the files (0700 temp directory), removed afterwards. */
async function runOnHost(check: ToolCheck, program: string): Promise<{ exitCode: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ish-monitor-validate-'));
  try {
    for (const [rel, content] of check.files) {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), content);
    }
    return await runHost(program, check.args, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The line that first mentions the quoted name in a message without a line (amtool: `undefined
 * receiver "x" used in route`): where the name is written, which is where to fix it.
 */
export function lineOfMention(text: string, message: string): number | undefined {
  const name = /"([^"\n]+)"/.exec(message)?.[1];
  if (!name) return undefined;
  const word = new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`);
  const i = text.split('\n').findIndex((l) => !/^\s*#/.test(l) && word.test(l));
  return i < 0 ? undefined : i + 1;
}

/** A finding's file as a host path: the tool printed it relative to its working directory, or absolute in the container. */
function onHost(check: ToolCheck, f: Finding): Finding {
  if (f.file === undefined) return f;
  const inWork = f.file.startsWith(`${check.workDir}/`) ? f.file.slice(check.workDir.length + 1) : f.file;
  const content = check.files.get(inWork);
  const line = f.line ?? (content ? lineOfMention(content.toString('utf8'), f.message) : undefined);
  return { ...f, file: isAbsolute(inWork) ? inWork : resolve(check.sourceDir, inWork), ...(line ? { line } : {}) };
}

/** Runs one tool check and says what it found, each finding naming the host file and line. */
export async function runToolCheck(check: ToolCheck, runner: ToolRunner): Promise<CheckResult> {
  const via = runner.kind === 'image' ? `image ${check.image}` : `host ${runner.program}`;
  if (check.found.length > 0) return fail(check, check.found, via);
  const r =
    runner.kind === 'image'
      ? await runner.engine.runOnce({
          image: check.image,
          entrypoint: [check.program],
          cmd: check.args,
          workingDir: check.workDir,
          ...(check.user ? { user: check.user } : {}),
          files: { tar: checkArchive(check), at: '/' },
          labels: { 'io.ish-monitor.check': check.name },
          timeoutMs: 60_000,
        })
      : await runOnHost(check, runner.program);
  if (r.exitCode === 0) return { name: check.name, level: 'pass', detail: `${check.service} configuration is valid`, via };
  const defaultFile = check.args.find((a) => /\.ya?ml$/.test(a))?.replace(/^--config\.file=/, '') ?? '';
  const findings = parseToolOutput(r.output, defaultFile);
  const last = r.output.trim().split('\n').pop() ?? `exit code ${r.exitCode}`;
  return fail(check, findings.length > 0 ? findings : [{ file: defaultFile, message: last }], via);
}

function fail(check: ToolCheck, findings: Finding[], via: string): CheckResult {
  const located = findings.map((f) => onHost(check, f));
  return { name: check.name, level: 'fail', detail: `${located.length} problem(s) in the ${check.service} configuration`, fix: 'fix the file at the line named, then run `ish-monitor validate` again', findings: located, via };
}
