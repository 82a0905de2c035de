import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exposition } from './contract-metrics.js';
import { backendRoles, type BackendRole } from './metric-contract.js';
import { findScenario, scenarios } from './scenarios.js';
import { TrafficSimulator } from './traffic-simulator.js';

/** How to run the simulator. */
export interface SimulatorOptions {
  host: string;
  /** The port of the instance manager (or of everything, unless `standIn`); the router and load balancer take the next two. */
  port: number;
  scenario: string;
  /** Serve the three backend services on three ports (as the stack scrapes them) instead of all on one. */
  standIn: boolean;
  version: string;
  /** Seconds of simulated traffic per tick (and between ticks). */
  tickSeconds?: number;
  /** Where to say that the scenario changed. */
  log?: (line: string) => void;
}

/** A running simulator: where it listens, and how to stop it. */
export interface RunningSimulator {
  /** `http://host:port` per backend service (all the same one unless stand-in). */
  urls: { role: BackendRole | 'all'; url: string }[];
  /** Stops the ticks and closes the listeners. */
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Answers one request on the port of `role` (undefined: every service on one port). */
async function handle(sim: TrafficSimulator, o: SimulatorOptions, role: BackendRole | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const down = role !== undefined && sim.scenario.effects.down === role;
  const scenarioList = scenarios.map((s) => ({ name: s.name, description: s.description }));
  if (path === '/metrics' && req.method === 'GET') {
    if (down) return reply(res, 503, 'service unavailable (simulator scenario)\n', 'text/plain');
    const registry = sim.metrics.registries.get(role ?? 'instance-manager');
    return reply(res, 200, await exposition(registry as NonNullable<typeof registry>), 'text/plain; version=0.0.4; charset=utf-8');
  }
  if (path === '/health' && req.method === 'GET') {
    const status = down ? 'unhealthy' : 'healthy';
    return reply(res, down ? 503 : 200, JSON.stringify({ status, service: role ?? 'ish-chat', simulated: true, timestamp: new Date().toISOString() }));
  }
  if (path === '/-/scenario' && req.method === 'GET') {
    return reply(res, 200, JSON.stringify({ scenario: sim.scenario.name, description: sim.scenario.description, scenarios: scenarioList }));
  }
  const switchTo = /^\/-\/scenario\/([^/]+)$/.exec(path);
  if (switchTo && (req.method === 'PUT' || req.method === 'POST')) {
    const name = decodeURIComponent(switchTo[1] as string);
    const scenario = findScenario(name);
    if (!scenario) return reply(res, 404, JSON.stringify({ error: `unknown scenario "${name}"`, scenarios: scenarioList }));
    sim.switchTo(scenario);
    o.log?.(`simulate: scenario ${scenario.name}: ${scenario.description}`);
    return reply(res, 200, JSON.stringify({ scenario: scenario.name, description: scenario.description }));
  }
  return reply(res, 404, JSON.stringify({ error: `no ${req.method} ${path}: try GET /metrics, GET /health, GET /-/scenario, PUT /-/scenario/<name>` }));
}

/** Starts the simulator's listeners and ticks; rejects (listening nowhere) if a port is taken. */
export async function startSimulator(o: SimulatorOptions): Promise<RunningSimulator> {
  const initial = findScenario(o.scenario);
  if (!initial) throw new Error(`unknown scenario "${o.scenario}"`);
  const sim = new TrafficSimulator(!o.standIn, o.version);
  sim.switchTo(initial);
  const tickSeconds = o.tickSeconds ?? 1;
  sim.tick(new Date(), tickSeconds);
  const timer = setInterval(() => sim.tick(new Date(), tickSeconds), tickSeconds * 1000);
  const roles: (BackendRole | undefined)[] = o.standIn ? [...backendRoles] : [undefined];
  const servers: Server[] = [];
  const close = async () => {
    clearInterval(timer);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };
  try {
    for (const [i, role] of roles.entries()) {
      const server = createServer((req, res) => {
        handle(sim, o, role, req, res).catch((err: unknown) => reply(res, 500, JSON.stringify({ error: String(err) })));
      });
      // Port 0 (tests): each listener gets a free port of its own.
      server.listen(o.port === 0 ? 0 : o.port + i, o.host);
      await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err as Error))]);
      servers.push(server);
    }
  } catch (err) {
    await close();
    throw err;
  }
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const portOf = (s: Server) => (s.address() as AddressInfo).port;
  return { urls: roles.map((role, i) => ({ role: role ?? 'all', url: `http://${host}:${portOf(servers[i] as Server)}` })), close };
}
