import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerIds } from '../support/docker-cli.js';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

describe('run lock: two deploys of one project at once', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack('lock');
  });
  afterAll(() => stack?.destroy());

  it('the second fails after --lock-timeout naming the first, or waits for it; the stack ends consistent', async () => {
    const first = runCli([...stack.args, 'deploy']);
    // Give the first run time to take the lock (it holds it for the whole deploy, ~15 s).
    await new Promise((r) => setTimeout(r, 1500));
    const impatient = await runCli([...stack.args, '--lock-timeout', '1', 'deploy']);
    expect(impatient.code).toBe(76);
    expect(impatient.stderr.split('\n').find((l) => l.startsWith('error:'))).toMatch(/^error: project ishe2e-lock-\d+ is locked by `deploy` \(pid \d+ on .+\); waited 1 s$/);
    const patient = runCli([...stack.args, 'deploy', '--json']);
    const [a, b] = await Promise.all([first, patient]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/is locked by `deploy`.*waiting up to 60 s/);
    // The waiting deploy found the first one's work done: nothing left to change.
    expect((JSON.parse(b.stdout) as { services: { action: string }[] }).services.every((s) => s.action === 'keep')).toBe(true);
    expect(Object.keys(containerIds(stack.project))).toHaveLength(5);
  });
});
