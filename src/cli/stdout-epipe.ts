/**
 * `ish-monitor status | head -1`: a reader that goes away is not an error of ours; stop quietly
 * with the exit code chosen so far instead of a stack trace.
 */
export function exitQuietlyOnEpipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}
