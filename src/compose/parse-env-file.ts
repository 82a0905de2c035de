import { ConfigError } from '../errors.js';
import { InterpolationError, interpolateString, type Lookup } from './interpolate.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * Parses a dotenv file the way Compose does: `KEY=VALUE` lines, `#` comments, an optional `export `
 * prefix, 'single' quotes taken literally, "double" quotes with \n \t \" \\ escapes (may span lines),
 * unquoted values trimmed and cut at ` #`. Double-quoted and unquoted values are interpolated with
 * `lookup` first, then with keys defined earlier in the same file; a bare `KEY` copies `lookup(KEY)`.
 */
export function parseEnvFile(text: string, file: string, lookup: Lookup, warnings: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  const resolve: Lookup = (name) => lookup(name) ?? (Object.hasOwn(vars, name) ? vars[name] : undefined);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const fail = (why: string, hint = 'write KEY=VALUE, one per line; quote values with spaces'): ConfigError =>
      new ConfigError(`${file}:${lineNo}: ${why}`, hint);
    let line = (lines[index] ?? '').trimStart();
    if (line === '' || line.startsWith('#')) continue;
    if (/^export\s/.test(line)) line = line.slice('export'.length).trimStart();
    const key = KEY.exec(line)?.[0];
    if (!key) throw fail(`invalid variable name in "${line.trim()}"`);
    let rest = line.slice(key.length).trimStart();
    if (rest === '' || rest.startsWith('#')) {
      // A bare KEY passes the caller's value through, as `docker run --env-file` does.
      const inherited = lookup(key);
      if (inherited !== undefined) vars[key] = inherited;
      continue;
    }
    if (!rest.startsWith('=')) throw fail(`expected "=" after "${key}"`);
    rest = rest.slice(1).trimStart();
    const quote = rest[0];
    let raw: string;
    let literal = false;
    if (quote === "'" || quote === '"') {
      // A quoted value may run over several lines: gather them until the closing quote.
      let body = rest.slice(1);
      let close = findClosingQuote(body, quote);
      while (close < 0 && index + 1 < lines.length) {
        body += `\n${lines[++index]}`;
        close = findClosingQuote(body, quote);
      }
      if (close < 0) throw fail(`unterminated ${quote === '"' ? 'double' : 'single'} quote in value of ${key}`, `close the quote opened at line ${lineNo}`);
      const after = body.slice(close + 1).trim();
      if (after !== '' && !after.startsWith('#')) throw fail(`unexpected text after the closing quote of ${key}: "${after}"`);
      literal = quote === "'";
      raw = literal ? body.slice(0, close) : unescape(body.slice(0, close));
    } else {
      const comment = rest.search(/\s#/);
      raw = (comment < 0 ? rest : rest.slice(0, comment)).trimEnd();
    }
    vars[key] = literal ? raw : expand(raw, resolve, file, lineNo, warnings);
  }
  return vars;
}

function expand(raw: string, lookup: Lookup, file: string, lineNo: number, warnings: string[]): string {
  try {
    return interpolateString(raw, lookup, (name) => {
      warnings.push(`${file}:${lineNo}: variable "${name}" is not set; defaulting to a blank string`);
    });
  } catch (err) {
    if (!(err instanceof InterpolationError)) throw err;
    if (err.kind === 'required') throw new ConfigError(`${file}:${lineNo}: ${err.message}`, 'set the variable in the shell or earlier in this file');
    throw new ConfigError(`${file}:${lineNo}: invalid interpolation format: ${err.message}; use $$ for a literal $`, "or single-quote the value to take it literally");
  }
}

function findClosingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

function unescape(body: string): string {
  // `\$` must survive interpolation as a literal dollar, so it becomes the `$$` escape.
  return body.replace(/\\(.)/gs, (whole, c: string) => (c === '$' ? '$$' : ESCAPES[c] ?? whole));
}
