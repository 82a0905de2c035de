import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stateDir } from '../../src/core/state-dir.js';
import { removeProject } from './docker-cli.js';
import { freePorts } from './free-port.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The env file the test setup gets from scripts/build-local-images.sh: locally built image names. */
export const localImagesEnv = join(repo, 'test', '.local-images.env');

/** A private copy of the stack (compose/ and monitoring/) with its own project name and free ports. */
export interface TestStack {
  dir: string;
  project: string;
  composeFile: string;
  ports: Record<'prometheus' | 'alertmanager' | 'grafana' | 'node-exporter' | 'blackbox-exporter', number>;
  /** Global CLI arguments that point at this stack. */
  args: string[];
  /** Removes the project's containers, networks and volumes, keeping the copy (and its secrets). */
  destroyEngineState(): void;
  /** Removes the project's engine resources, the copy, and the CLI's state (history) of the project. */
  destroy(): void;
}

/** Copies the stack to a temp dir, with a .env of local images and free ports, so tests never touch a user's stack. */
export async function createTestStack(name: string): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), `ish-e2e-${name}-`));
  cpSync(join(repo, 'compose'), join(dir, 'compose'), { recursive: true, filter: (src) => !/[/\\](\.env|secrets)$/.test(src) });
  cpSync(join(repo, 'monitoring'), join(dir, 'monitoring'), { recursive: true });
  const project = `ishe2e-${name}-${process.pid}`;
  const ports = await freePorts(['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter'] as const);
  const env = [
    readFileSync(localImagesEnv, 'utf8').trim(),
    `ISH_MONITOR_PROJECT=${project}`,
    `PROMETHEUS_PORT=${ports.prometheus}`,
    `ALERTMANAGER_PORT=${ports.alertmanager}`,
    `GRAFANA_PORT=${ports.grafana}`,
    `NODE_EXPORTER_PORT=${ports['node-exporter']}`,
    `BLACKBOX_EXPORTER_PORT=${ports['blackbox-exporter']}`,
  ].join('\n');
  writeFileSync(join(dir, 'compose', '.env'), `${env}\n`);
  const composeFile = join(dir, 'compose', 'docker-compose.monitoring.yml');
  return {
    dir,
    project,
    composeFile,
    ports,
    args: ['-f', composeFile],
    destroyEngineState() {
      removeProject(project);
    },
    destroy() {
      removeProject(project);
      rmSync(dir, { recursive: true, force: true });
      rmSync(stateDir(process.env, project), { recursive: true, force: true });
    },
  };
}
