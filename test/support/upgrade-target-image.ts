import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { localImagesEnv } from './test-stack.js';

/** The locally built image of a service, from the env file the test setup wrote (e.g. PROMETHEUS_IMAGE). */
export function localImage(variable: string): string {
  const line = readFileSync(localImagesEnv, 'utf8').split('\n').find((l) => l.startsWith(`${variable}=`));
  if (!line) throw new Error(`${variable} is not in ${localImagesEnv}: run scripts/build-local-images.sh`);
  return line.slice(variable.length + 1).trim();
}

/** Builds `tag` from a Dockerfile of local images only, with the classic builder (it takes FROM from the local image store, with no registry to ask); building it again is a cache hit. */
function buildLocal(tag: string, dockerfile: string): string {
  execFileSync('docker', ['build', '-q', '-t', tag, '-'], { input: dockerfile, env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: ['pipe', 'ignore', 'pipe'] });
  return tag;
}

/**
 * A second version of a local image for upgrade tests: the same program with one more label, so a
 * new image ID under a new tag (`<tag>-upgrade-test`). Built from the local image, no registry
 * needed.
 */
export function buildUpgradeTarget(base: string): string {
  return buildLocal(`${base}-upgrade-test`, `FROM ${base}\nLABEL io.ish-monitor.test-fixture=upgrade-target\n`);
}

/**
 * A newer GRAFANA STAND-IN that migrates its data: data format 2 (it rewrites the volume's
 * `stand-in-data-format` marker on boot, which the format-1 stand-in then refuses). Unless `ready`,
 * it never becomes ready: it listens on 3999, where nobody probes.
 */
export function buildMigratingStandIn(standIn: string, ready = false): string {
  const variant = ready ? 'format2' : 'format2-never-ready';
  return buildLocal(
    `${standIn}-${variant}`,
    `FROM ${standIn}\nLABEL io.ish-monitor.test-fixture=${variant}\nENV GRAFANA_STAND_IN_DATA_FORMAT=2${ready ? '' : ' GF_SERVER_HTTP_PORT=3999'}\n`,
  );
}
