import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from '../errors.js';

/** One step into a YAML value: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** Where a value sits in the document, from the root: `['services', 'web', 'ports', 0]`. */
export type YamlPath = readonly PathSegment[];

/** A parsed YAML file: its plain value, and a way back from a value's path to its line for messages. */
export interface YamlSource {
  /** The file as the user named it; messages print this, not an absolute path. */
  file: string;
  /** The document as plain JS (anchors, aliases and `<<` merges resolved). */
  value: unknown;
  /** Non-fatal parser findings, already prefixed with file:line. */
  warnings: string[];
  /** 1-based line of the key (or sequence item) at `path`; the closest existing ancestor if absent. */
  lineOf(path: YamlPath): number;
}

/** Parses YAML text; a syntax error becomes a ConfigError naming file:line:col. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // Compose files rely on `<<: *anchor`; YAML 1.2's core schema leaves merge keys off by default.
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    // prettyErrors would add a code frame to the message; we want one line, so position it ourselves.
    const pos = lineCounter.linePos(first.pos[0]);
    const where = `${file}:${pos.line}:${pos.col}`;
    throw new ConfigError(`${where}: invalid YAML: ${firstLine(first.message)}`, 'fix the YAML syntax at that position (indentation, quotes, brackets)');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // toJS throws on alias bombs and undefined aliases that the parser let through.
    throw new ConfigError(`${file}: invalid YAML: ${(err as Error).message}`, 'check the anchors (&name) and aliases (*name)');
  }
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  return {
    file,
    value,
    warnings: doc.warnings.map((w) => `${file}:${lineAt(w.pos[0])}: ${firstLine(w.message)}`),
    lineOf: (path) => lineOfPath(doc, path, lineAt),
  };
}

/** `file:line` of the value at `path`: the prefix of every located message. */
export function locate(src: YamlSource, path: YamlPath): string {
  return `${src.file}:${src.lineOf(path)}`;
}

/** Renders a path the way users write keys: `services.web.ports[0]`. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Names a key for a message: `"healthcheck.interval" in service "web"`, `"driver" in network "net"`. */
export function describeKey(path: YamlPath): string {
  const [top, name, ...rest] = path;
  const owner = top === 'services' ? 'service' : top === 'networks' ? 'network' : top === 'volumes' ? 'volume' : undefined;
  if (owner && typeof name === 'string' && rest.length > 0) return `"${formatPath(rest)}" in ${owner} "${name}"`;
  if (owner && typeof name === 'string') return `${owner} "${name}"`;
  return `"${formatPath(path)}"`;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function lineOfPath(doc: Document, path: YamlPath, lineAt: (offset: number) => number): number {
  let node = doc.contents as Node | null;
  let line = node?.range ? lineAt(node.range[0]) : 1;
  for (const seg of path) {
    const step = childOf(doc, node, seg, 0);
    if (!step) break;
    if (step.at?.range) line = lineAt(step.at.range[0]);
    node = step.node;
  }
  return line;
}

interface Step {
  /** The node to descend into. */
  node: Node | null;
  /** The node whose position names this step: the key for a mapping entry, the item for a sequence. */
  at: Node | null;
}

function childOf(doc: Document, raw: Node | null, seg: PathSegment, depth: number): Step | undefined {
  // Merge chains can only be as deep as the document; the bound guards against pathological self-merges.
  if (depth > 50 || raw === null) return undefined;
  const node = isAlias(raw) ? (raw.resolve(doc) as Node | undefined) ?? null : raw;
  if (isSeq(node) && typeof seg === 'number') {
    const item = (node.items[seg] as Node | undefined) ?? null;
    return item ? { node: item, at: item } : undefined;
  }
  if (!isMap(node)) return undefined;
  const merges: Node[] = [];
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    if (isScalar(key) && typeof key.value === 'symbol') {
      if (pair.value) merges.push(pair.value as Node);
      continue;
    }
    const keyText = isScalar(key) ? String(key.value) : String(key);
    if (keyText === String(seg)) return { node: (pair.value as Node | null) ?? null, at: key ?? (pair.value as Node | null) };
  }
  // A key missing here may come from a `<<` merge: look into the merged anchors; earlier ones win, as in YAML.
  for (const merged of merges) {
    const sources = isSeq(merged) ? (merged.items as Node[]) : [merged];
    for (const source of sources) {
      const found = childOf(doc, source, seg, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
