import type { Command } from 'commander';
import { IshError, UsageError, ExitCode } from '../errors.js';
import type { LogLine, LogsOptions, LogsSink } from '../core/stream-logs.js';
import { paint } from '../output/style.js';
import { emit, runAction, stackOptions } from './runtime.js';
import { swarmTarget } from './swarm-deploy.js';

const logsHelp = `
Output: "SERVICE | LINE" on stdout, service names padded to the longest and coloured on a terminal;
with -t the engine's timestamp (RFC 3339, UTC, nanoseconds) before each line. Without -f the lines
of all services are merged in time order (each service keeps its own order); with -f new lines
appear as they come. Notes (a service not deployed, stopped, started again) go to stderr.

-f/--follow follows each service across restarts and re-creations of its container (new container
ID, same service), without repeating a line; with --until it stops at that time. Ctrl-C or SIGTERM
ends it with exit 0: that is how following ends (other commands exit 130 when interrupted). It exits
69 if the Docker engine goes away. (-f after "logs" means --follow; -f before it is the global --file.)

--json: without -f, one JSON document:
  {"project", "services", "notDeployed", "lines": [{"service", "container", "stream", "time", "line"}]}
with -f, JSON Lines: one {"service", "container", "stream", "time", "line"} object per log line, as
it comes; an error ends the stream with one {"error": {...}} line.

Exit codes: 0 ok (also -f ended by Ctrl-C/SIGTERM), 64 bad option, unknown service, or none of the
services deployed (a service that is not deployed, next to others that are, is a note on stderr),
69 Docker engine unreachable or gone while following.`;

