/** Asks on stderr, reads one line from the terminal; only `y` or `yes` confirms, end of input declines. */
export async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once('close', () => {
      if (!answered) resolve(false);
    });
    // Ctrl-C at the prompt: leave the way every other interrupt does (exit 130). The process' own
    // handlers hear it before the answer (no) comes back, so an operation that traps it sees itself
    // interrupted, not declined; without handlers the signal ends the process.
    rl.once('SIGINT', () => {
      answered = true;
      rl.close();
      if (process.listenerCount('SIGINT') === 0) process.kill(process.pid, 'SIGINT');
      else process.emit('SIGINT', 'SIGINT');
      resolve(false);
    });
    rl.setPrompt(question);
    rl.prompt();
  });
}
