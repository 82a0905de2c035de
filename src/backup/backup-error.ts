import { ExitCode, IshError } from '../errors.js';

/** A backup could not be written, or an archive failed verification (exit 73). */
export class BackupError extends IshError {
  /** Creates the error; the message names the file or archive entry at fault. */
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.backup, hint, options);
  }
}
