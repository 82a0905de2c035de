import { ExitCode, IshError } from '../errors.js';

/** Writes status metrics to `output` atomically (node-exporter's textfile collector), or to stdout without it. */
export async function printMetrics(metrics: string, output: string | undefined): Promise<void> {
  if (!output) {
    process.stdout.write(metrics);
    return;
  }
  const { writeFileAtomic } = await import('../output/write-atomic.js');
  await writeFileAtomic(output, metrics).catch((err: NodeJS.ErrnoException) => {
    throw new IshError(`cannot write the metrics file ${output}: ${err.code ?? err.message}`, ExitCode.noInput, 'check that its directory exists and is writable');
  });
}
