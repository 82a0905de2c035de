// Entry of the bundle: everything else loads lazily, per command (bin/ish-monitor answers --version).

// `ish-monitor status | head -1`: a reader that goes away is not an error of ours; stop quietly
// with the exit code chosen so far instead of a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

const { runCli } = await import('./program.js');
process.exitCode = await runCli(process.argv.slice(2));
