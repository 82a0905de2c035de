/**
 * A value that does not parse (duration, size, port, mount...). Parsers stay free of file positions:
 * the loader catches this and re-throws a ConfigError that names file:line and the key.
 */
export class InvalidValueError extends Error {
  /** `message` names the value (`invalid duration "10x"`); `hint` says what a valid one looks like. */
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InvalidValueError';
  }
}
