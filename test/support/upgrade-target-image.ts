import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { localImagesEnv } from './test-stack.js';

/** The locally built image of a service, from the env file the test setup wrote (e.g. PROMETHEUS_IMAGE). */
export function localImage(variable: string): string {
  const line = readFileSync(localImagesEnv, 'utf8').split('\n').find((l) => l.startsWith(`${variable}=`));
  if (!line) throw new Error(`${variable} is not in ${localImagesEnv}: run scripts/build-local-images.sh`);
  return line.slice(variable.length + 1).trim();
}

/**
 * A second version of a local image for upgrade tests: the same program with one more label, so a
 * new image ID under a new tag (`<tag>-upgrade-test`). Built from the local image, no registry
 * needed; building it again is a cache hit.
 */
export function buildUpgradeTarget(base: string): string {
  const tag = `${base}-upgrade-test`;
  execFileSync('docker', ['build', '-q', '-t', tag, '--label', 'io.ish-monitor.test-fixture=upgrade-target', '-'], {
    input: `FROM ${base}\n`,
    // The classic builder: it takes FROM from the local image store, with no registry to ask.
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  return tag;
}
