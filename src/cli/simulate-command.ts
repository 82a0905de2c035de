import { Option, type Command } from 'commander';
import { EngineError, UsageError } from '../errors.js';
import { toolVersion } from '../version.js';
import { endOnSignals } from './logs-command.js';
import { positiveInt, runAction } from './runtime.js';

const help = `
Serves the ISH Chat backend's whole metric contract (every ish_chat_* and instance_manager_* metric,
with the contract's types, labels and buckets) on /metrics, with moving, believable values: several
providers, models, regions and instances, a daily traffic shape, latency histograms, tokens and
costs that add up, quotas, satisfaction and SLO gauges. Also /health like the backend.

Scenarios change the behaviour, one per family of the shipped alerts; switch at run time with
  curl -X PUT http://127.0.0.1:8001/-/scenario/provider-outage
and list them with GET /-/scenario. Ctrl-C or SIGTERM stops it (exit 0).

--stand-in serves the backend's three services as the stack scrapes them: the instance manager on
--port, the intelligent router on --port+1, the load balancer on --port+2 (each with its own metrics;
a "*-down" scenario makes that one answer 503). Without it everything is on --port.

Exit codes: 0 stopped by Ctrl-C/SIGTERM, 64 bad option or unknown scenario, 71 a port is in use.`;

/** `simulate`: a stand-in ISH Chat backend serving the metric contract, with switchable scenarios. */
export function registerSimulate(program: Command, result: { exitCode: number }): void {
  program
    .command('simulate')
    .description('serve the ISH Chat backend\'s metric contract with simulated traffic (scenarios fire the shipped alerts)')
    .option('--port <n>', 'port to listen on (with --stand-in: the first of three)', positiveInt('--port', 8001), 8001)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--scenario <name>', 'scenario to start with (see GET /-/scenario)', 'normal')
    .option('--stand-in', 'listen as the backend\'s instance manager, intelligent router and load balancer (three ports)')
    .addOption(new Option('--tick <seconds>', 'seconds between updates of the simulated traffic').argParser(positiveInt('--tick', 1)).default(1).hideHelp())
    .addHelpText('after', help)
    .action(async (_opts, cmd: Command) => {
      result.exitCode = await runAction(cmd, async () => {
        const o = cmd.opts<{ port: number; host: string; scenario: string; standIn?: boolean; tick: number }>();
        const { startSimulator } = await import('../simulator/simulator-server.js');
        const { findScenario, scenarios } = await import('../simulator/scenarios.js');
        if (!findScenario(o.scenario)) {
          throw new UsageError(`unknown scenario "${o.scenario}"`, `one of: ${scenarios.map((s) => s.name).join(', ')}`);
        }
        if (o.standIn && o.port + 2 > 65535) throw new UsageError(`--port ${o.port} leaves no room for the two more ports of --stand-in`, 'e.g. --port 8001');
        const running = await startSimulator({ host: o.host, port: o.port, scenario: o.scenario, standIn: o.standIn === true, version: toolVersion, tickSeconds: o.tick, log: (line) => process.stderr.write(`${line}\n`) }).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE' || err.code === 'EADDRNOTAVAIL' || err.code === 'EACCES') {
            throw new EngineError(`cannot listen on ${o.host}:${o.port}${o.standIn ? `-${o.port + 2}` : ''}: ${err.code}`, 'pick free ports with --port, or another --host');
          }
          throw err;
        });
        for (const u of running.urls) process.stderr.write(`simulate: ${u.role === 'all' ? 'ish-chat backend' : u.role} on ${u.url}/metrics\n`);
        process.stderr.write(`simulate: scenario ${o.scenario}; switch with PUT ${running.urls[0]?.url}/-/scenario/<name>; Ctrl-C stops\n`);
        await new Promise<void>((resolve) => endOnSignals(resolve));
        await running.close();
        return 0;
      });
    });
}
