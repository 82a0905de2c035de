import { configHash } from '../compose/config-hash.js';
import type { ContainerSummary, DockerGateway } from '../docker/types.js';
import { ConfigError, InterruptedError, IshError, NotReadyError } from '../errors.js';
import { asideName, createServiceContainer, startCreated } from './apply-plan.js';
import { serviceHash } from './deploy-stack.js';
import { mountDigest } from './mount-digest.js';
import type { DesiredService } from './plan-deploy.js';
import { planRestore } from './plan-upgrade.js';
import type { ProgressSink } from './progress.js';
import { listProjectContainers } from './project-containers.js';
import type { StackContext } from './stack-context.js';
import type { RecordedService } from './upgrade-record.js';
import { waitForStack } from './wait-for-stack.js';

/** What the service-by-service steps need. */
export interface StepDeps {
  gateway: DockerGateway;
  progress: ProgressSink;
  /** Readiness deadline per service. */
  timeoutMs: number;
  stopTimeoutSeconds: number;
  /** Ctrl-C: the wait in progress ends at once with InterruptedError. */
  signal?: AbortSignal;
}

function aborted(signal: AbortSignal): IshError {
  return signal.reason instanceof IshError ? signal.reason : new InterruptedError('SIGINT');
}

/** Rejects as soon as `signal` aborts, so a long readiness wait does not hold up Ctrl-C. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(aborted(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Waits until one service's container is ready (NotReadyError with its health output and logs otherwise). */
export function waitReady(service: string, id: string, deps: StepDeps): Promise<void> {
  return unlessAborted(waitForStack(deps.gateway, new Map([[service, id]]), { timeoutMs: deps.timeoutMs, progress: deps.progress }), deps.signal);
}

/**
 * Renames the old container aside while it still serves. The engine cannot rename a container
 * between two of its restarts (Docker 20.10: "sandbox ... not found"); a crash-looping container
 * serves nothing, so it is stopped first and renamed stopped.
 */
async function setAside(old: ContainerSummary, deps: StepDeps): Promise<void> {
  try {
    await deps.gateway.renameContainer(old.id, asideName(old));
  } catch (err) {
    const now = await deps.gateway.inspectContainer(old.id).catch(() => undefined);
    if (now?.state !== 'restarting' && !(now && now.restartCount > 0)) throw err;
    await deps.gateway.stopContainer(old.id, deps.stopTimeoutSeconds);
    await deps.gateway.renameContainer(old.id, asideName(old));
  }
}

/**
 * Moves one service to `want`: the old container is renamed aside while it still serves, the new
 * one created, and only then is the old one stopped (kept, so a rollback can start the very same
 * container again) and the new one started and waited for: the service is down from the stop to
 * the new start, not for the create. Returns the new container's ID.
 */
export async function replaceService(ctx: StackContext, want: DesiredService, old: ContainerSummary | undefined, deps: StepDeps): Promise<string> {
  if (deps.signal?.aborted) throw aborted(deps.signal);
  const name = want.spec.name;
  deps.progress.begin(name, `${name}: ${old ? 'replacing' : 'creating'} (${want.spec.image})`);
  if (old) await setAside(old, deps);
  const id = await createServiceContainer(ctx, want, deps.gateway);
  if (old && (old.state === 'running' || old.state === 'restarting')) await deps.gateway.stopContainer(old.id, deps.stopTimeoutSeconds);
  await startCreated(deps.gateway, id, name);
  deps.progress.succeed(name, `${name}: started on ${want.spec.image}`);
  await waitReady(name, id, deps);
  return id;
}

/** The desired state of a recorded service: its compose spec with the recorded image (by tag if the tag still means that image, else by ID). */
async function recordedDesired(ctx: StackContext, rec: RecordedService, gateway: DockerGateway): Promise<DesiredService> {
  const base = ctx.stack.services.find((s) => s.name === rec.service);
  if (!base) throw new ConfigError(`service ${rec.service} is not in ${ctx.stack.composeFile} any more: cannot recreate it`, 'restore the compose file the upgrade started from');
  const tagged = await gateway.inspectImage(rec.image);
  const spec = { ...base, image: tagged?.id === rec.imageId ? rec.image : rec.imageId };
  return { spec, hash: serviceHash(configHash(spec), await mountDigest(spec, ctx.stack.workingDir)), imageId: rec.imageId };
}

/** A recorded service back on its recorded version that did not become ready there. */
export interface NotReadyAgain {
  service: string;
  error: NotReadyError;
}

/** What putting the recorded services back did: the services changed back, and those of them not ready again. */
export interface RestoredRecorded {
  restored: string[];
  notReady: NotReadyAgain[];
}

/** Waits for a service put back; its not being ready is reported, not thrown, so the other services still go back. */
async function readyAgain(service: string, work: () => Promise<unknown>, notReady: NotReadyAgain[]): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (err) {
    if (!(err instanceof NotReadyError)) throw err;
    notReady.push({ service, error: err });
    return false;
  }
}

/**
 * Returns the recorded services to their recorded state, in order: the recorded container itself
 * when it still exists (set aside by the upgrade), else a new one from the recorded image; then
 * waits until each is ready. A service not ready again is listed (its recorded version may refuse
 * the data the new one left) and the others still go back. Used by the automatic rollback and by
 * `upgrade --rollback`.
 */
export async function restoreRecorded(ctx: StackContext, recorded: RecordedService[], deps: StepDeps): Promise<RestoredRecorded> {
  const containers = await listProjectContainers(deps.gateway, ctx.project);
  const out: RestoredRecorded = { restored: [], notReady: [] };
  for (const step of planRestore(recorded, containers)) {
    if (step.kind === 'keep') continue;
    const rec = recorded.find((r) => r.service === step.service)!;
    deps.progress.begin(`restore:${rec.service}`, `${rec.service}: back to ${rec.image}`);
    for (const c of step.remove) await deps.gateway.removeContainer(c.id);
    if (step.kind === 'put-back') {
      if (step.container.name !== rec.name) await deps.gateway.renameContainer(step.container.id, rec.name);
      if (rec.running && step.container.state !== 'running') await deps.gateway.startContainer(step.container.id, rec.service);
      deps.progress.succeed(`restore:${rec.service}`, `${rec.service}: container ${rec.containerId.slice(0, 12)} back on ${rec.image}`);
      if (rec.running) await readyAgain(rec.service, () => waitReady(rec.service, step.container.id, deps), out.notReady);
    } else {
      const want = await recordedDesired(ctx, rec, deps.gateway);
      let id = '';
      const ready = await readyAgain(rec.service, async () => (id = await replaceService(ctx, want, step.current, deps)), out.notReady);
      // The replaced (upgraded) container goes once the recorded version runs: the rollback is
      // committed even when that version is not ready (its data is then the question, not the container).
      if (step.current) await deps.gateway.removeContainer(step.current.id);
      if (ready) deps.progress.succeed(`restore:${rec.service}`, `${rec.service}: recreated on ${want.spec.image} (${id.slice(0, 12)})`);
    }
    out.restored.push(rec.service);
  }
  return out;
}
