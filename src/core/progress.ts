/** Where core operations report progress; the CLI renders it (spinner on a TTY, lines otherwise). */
export interface ProgressSink {
  /** A task starts; `id` keys later updates of the same task. */
  begin(id: string, text: string): void;
  update(id: string, text: string): void;
  succeed(id: string, text: string): void;
  fail(id: string, text: string): void;
  info(text: string): void;
  warn(text: string): void;
}

/** A sink that drops everything: for `--json`-only callers and tests that do not look. */
export const silentProgress: ProgressSink = {
  begin() {},
  update() {},
  succeed() {},
  fail() {},
  info() {},
  warn() {},
};
