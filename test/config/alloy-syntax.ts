/**
 * A reader of Grafana Alloy's configuration syntax, enough to check a config structurally where the
 * `alloy` binary cannot run (no Debian build): tokens, blocks, attributes, and the component references
 * and sys.env() names inside attribute expressions. It rejects unbalanced brackets, unterminated strings,
 * stray tokens and duplicate attributes.
 */

/** One token: a string literal, a (possibly dotted) identifier, a number, punctuation, or a line end. */
interface Token {
  kind: 'string' | 'ident' | 'number' | 'punct' | 'newline';
  text: string;
  line: number;
}

/** An attribute `name = expression` of a block. */
export interface AlloyAttribute {
  name: string;
  /** The expression's tokens, joined: `discovery.docker.containers.targets`, `["a", "b"]`, ... */
  text: string;
  /** Dotted identifiers the expression reads (component exports, functions like sys.env). */
  references: string[];
  /** String literals in the expression. */
  strings: string[];
  line: number;
}

/** A block: `name "label" { ... }` (a component) or `name { ... }` (a nested block). */
export interface AlloyBlock {
  name: string;
  label?: string;
  attributes: AlloyAttribute[];
  blocks: AlloyBlock[];
  line: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`line ${line}: unterminated /* comment`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\n') throw new Error(`line ${line}: unterminated string`);
        if (text[j] === '\\') j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new Error(`line ${line}: unterminated string`);
      tokens.push({ kind: 'string', text: value, line });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9._]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], line });
      i += m[0].length;
    } else if ('{}[]()=,:+-*/%!<>&|'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      throw new Error(`line ${line}: unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

const closing: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Parses a whole config into its top-level blocks; throws naming the line of the first problem. */
export function parseAlloy(text: string): AlloyBlock[] {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (k = 0): Token | undefined => tokens[pos + k];
  const skipNewlines = () => {
    while (peek()?.kind === 'newline') pos++;
  };

  function expression(): Pick<AlloyAttribute, 'text' | 'references' | 'strings'> {
    const stack: string[] = [];
    const parts: string[] = [];
    const references: string[] = [];
    const strings: string[] = [];
    for (;;) {
      const t = peek();
      if (!t) break;
      if (stack.length === 0 && (t.kind === 'newline' || (t.kind === 'punct' && t.text === '}'))) break;
      pos++;
      if (t.kind === 'newline') continue;
      if (t.kind === 'punct' && closing[t.text]) stack.push(closing[t.text]!);
      else if (t.kind === 'punct' && ')]}'.includes(t.text)) {
        if (stack.pop() !== t.text) throw new Error(`line ${t.line}: unbalanced ${t.text}`);
      }
      if (t.kind === 'ident' && !['true', 'false', 'null'].includes(t.text)) references.push(t.text);
      if (t.kind === 'string') strings.push(t.text);
      parts.push(t.kind === 'string' ? JSON.stringify(t.text) : t.text);
    }
    if (stack.length > 0) throw new Error(`unclosed ${stack.join('')} at end of expression`);
    if (parts.length === 0) throw new Error(`line ${peek()?.line ?? '?'}: attribute without a value`);
    return { text: parts.join(' '), references, strings };
  }

  function body(top: boolean): { attributes: AlloyAttribute[]; blocks: AlloyBlock[] } {
    const attributes: AlloyAttribute[] = [];
    const blocks: AlloyBlock[] = [];
    for (;;) {
      skipNewlines();
      const t = peek();
      if (!t) {
        if (top) break;
        throw new Error('unexpected end of file: a block is not closed');
      }
      if (t.kind === 'punct' && t.text === '}') {
        if (top) throw new Error(`line ${t.line}: } without a block`);
        pos++;
        break;
      }
      if (t.kind !== 'ident') throw new Error(`line ${t.line}: expected a block or attribute name, got ${JSON.stringify(t.text)}`);
      pos++;
      const next = peek();
      if (next?.kind === 'punct' && next.text === '=') {
        if (top) throw new Error(`line ${t.line}: attribute ${t.text} outside a block`);
        pos++;
        if (attributes.some((a) => a.name === t.text)) throw new Error(`line ${t.line}: attribute ${t.text} set twice`);
        attributes.push({ name: t.text, line: t.line, ...expression() });
        continue;
      }
      let label: string | undefined;
      if (next?.kind === 'string') {
        label = next.text;
        pos++;
      }
      const open = peek();
      if (!(open?.kind === 'punct' && open.text === '{')) throw new Error(`line ${t.line}: expected { after ${t.text}`);
      pos++;
      const inner = body(false);
      blocks.push({ name: t.text, ...(label !== undefined ? { label } : {}), line: t.line, ...inner });
    }
    return { attributes, blocks };
  }

  return body(true).blocks;
}

/** The value of sys.env("NAME") calls in a set of attributes (recursively through nested blocks). */
export function envNames(block: AlloyBlock): string[] {
  const names: string[] = [];
  for (const a of block.attributes) {
    const re = /sys\.env \( "([^"]+)" \)/g;
    for (let m = re.exec(a.text); m; m = re.exec(a.text)) names.push(m[1]!);
  }
  for (const b of block.blocks) names.push(...envNames(b));
  return names;
}
