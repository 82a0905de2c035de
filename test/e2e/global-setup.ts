import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dockerAnswers } from '../support/docker-cli.js';
import { localImagesEnv } from '../support/test-stack.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * E2E tests need a real engine and the locally built images. The setup starts and builds what is
 * missing (both scripts are fast when nothing is); it never skips: no engine is a failure.
 */
export default function setup(): void {
  if (!existsSync(`${repo}/dist/main.js`)) throw new Error('dist/main.js is missing: run `npm run build` before the e2e tests');
  if (!dockerAnswers()) execFileSync('bash', [`${repo}/scripts/ensure-docker.sh`], { stdio: 'inherit' });
  if (!dockerAnswers()) throw new Error('no Docker engine answers, and scripts/ensure-docker.sh could not start one: the e2e tests need a real engine');
  execFileSync('bash', [`${repo}/scripts/build-local-images.sh`, '--env-file', localImagesEnv], { stdio: 'inherit' });
}
