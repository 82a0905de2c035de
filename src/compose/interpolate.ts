import { ConfigError } from '../errors.js';
import { formatPath, locate, type YamlPath, type YamlSource } from './yaml-source.js';

/** Looks a variable up in the interpolation environment; undefined means unset. */
export type Lookup = (name: string) => string | undefined;

/** Why a template could not be expanded: a malformed `$`, or a `${VAR:?msg}` whose variable is missing. */
export class InterpolationError extends Error {
  /** `kind` tells the caller whether to blame the syntax or the environment. */
  constructor(
    readonly kind: 'invalid' | 'required',
    message: string,
  ) {
    super(message);
    this.name = 'InterpolationError';
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
// Two-character operators first, so `:-` is not read as `:` followed by `-`.
const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

/**
 * Expands Compose variables in one string: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?msg}`,
 * `${VAR?msg}`, `${VAR:+alt}`, `${VAR+alt}` and `$$`. Defaults and alternatives may nest `${...}` and
 * are expanded only when used, so `${A:-${B:?}}` does not fail while A is set. `onUnset` hears every
 * variable that expanded to "" because it was unset and had no default.
 */
export function interpolateString(text: string, lookup: Lookup, onUnset: (name: string) => void = () => {}): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = findClosingBrace(text, dollar + 2);
      if (close < 0) throw invalid(text, 'unterminated "${"');
      out += expandBraced(text.slice(dollar + 2, close), text, lookup, onUnset);
      i = close + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (!name) throw invalid(text, next === undefined ? 'a "$" at the end' : `"$${next}"`);
      out += valueOrBlank(name, lookup, onUnset);
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

/**
 * Interpolates every string scalar of a parsed compose document (values, never keys) and returns a
 * new tree. Errors become ConfigErrors naming file:line; unset variables become warnings, once per
 * variable and line. `cast` may convert an interpolated string where the schema wants a number.
 */
export function interpolateTree(
  value: unknown,
  lookup: Lookup,
  src: YamlSource,
  warnings: string[],
  cast: (path: YamlPath, text: string) => unknown = (_p, text) => text,
): unknown {
  const seen = new Set<string>();
  const walk = (node: unknown, path: YamlPath): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return node;
      const onUnset = (name: string): void => {
        const where = locate(src, path);
        const warning = `${where}: variable "${name}" is not set; defaulting to a blank string`;
        if (!seen.has(warning)) warnings.push(warning);
        seen.add(warning);
      };
      try {
        return cast(path, interpolateString(node, lookup, onUnset));
      } catch (err) {
        throw toConfigError(err, src, path);
      }
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  return walk(value, []);
}

/** Turns an InterpolationError into the user-facing ConfigError for `path`; passes anything else on. */
export function toConfigError(err: unknown, src: YamlSource, path: YamlPath): unknown {
  if (!(err instanceof InterpolationError)) return err;
  const where = locate(src, path);
  if (err.kind === 'required') {
    return new ConfigError(`${where}: ${err.message}`, 'set the variable in the shell or in the .env file');
  }
  return new ConfigError(
    `${where}: invalid interpolation format for "${formatPath(path)}": ${err.message}; use $$ for a literal $`,
    'write $$ where a literal $ is meant, or fix the ${...} expression',
  );
}

function expandBraced(body: string, whole: string, lookup: Lookup, onUnset: (name: string) => void): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw invalid(whole, `"\${${body}}" has no valid variable name`);
  const rest = body.slice(name.length);
  if (rest === '') return valueOrBlank(name, lookup, onUnset);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) throw invalid(whole, `unknown operator in "\${${body}}"`);
  const arg = rest.slice(op.length);
  const value = lookup(name);
  const unsetOrEmpty = value === undefined || value === '';
  const nested = (): string => interpolateString(arg, lookup, onUnset);
  switch (op) {
    case ':-':
      return unsetOrEmpty ? nested() : value;
    case '-':
      return value === undefined ? nested() : value;
    case ':?':
      if (unsetOrEmpty) throw required(name, arg);
      return value;
    case '?':
      if (value === undefined) throw required(name, arg);
      return value;
    case ':+':
      return unsetOrEmpty ? '' : nested();
    case '+':
      return value === undefined ? '' : nested();
  }
}

function valueOrBlank(name: string, lookup: Lookup, onUnset: (name: string) => void): string {
  const value = lookup(name);
  if (value === undefined) onUnset(name);
  return value ?? '';
}

/** Index of the `}` closing a `${` whose body starts at `start`, counting nested `${`; -1 if none. */
function findClosingBrace(text: string, start: number): number {
  let depth = 1;
  for (let j = start; j < text.length; j++) {
    const c = text[j];
    if (c === '$' && text[j + 1] === '$') {
      j++;
    } else if (c === '$' && text[j + 1] === '{') {
      depth++;
      j++;
    } else if (c === '}' && --depth === 0) {
      return j;
    }
  }
  return -1;
}

function invalid(text: string, detail: string): InterpolationError {
  return new InterpolationError('invalid', `"${text}" (${detail})`);
}

function required(name: string, message: string): InterpolationError {
  const suffix = message === '' ? '' : `: ${message}`;
  return new InterpolationError('required', `required variable ${name} is missing a value${suffix}`);
}
