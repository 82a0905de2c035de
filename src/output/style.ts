import { Chalk, type ChalkInstance } from 'chalk';

/** How output may look: colour and spinners only on a TTY, and never with NO_COLOR or --no-color. */
export interface OutputMode {
  /** stderr is a terminal of known width: spinners allowed. */
  interactive: boolean;
  color: boolean;
  json: boolean;
  verbose: boolean;
}

/** Decides the output mode from the streams, the environment and the flags. */
export function outputMode(opts: { color?: boolean; json?: boolean; verbose?: boolean }, env: Record<string, string | undefined>, stdoutTty: boolean, stderrSpinner: boolean): OutputMode {
  const noColor = opts.color === false || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  return {
    interactive: stderrSpinner && !noColor && !opts.json && env.CI !== 'true',
    color: stdoutTty && !noColor,
    json: opts.json ?? false,
    verbose: opts.verbose ?? false,
  };
}

/** A chalk instance that colours only when the mode allows it. */
export function paint(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
