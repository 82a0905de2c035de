import type { YamlPath } from './yaml-source.js';

// Interpolation always yields strings, so `retries: ${RETRIES:-5}` would fail the schema's integer
// check. Compose converts such values by path; these are the typed fields of our subset.
const INTEGER_PATHS = [
  ['services', '*', 'healthcheck', 'retries'],
  ['services', '*', 'ports', '*', 'target'],
];
const BOOLEAN_PATHS = [
  ['services', '*', 'healthcheck', 'disable'],
  ['services', '*', 'volumes', '*', 'read_only'],
  ['services', '*', 'depends_on', '*', 'required'],
  ['services', '*', 'depends_on', '*', 'restart'],
  ['services', '*', 'env_file', '*', 'required'],
];

/**
 * Converts an interpolated string back to the integer or boolean its key expects; anything that does
 * not look like one stays a string so the schema reports it with the offending value.
 */
export function castInterpolated(path: YamlPath, text: string): unknown {
  if (INTEGER_PATHS.some((p) => matches(p, path)) && /^\d+$/.test(text)) return Number(text);
  if (BOOLEAN_PATHS.some((p) => matches(p, path)) && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return text;
}

function matches(pattern: string[], path: YamlPath): boolean {
  return pattern.length === path.length && pattern.every((seg, i) => seg === '*' || seg === path[i]);
}
