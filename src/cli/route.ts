/** Global options that take a value (the next argument is theirs, not the command). */
export const valueOptions: ReadonlySet<string> = new Set(['-f', '--file', '--env-file', '-p', '--project-name', '--profile', '--lock-timeout']);
/** Global options that take none. */
export const flagOptions: ReadonlySet<string> = new Set(['--json', '--no-color', '-v', '--verbose']);

/**
 * The command a command line runs, told without loading the parser: the first argument that is
 * neither a global option nor its value. Undefined when it cannot be told that simply (an unknown
 * or combined option, `--`, help asked for anywhere, no command): the full parser then decides, and
 * reports what is wrong.
 */
export function commandOf(argv: readonly string[]): string | undefined {
  if (argv.some((a) => a === '-h' || a === '--help')) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (valueOptions.has(a)) i++;
    else if (flagOptions.has(a) || (a.startsWith('--') && a.includes('=') && valueOptions.has(a.slice(0, a.indexOf('='))))) continue;
    else return a.startsWith('-') ? undefined : a;
  }
  return undefined;
}
