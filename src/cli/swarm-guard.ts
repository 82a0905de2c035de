import type { Command } from 'commander';
import type { DockerGateway } from '../docker/types.js';
import { ExitCode, IshError } from '../errors.js';
import type { SwarmGateway } from '../docker/swarm-types.js';
import { swarmFilter, SwarmLabel } from '../swarm/swarm-labels.js';
import { stackOptions, type GlobalOptions } from './runtime.js';

/** Commands that act on plain containers only: on a swarm deployment they would do the wrong thing. */
const containerOnly = new Set(['start', 'upgrade', 'restore']);
/** Commands with a --swarm mode: without it, on a swarm deployment, they would misreport or fight the swarm. */
const withSwarmMode = new Set(['deploy', 'status', 'cleanup', 'restart', 'logs', 'stop', 'backup']);

/** What to run instead, per command, on a swarm deployment. */
const instead: Record<string, string> = {
  deploy: 'run `ish-monitor deploy --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  status: 'run `ish-monitor status --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  logs: 'run `ish-monitor logs --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  stop: 'run `ish-monitor stop --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  start: 'run `ish-monitor deploy --swarm` (or `restart --swarm`): it starts the stopped peers with their recorded replicas',
  restart: 'run `ish-monitor restart --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  cleanup: 'run `ish-monitor cleanup --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  backup: 'run `ish-monitor backup --swarm` (or set ISH_MONITOR_TARGET=swarm)',
  upgrade: 'on Swarm, set the new image in .env and run `ish-monitor deploy --swarm`: a rolling update, rolled back by Swarm if it fails',
  restore: 'a backup --swarm archive restores into a plain deployment of the project: `cleanup --swarm`, `deploy`, then `restore FILE`',
};

function refusal(command: string, why: string): IshError {
  const what = withSwarmMode.has(command) ? `\`ish-monitor ${command}\` without --swarm acts on plain containers` : `\`ish-monitor ${command}\` is not swarm-aware yet`;
  return new IshError(`${what}, and ${why}`, ExitCode.swarm, instead[command] ?? 'run it against a plain-container deployment; see README, "Scaling out"');
}

/**
 * Refuses, before any work, a command that would act on plain containers when the project is deployed
 * on Docker Swarm (ISH_MONITOR_TARGET=swarm, or task containers of the project on this engine).
 * An engine that does not answer, or a stack that does not load, is left to the command to report.
 */
export function registerSwarmGuard(program: Command): void {
  program.hook('preAction', async (_root, action) => {
    const name = action.name();
    if (action.parent !== program || !(containerOnly.has(name) || withSwarmMode.has(name))) return;
    if (withSwarmMode.has(name) && action.opts<{ swarm?: boolean }>().swarm) return;
    const target = process.env.ISH_MONITOR_TARGET;
    if (containerOnly.has(name) && target === 'swarm') throw refusal(name, 'ISH_MONITOR_TARGET=swarm is set');
    if (target === 'swarm') return;
    // status asks only when it finds no container of the project: the common case costs it nothing.
    if (name === 'status') return;
    const [{ openStack }, { connectDocker }, { connectSwarm }] = await Promise.all([import('../core/stack-context.js'), import('../docker/dockerode-gateway.js'), import('../docker/swarm-gateway.js')]);
    const project = await openStack(stackOptions(action.optsWithGlobals<GlobalOptions>())).then((c) => c.project, () => undefined);
    if (project === undefined) return;
    await refuseOnSwarm(name, project, connectDocker(process.env), connectSwarm(process.env));
  });
}

/**
 * Throws the refusal when the project is deployed on Docker Swarm here: task containers of it run on
 * this engine, or (with `swarm`, when none run: all stopped by stop --swarm, or on other nodes) the
 * swarm has services of it. An engine error, or an engine in no swarm, counts as no.
 */
export async function refuseOnSwarm(command: string, project: string, gateway: Pick<DockerGateway, 'listContainers'>, swarm?: Pick<SwarmGateway, 'listServices'>): Promise<void> {
  // Both questions at once: every plain deploy, backup, stop ... asks them before its work.
  const [tasks, services] = await Promise.all([
    gateway.listContainers({ [SwarmLabel.namespace]: project }).catch(() => []),
    swarm ? swarm.listServices(swarmFilter(project)).catch(() => []) : [],
  ]);
  if (tasks.some((c) => c.labels[SwarmLabel.service] !== undefined)) throw refusal(command, `project ${project} runs on Docker Swarm here`);
  if (services.length > 0) throw refusal(command, `project ${project} is deployed on Docker Swarm here (${services.length} services)`);
}