/** `-n/--tail`: a whole number of lines (0 allowed: with -f, only new lines), or `all`. */
function tailCount(value: string): number | 'all' {
  if (value === 'all') return value;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--tail must be a whole number of lines or "all", got "${value}"`, 'e.g. --tail 100');
  return n;
}

/**
 * `-f` after `logs` means --follow, as in `docker compose logs -f`; the program's own `-f` (--file)
 * would otherwise take it, and the word after it, because commander lets program options follow the
 * subcommand. Rewrites `-f` to `--follow` only in the arguments after the `logs` subcommand.
 */
function followAfterLogs(program: Command): void {
  const parseOptions = program.parseOptions.bind(program);
  program.parseOptions = (args: string[]) => {
    const takesValue = (flag: string) => program.options.some((o) => (o.short === flag || o.long === flag) && (o.required || o.optional));
    let at = -1;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (!a.startsWith('-')) {
        if (a === 'logs') at = i;
        break;
      }
      // `-pNAME` and `--file=X` carry their value; `-p NAME` and `--file X` take the next argument.
      if (/^-[^-]./.test(a) && takesValue(a.slice(0, 2))) continue;
      if (a === '--' || !program.options.some((o) => o.short === a || o.long === a.split('=')[0])) break;
      if (!a.includes('=') && takesValue(a)) i++;
    }
    if (at < 0) return parseOptions(args);
    const rest: string[] = [];
    for (let i = at + 1; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        rest.push(...args.slice(i));
        break;
      }
      if (a === '-f') rest.push('--follow');
      else if (/^-f[a-zA-Z0-9]+$/.test(a)) rest.push('--follow', `-${a.slice(2)}`);
      else rest.push(a);
    }
    return parseOptions([...args.slice(0, at + 1), ...rest]);
  };
}

/**
 * Makes SIGINT/SIGTERM end following (exit 0) instead of the CLI's interrupt handler (exit 130) while
 * `logs -f` runs; a second signal finds that handler again. Returns the function that puts it back.
 */
export function endOnSignals(end: () => void): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const saved = signals.map((sig) => [sig, process.rawListeners(sig)] as const);
  const restore = () => {
    for (const [sig, listeners] of saved) {
      process.off(sig, onSignal);
      for (const l of listeners) if (!process.rawListeners(sig).includes(l)) process.on(sig, l as (s: NodeJS.Signals) => void);
    }
  };
  const onSignal = () => {
    restore();
    end();
  };
  for (const sig of signals) {
    process.removeAllListeners(sig);
    process.on(sig, onSignal);
  }
  return restore;
}

/** `logs [SERVICE...]`: the services' logs, each line prefixed with its service; -f follows across restarts. */
export function registerLogs(program: Command, result: { exitCode: number }): void {
  followAfterLogs(program);
  program
    .command('logs')
    .argument('[services...]', 'services whose logs to show (default: all)')
    .description('show the services\' logs, each line prefixed with its service; -f follows them across restarts')
    .option('-f, --follow', 'keep following, across restarts and re-creations of a service; Ctrl-C ends (exit 0)')
    .option('-n, --tail <lines>', 'only the last N lines of each service, or "all" (default: all)', tailCount)
    .option('--since <time>', 'only lines since an RFC 3339 time (2025-05-01T12:00:00Z) or a duration ago (90s, 10m, 2h)')
    .option('--until <time>', 'only lines until (and at) an RFC 3339 time or a duration ago')
    .option('-t, --timestamps', 'show the engine\'s timestamp of each line')
    .option('--swarm', 'the logs of a deploy --swarm deployment: every peer as its own service (`<project>_prometheus-2`), all its tasks (also: ISH_MONITOR_TARGET=swarm)')
    .addHelpText('after', logsHelp)
    .action(async (services: string[], _opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async (g, mode) => {
        const o = cmd.opts<{ follow?: boolean; tail?: number | 'all'; since?: string; until?: string; timestamps?: boolean; swarm?: boolean }>();
        const [{ parseLogTime }, { openStack, pickServices }, { connectDocker }, { streamLogs }, render] = await Promise.all([
          import('../core/log-time.js'),
          import('../core/stack-context.js'),
          import('../docker/dockerode-gateway.js'),
          import('../core/stream-logs.js'),
          import('../output/render-log-line.js'),
        ]);
        const nowMs = Date.now();
        const since = o.since === undefined ? undefined : parseLogTime('--since', o.since, nowMs);
        const until = o.until === undefined ? undefined : parseLogTime('--until', o.until, nowMs);
        if (since !== undefined && until !== undefined && since > until) {
          throw new UsageError(`--since ${o.since} is after --until ${o.until}: no line can match`);
        }
        const ctx = await openStack(stackOptions(g));
        // Unknown names fail here, before the engine is asked; all named ones set the prefix width.
        const compose = pickServices(ctx, services);
        let shown = compose.map((s) => s.name);
        let read = (opts: LogsOptions, sink: LogsSink) => streamLogs(ctx, connectDocker(process.env), opts, sink);
        if (swarmTarget(o.swarm)) {
          // On Swarm the lines are each peer's: `<project>_prometheus-2 | line`.
          const [{ swarmLogTargets, streamSwarmLogs }, { connectSwarm }] = await Promise.all([import('../core/swarm-logs.js'), import('../docker/swarm-gateway.js')]);
          const swarm = connectSwarm(process.env);
          const targets = await swarmLogTargets(ctx.project, compose, swarm, connectDocker(process.env).endpoint);
          shown = targets.map((s) => s.name);
          read = (opts, sink) => streamSwarmLogs(ctx.project, compose, targets, swarm, opts, sink);
        }
        const style = render.logLineStyle(shown, paint(mode.color), o.timestamps === true);
        const follow = o.follow === true;

        const stop = new AbortController();
        // `logs | head`: a closed pipe ends the command quietly, like Ctrl-C.
        let stdoutClosed = false;
        const onStdoutError = (err: NodeJS.ErrnoException) => {
          stdoutClosed = true;
          stop.abort();
          if (err.code !== 'EPIPE') process.stderr.write(`error: cannot write to stdout: ${err.message}\n`);
        };
        process.stdout.on('error', onStdoutError);
        const write = (text: string): void | Promise<void> => {
          if (stdoutClosed || process.stdout.write(text)) return;
          return new Promise((resolve) => {
            const done = () => {
              process.stdout.off('drain', done);
              stop.signal.removeEventListener('abort', done);
              resolve();
            };
            process.stdout.once('drain', done);
            stop.signal.addEventListener('abort', done, { once: true });
          });
        };
        const collected: LogLine[] = [];
        const line = mode.json ? (follow ? (l: LogLine) => write(render.renderLogJsonLine(l)) : (l: LogLine) => void collected.push(l)) : (l: LogLine) => write(render.renderLogLine(l, style));
        const note = (text: string) => process.stderr.write(`${paint(mode.color && process.stderr.isTTY === true).dim('note:')} ${text}\n`);
        const restoreSignals = follow ? endOnSignals(() => stop.abort()) : () => undefined;
        try {
          const r = await read({ services, follow, tail: o.tail === 'all' ? undefined : o.tail, since, until, signal: stop.signal }, { line, note });
          if (mode.json && !follow && !stdoutClosed) emit(mode, { project: r.project, services: r.services, notDeployed: r.notDeployed, lines: collected }, () => '');
          return ExitCode.ok;
        } catch (err) {
          if (!(mode.json && follow)) throw err;
          // JSON Lines stay JSON Lines: the error is one compact line, its text goes to stderr.
          const { renderError } = await import('../output/render-error.js');
          process.stderr.write(renderError(err, paint(mode.color && process.stderr.isTTY === true), mode.verbose));
          const exitCode = err instanceof IshError ? err.exitCode : ExitCode.internal;
          const e = err as IshError;
          if (!stdoutClosed) process.stdout.write(`${JSON.stringify({ error: { message: e.message, hint: e.hint, exitCode } })}\n`);
          return exitCode;
        } finally {
          restoreSignals();
          process.stdout.off('error', onStdoutError);
        }
      });
    });
}
