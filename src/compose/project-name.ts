import { basename } from 'node:path';
import { ConfigError } from '../errors.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;
const RULE = 'project names use lowercase letters, digits, dashes and underscores, and start with a letter or digit';

/** The places a project name can come from, highest precedence first. */
export interface ProjectNameSources {
  /** `-p` / `--project-name`. */
  flag?: string;
  /** COMPOSE_PROJECT_NAME from the shell or the .env file. */
  envValue?: string;
  /** Top-level `name:` (interpolated), with its `file:line` for messages. */
  fileName?: { value: string; at: string };
  /** Directory of the compose file: its basename is the last resort. */
  workingDir: string;
}

/**
 * Resolves the compose project name with docker compose's precedence: `-p`, then COMPOSE_PROJECT_NAME,
 * then `name:`, then the directory name. Matching compose matters: the project label is how
 * `docker compose -p ... ps` and our own commands find what we deployed. Explicit names must already
 * be valid; only the directory name is normalised (lowercased, invalid characters dropped), as compose does.
 */
export function resolveProjectName(sources: ProjectNameSources): string {
  if (sources.flag !== undefined && sources.flag !== '') return checked(sources.flag, 'from -p/--project-name');
  if (sources.envValue !== undefined && sources.envValue !== '') return checked(sources.envValue, 'from COMPOSE_PROJECT_NAME');
  if (sources.fileName && sources.fileName.value !== '') return checked(sources.fileName.value, 'from name:', `${sources.fileName.at}: `);
  const dir = basename(sources.workingDir);
  const normalised = dir.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
  if (!VALID.test(normalised)) {
    throw new ConfigError(`cannot derive a project name from the directory "${dir}"`, `set name: in the compose file or pass -p; ${RULE}`);
  }
  return normalised;
}

function checked(name: string, source: string, where = ''): string {
  if (!VALID.test(name)) throw new ConfigError(`${where}invalid project name "${name}" (${source})`, RULE);
  return name;
}
