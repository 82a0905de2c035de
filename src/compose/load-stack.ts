import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { NoInputError } from '../errors.js';
import { buildStack } from './build-stack.js';
import { castInterpolated } from './cast-interpolated.js';
import { interpolateTree, type Lookup } from './interpolate.js';
import { parseEnvFile } from './parse-env-file.js';
import { resolveProjectName } from './project-name.js';
import type { LoadOptions, StackSpec } from './types.js';
import { validateCompose } from './validate-compose.js';
import { locate, parseYamlSource, type YamlPath } from './yaml-source.js';

/**
 * Loads the compose file into a StackSpec: reads it and the env file (`opts.envFile`, else `.env`
 * beside the compose file when present), interpolates with the shell env winning over the env file,
 * validates the supported subset and normalises every service. Every user mistake becomes a
 * ConfigError naming file:line (or a NoInputError for a missing file); warnings are returned on the
 * result, never printed.
 */
export async function loadStack(opts: LoadOptions): Promise<StackSpec> {
  const composeFile = resolve(opts.file);
  const workingDir = dirname(composeFile);
  const text = await readText(composeFile, `compose file ${opts.file}`, 'pass the compose file with -f <path>');
  const warnings: string[] = [];
  const shell = definedOnly(opts.env);
  const dotenv = await readDotEnv(opts, workingDir, shell, warnings);
  // Shell first: an operator's `FOO=x ish-monitor deploy` must beat whatever .env says.
  const env: Record<string, string> = { ...dotenv, ...shell };
  const lookup: Lookup = (name) => {
    opts.inputs?.vars.add(name);
    return Object.hasOwn(env, name) ? env[name] : undefined;
  };
  opts.inputs?.vars.add('COMPOSE_PROJECT_NAME').add('HOME');

  const src = parseYamlSource(text, opts.file);
  warnings.push(...src.warnings);
  const doc = await validateCompose(interpolateTree(src.value, lookup, src, warnings, castInterpolated), src);
  if (doc.version !== undefined) warnings.push(`${locate(src, ['version'])}: the top-level "version" is obsolete and ignored`);

  const project = resolveProjectName({
    flag: opts.projectName,
    envValue: env.COMPOSE_PROJECT_NAME,
    fileName: doc.name === undefined ? undefined : { value: doc.name, at: locate(src, ['name']) },
    workingDir,
  });
  const readEnvFile = (absPath: string, display: string, required: boolean, path: YamlPath): Record<string, string> | undefined => {
    opts.inputs?.files.add(absPath);
    let content: string;
    try {
      content = readFileSync(absPath, 'utf8');
    } catch (err) {
      if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new NoInputError(
        `${locate(src, path)}: ${describeFailure(`env_file ${display}`, err)}`,
        'create the file, fix the path (relative to the compose file), or mark it {path: ..., required: false}',
      );
    }
    return parseEnvFile(content, display, lookup, warnings);
  };
  const home = shell.HOME;
  const built = buildStack(doc, { src, workingDir, lookup, warnings, readEnvFile, ...(home ? { home } : {}) });
  return { project, composeFile, workingDir, ...built, warnings };
}

async function readDotEnv(
  opts: LoadOptions,
  workingDir: string,
  shell: Record<string, string>,
  warnings: string[],
): Promise<Record<string, string>> {
  const shellLookup: Lookup = (name) => {
    opts.inputs?.vars.add(name);
    return Object.hasOwn(shell, name) ? shell[name] : undefined;
  };
  opts.inputs?.files.add(opts.envFile !== undefined ? resolve(opts.envFile) : join(workingDir, '.env'));
  if (opts.envFile !== undefined) {
    const text = await readText(resolve(opts.envFile), `env file ${opts.envFile}`, 'check the --env-file path');
    return parseEnvFile(text, opts.envFile, shellLookup, warnings);
  }
  let text: string;
  try {
    text = await readFile(join(workingDir, '.env'), 'utf8');
  } catch (err) {
    // The implicit .env is optional: only its absence is fine, not an unreadable one.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new NoInputError(describeFailure(join(dirname(opts.file), '.env'), err), 'fix its permissions or remove it');
  }
  return parseEnvFile(text, join(dirname(opts.file), '.env'), shellLookup, warnings);
}

async function readText(absPath: string, what: string, hint: string): Promise<string> {
  try {
    return await readFile(absPath, 'utf8');
  } catch (err) {
    throw new NoInputError(describeFailure(what, err), hint);
  }
}

/** `<what> not found`, or `cannot read <what>: <reason>` for the rarer failures. */
function describeFailure(what: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `${what} not found`;
  const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
  return `cannot read ${what}: ${reason}`;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
