import { describe, expect, it } from 'vitest';
import { commandOf, flagOptions, valueOptions } from '../../../src/cli/route.js';
import { createProgram } from '../../../src/cli/run-program.js';

describe('commandOf: which command a command line runs, without the parser', () => {
  it('skips the global options and their values', () => {
    expect(commandOf(['status'])).toBe('status');
    expect(commandOf(['-f', 'status', '--json', 'status', '--format', 'json'])).toBe('status');
    expect(commandOf(['--file=x.yml', '-p', 'deploy', '--profile', 'logs', '--no-color', '-v', 'status'])).toBe('status');
    expect(commandOf(['--env-file', 'status', 'deploy', '--lock-timeout', '5'])).toBe('deploy');
  });

  it('leaves every line it cannot tell simply to the full parser', () => {
    expect(commandOf([])).toBeUndefined();
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf(['status', '-h'])).toBeUndefined();
    expect(commandOf(['--bogus', 'status'])).toBeUndefined();
    expect(commandOf(['-fx.yml', 'status'])).toBeUndefined();
    expect(commandOf(['--filex', 'status'])).toBeUndefined();
    expect(commandOf(['--', 'status'])).toBeUndefined();
  });

  it('knows exactly the global options the program declares (a new one must be added there)', () => {
    const program = createProgram({ exitCode: 0 }, []);
    const declared = program.options.filter((o) => o.long !== '--version');
    const names = (o: (typeof declared)[number]) => [o.short, o.long].filter((n): n is string => n !== undefined);
    expect(new Set(declared.filter((o) => o.required || o.optional).flatMap(names))).toEqual(valueOptions);
    expect(new Set(declared.filter((o) => !o.required && !o.optional).flatMap(names))).toEqual(flagOptions);
  });
});
