import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../src/compose/parse-env-file.js';
import { ConfigError } from '../../../src/errors.js';

const shell: Record<string, string> = { HOME: '/home/op', TAG: 'v1' };
const parse = (text: string, warnings: string[] = []): Record<string, string> =>
  parseEnvFile(text, 'compose/.env', (n) => (Object.hasOwn(shell, n) ? shell[n] : undefined), warnings);

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines, skipping comments and blank lines', () => {
    expect(parse('# comment\n\nA=1\n  B = two  \nC=\n')).toEqual({ A: '1', B: 'two', C: '' });
  });

  it('accepts an export prefix', () => {
    expect(parse('export A=1\nexport  B="2"\n')).toEqual({ A: '1', B: '2' });
  });

  it('cuts unquoted values at " #" but keeps a # inside a word', () => {
    expect(parse('A=value # trailing comment\nB=a#b\nC=#notcomment\n')).toEqual({ A: 'value', B: 'a#b', C: '#notcomment' });
  });

  it('takes single-quoted values literally', () => {
    expect(parse(`A='$TAG \\n # not a comment'\n`)).toEqual({ A: '$TAG \\n # not a comment' });
  });

  it('unescapes and interpolates double-quoted values', () => {
    expect(parse('A="line1\\nline2 \\"q\\" ${TAG} \\$TAG # kept"\n')).toEqual({ A: 'line1\nline2 "q" v1 $TAG # kept' });
  });

  it('lets a double-quoted value span lines', () => {
    expect(parse('A="first\nsecond"\nB=3\n')).toEqual({ A: 'first\nsecond', B: '3' });
  });

  it('interpolates unquoted values from the shell, then from earlier keys', () => {
    expect(parse('BASE=/data\nDIR=$BASE/x\nIMG=app:${TAG}\nHOME=/elsewhere\nWHERE=${HOME}\n')).toEqual({
      BASE: '/data',
      DIR: '/data/x',
      IMG: 'app:v1',
      HOME: '/elsewhere',
      // The shell's HOME wins over the file's own, as it does for the compose file.
      WHERE: '/home/op',
    });
  });

  it('a bare KEY passes the shell value through, or is skipped', () => {
    expect(parse('TAG\nNOPE\n')).toEqual({ TAG: 'v1' });
  });

  it('warns about unset variables with file:line', () => {
    const warnings: string[] = [];
    expect(parse('A=1\nB=${MISSING}\n', warnings)).toEqual({ A: '1', B: '' });
    expect(warnings).toEqual(['compose/.env:2: variable "MISSING" is not set; defaulting to a blank string']);
  });

  it.each([
    ['A=1\n1BAD=x\n', 'compose/.env:2: invalid variable name in "1BAD=x"'],
    ['A 1\n', 'compose/.env:1: expected "=" after "A"'],
    ['A="open\nB=2\n', 'compose/.env:1: unterminated double quote in value of A'],
    [`A='x' y\n`, 'compose/.env:1: unexpected text after the closing quote of A: "y"'],
    ['A=${NOPE:?needed for the stack}\n', 'compose/.env:1: required variable NOPE is missing a value: needed for the stack'],
    ['A=cost $5\n', 'compose/.env:1: invalid interpolation format: "cost $5" ("$5"); use $$ for a literal $'],
  ])('rejects %j', (text, message) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
  });

  it('handles CRLF line endings and a BOM', () => {
    expect(parse('\uFEFFA=1\r\nB=2\r\n')).toEqual({ A: '1', B: '2' });
  });
});
