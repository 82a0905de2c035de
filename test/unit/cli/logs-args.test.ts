import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';

/** Parses a command line with the real program, capturing what `logs` would get instead of running it. */
async function parse(argv: string[]): Promise<{ logs?: { services: string[]; opts: Record<string, unknown> }; globals: Record<string, unknown> }> {
  const program = buildProgram({ exitCode: 0 });
  let logs: { services: string[]; opts: Record<string, unknown> } | undefined;
  let globals: Record<string, unknown> = {};
  const sub = program.commands.find((c) => c.name() === 'logs')!;
  sub.action((services: string[], opts: Record<string, unknown>, cmd: Command) => {
    logs = { services, opts };
    globals = cmd.optsWithGlobals();
  });
  for (const other of program.commands.filter((c) => c !== sub)) other.action((...args: unknown[]) => void (globals = (args.at(-1) as Command).optsWithGlobals()));
  await program.parseAsync(argv, { from: 'user' });
  return { logs, globals };
}

describe('logs command line', () => {
  it('-f after logs is --follow; -f before it is still the global --file', async () => {
    const r = await parse(['-f', 'stack.yml', 'logs', '-f', 'grafana']);
    expect(r.logs).toEqual({ services: ['grafana'], opts: { follow: true } });
    expect(r.globals.file).toBe('stack.yml');
  });

  it('-f works anywhere after logs, also in a group of short flags, next to global options', async () => {
    const r = await parse(['-p', 'proj', '--profile=x', 'logs', 'prometheus', '-ft', '--json', 'grafana', '-n', '5']);
    expect(r.logs).toEqual({ services: ['prometheus', 'grafana'], opts: { follow: true, timestamps: true, tail: 5 } });
    expect(r.globals).toMatchObject({ projectName: 'proj', profile: ['x'], json: true });
    expect((await parse(['-pproj', 'logs', '-f'])).logs?.opts).toEqual({ follow: true });
  });

  it('--tail takes a whole number, 0 or "all"', async () => {
    expect((await parse(['logs', '--tail', '0'])).logs?.opts).toEqual({ tail: 0 });
    expect((await parse(['logs', '-n', 'all'])).logs?.opts).toEqual({ tail: 'all' });
    await expect(parse(['logs', '--tail', '-3'])).rejects.toThrow(/--tail must be a whole number of lines or "all", got "-3"/);
    await expect(parse(['logs', '--tail', 'ten'])).rejects.toThrow(/--tail must be/);
  });

  it('leaves the other commands alone: -f there is --file', async () => {
    const r = await parse(['status', '-f', 'other.yml']);
    expect(r.logs).toBeUndefined();
    expect(r.globals.file).toBe('other.yml');
    const stop = await parse(['stop', '-f', 'x.yml', 'grafana']);
    expect(stop.globals.file).toBe('x.yml');
  });
});
