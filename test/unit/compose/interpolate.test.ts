import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { InterpolationError, interpolateString, interpolateTree } from '../../../src/compose/interpolate.js';
import { parseYamlSource } from '../../../src/compose/yaml-source.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', PORT: '9090', HOST: '127.0.0.1' };
const lookup = (name: string): string | undefined => (Object.hasOwn(env, name) ? env[name] : undefined);
const expand = (text: string, unset: string[] = []): string => interpolateString(text, lookup, (n) => unset.push(n));

describe('interpolateString', () => {
  it('expands $VAR and ${VAR}', () => {
    expect(expand('$SET-${SET}')).toBe('value-value');
    expect(expand('a${SET}b$SET.c')).toBe('avalueb' + 'value.c');
  });

  it('stops a bare name at the first character that cannot be in a name', () => {
    expect(expand('$HOST:$PORT/x')).toBe('127.0.0.1:9090/x');
  });

  it('turns $$ into a literal $ without expanding what follows', () => {
    expect(expand('cost: $$5 and $${SET}')).toBe('cost: $5 and ${SET}');
    expect(expand('^/(sys|proc)($$|/)')).toBe('^/(sys|proc)($|/)');
  });

  it.each([
    ['${SET:-d}', 'value'],
    ['${EMPTY:-d}', 'd'],
    ['${UNSET:-d}', 'd'],
    ['${SET-d}', 'value'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${SET+alt}', 'alt'],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${SET:?boom}', 'value'],
    ['${EMPTY?boom}', ''],
    ['${UNSET:-}', ''],
  ])('%s -> %j', (template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it('expands defaults that contain nested variables and defaults', () => {
    expect(expand('${UNSET:-${HOST}:${PORT}}')).toBe('127.0.0.1:9090');
    expect(expand('${UNSET:-${ALSO_UNSET:-${SET}}}')).toBe('value');
    expect(expand('${UNSET:-$SET}')).toBe('value');
    expect(expand('${SET:+[${PORT}]}')).toBe('[9090]');
  });

  it('allows colons, dashes and spaces in a default', () => {
    expect(expand('${UNSET:-prom/prometheus:v3.5.0}')).toBe('prom/prometheus:v3.5.0');
    expect(expand('${UNSET:-a b-c}')).toBe('a b-c');
  });

  it('does not evaluate a default that is not used', () => {
    expect(expand('${SET:-${UNSET:?never}}')).toBe('value');
  });

  it('reports unset variables without a default, expanding them to ""', () => {
    const unset: string[] = [];
    expect(expand('x${UNSET}y$ALSO_UNSET', unset)).toBe('xy');
    expect(unset).toEqual(['UNSET', 'ALSO_UNSET']);
  });

  it('does not report an unset variable that has a default', () => {
    const unset: string[] = [];
    expand('${UNSET:-d}${UNSET-d}${UNSET:+a}', unset);
    expect(unset).toEqual([]);
  });

  it('fails on a missing required variable with its message', () => {
    expect(() => expand('${UNSET:?set it please}')).toThrow('required variable UNSET is missing a value: set it please');
    expect(() => expand('${EMPTY:?must not be empty}')).toThrow('required variable EMPTY is missing a value: must not be empty');
    expect(() => expand('${UNSET?}')).toThrow(/^required variable UNSET is missing a value$/);
  });

  it.each(['$1', 'cost $', '${}', '${1X}', '${SET', '${SET:x}', '$-', '${SET/x/y}'])('rejects the malformed %j', (text) => {
    expect(() => expand(text)).toThrow(InterpolationError);
    try {
      expand(text);
    } catch (err) {
      expect((err as InterpolationError).kind).toBe('invalid');
    }
  });
});

describe('interpolateTree', () => {
  const source = [
    'services:', //                       1
    '  web:', //                          2
    '    image: ${IMAGE:-nginx}', //      3
    '    command: ["a", "$UNSET"]', //    4
    '    labels:', //                     5
    '      ${KEY}: $UNSET', //            6
    '    retries: 5', //                  7
  ].join('\n');

  it('interpolates values but not keys, and leaves non-strings alone', () => {
    const src = parseYamlSource(source, 'c.yml');
    const warnings: string[] = [];
    const out = interpolateTree(src.value, lookup, src, warnings) as { services: { web: Record<string, unknown> } };
    expect(out.services.web.image).toBe('nginx');
    expect(out.services.web.command).toEqual(['a', '']);
    expect(out.services.web.labels).toEqual({ '${KEY}': '' });
    expect(out.services.web.retries).toBe(5);
  });

  it('collects one warning per unset variable and line, naming file:line', () => {
    const src = parseYamlSource(source, 'c.yml');
    const warnings: string[] = [];
    interpolateTree(src.value, lookup, src, warnings);
    expect(warnings).toEqual([
      'c.yml:4: variable "UNSET" is not set; defaulting to a blank string',
      'c.yml:6: variable "UNSET" is not set; defaulting to a blank string',
    ]);
  });

  it('turns a required-variable failure into a ConfigError at file:line', () => {
    const src = parseYamlSource('services:\n  web:\n    image: ${IMAGE:?set IMAGE to the image to run}\n', 'c.yml');
    expect(() => interpolateTree(src.value, lookup, src, [])).toThrow(ConfigError);
    expect(() => interpolateTree(src.value, lookup, src, [])).toThrow(
      'c.yml:3: required variable IMAGE is missing a value: set IMAGE to the image to run',
    );
  });

  it('turns a lone $ into a ConfigError naming file:line, the key and the $$ escape', () => {
    const src = parseYamlSource('services:\n  web:\n    image: x\n    command: echo $1\n', 'c.yml');
    expect(() => interpolateTree(src.value, lookup, src, [])).toThrow(
      /^c\.yml:4: invalid interpolation format for "services\.web\.command": "echo \$1" .*use \$\$ for a literal \$$/,
    );
  });
});
