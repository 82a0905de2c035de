import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MountSpec, ServiceSpec } from '../../../src/compose/types.js';
import { mountDigest } from '../../../src/core/mount-digest.js';
import { serviceSpec } from '../../support/service-spec.js';

const svc = (volumes: MountSpec[]): ServiceSpec => serviceSpec('prometheus', { volumes, networks: [] });
const bind = (source: string): MountSpec => ({ type: 'bind', source, target: '/t', readOnly: true });

/** A checkout: compose/ (the working dir) beside monitoring/prometheus with two files. */
function tree() {
  const root = mkdtempSync(join(tmpdir(), 'ish-digest-'));
  mkdirSync(join(root, 'compose'));
  mkdirSync(join(root, 'monitoring', 'prometheus', 'rules'), { recursive: true });
  writeFileSync(join(root, 'monitoring', 'prometheus', 'prometheus.yml'), 'global: {}\n');
  writeFileSync(join(root, 'monitoring', 'prometheus', 'rules', 'a.yml'), 'groups: []\n');
  return { root, workingDir: join(root, 'compose'), config: join(root, 'monitoring', 'prometheus') };
}

describe('mountDigest (real files)', () => {
  it('changes when any file of a mounted directory of the stack changes, and only then', async () => {
    const t = tree();
    const s = svc([bind(t.config), bind('/proc')]);
    const before = await mountDigest(s, t.workingDir);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await mountDigest(s, t.workingDir)).toBe(before);
    writeFileSync(join(t.root, 'unrelated.txt'), 'x');
    expect(await mountDigest(s, t.workingDir)).toBe(before);
    appendFileSync(join(t.config, 'rules', 'a.yml'), '# edited\n');
    expect(await mountDigest(s, t.workingDir)).not.toBe(before);
  });

  it('reads nothing outside the stack tree: host mounts give no digest', async () => {
    const t = tree();
    expect(await mountDigest(svc([bind('/proc'), bind('/'), { type: 'volume', source: 'data', target: '/d', readOnly: false }]), t.workingDir)).toBeUndefined();
  });

  it('sees a file moved to another name in the same directory', async () => {
    const t = tree();
    const s = svc([bind(t.config)]);
    const before = await mountDigest(s, t.workingDir);
    writeFileSync(join(t.config, 'rules', 'b.yml'), 'groups: []\n');
    const { rmSync } = await import('node:fs');
    rmSync(join(t.config, 'rules', 'a.yml'));
    expect(await mountDigest(s, t.workingDir)).not.toBe(before);
  });
});
