import { describe, expect, it } from 'vitest';
import type { DesiredService } from '../../../src/core/plan-deploy.js';
import { imageVariable, parseImageOverride, planRestore, planUpgrade, type RecordedContainer } from '../../../src/core/plan-upgrade.js';
import { UsageError } from '../../../src/errors.js';
import { containerSummary } from '../../support/container-summary.js';
import { serviceSpec } from '../../support/service-spec.js';

/** Hash of a service at an image: the running hash when the image is the running one. */
const hashAt = (service: string, image: string) => (image === `${service}:1` ? `h-${service}` : `h-${service}@${image}`);
const want = (service: string, image = `${service}:1`, imageId = `sha256:${service}`): DesiredService => ({ spec: serviceSpec(service, { image }), hash: hashAt(service, image), imageId });

describe('planUpgrade', () => {
  it('plans nothing when every container runs its target', () => {
    expect(planUpgrade([want('a'), want('b')], [containerSummary('a'), containerSummary('b')], hashAt)).toEqual([]);
  });

  it('replaces a service whose tag changes, naming the image as the change, in dependency order', () => {
    const a = containerSummary('a');
    const steps = planUpgrade([want('b'), want('a', 'a:2', 'sha256:a2')], [a, containerSummary('b')], hashAt);
    expect(steps).toEqual([{ service: 'a', action: 'replace', changes: ['image'], from: a, to: { image: 'a:2', imageId: 'sha256:a2' } }]);
  });

  it('sees a new image behind the same tag (image ID differs)', () => {
    const steps = planUpgrade([want('a', 'a:1', 'sha256:rebuilt')], [containerSummary('a')], hashAt);
    expect(steps.map((s) => [s.service, s.changes])).toEqual([['a', ['image']]]);
  });

  it('names a configuration change, alone or with the image', () => {
    const running = [containerSummary('a', { hash: 'h-old-config' }), containerSummary('b', { hash: 'h-old-config' })];
    const steps = planUpgrade([want('a'), want('b', 'b:2', 'sha256:b2')], running, hashAt);
    expect(steps.map((s) => [s.service, s.changes])).toEqual([
      ['a', ['configuration']],
      ['b', ['image', 'configuration']],
    ]);
  });

  it('creates a service that is not deployed', () => {
    expect(planUpgrade([want('a')], [], hashAt)).toEqual([{ service: 'a', action: 'create', changes: ['image', 'configuration'], to: { image: 'a:1', imageId: 'sha256:a' } }]);
  });

  it('leaves a stopped, up-to-date service alone', () => {
    expect(planUpgrade([want('a')], [containerSummary('a', { state: 'exited' })], hashAt)).toEqual([]);
  });
});

describe('parseImageOverride and imageVariable', () => {
  it('parses service=image:tag and digests', () => {
    expect(parseImageOverride('prometheus=prom/prometheus:v3.5.0')).toEqual({ service: 'prometheus', image: 'prom/prometheus:v3.5.0' });
    expect(parseImageOverride('node-exporter=reg:5000/ne@sha256:abc')).toEqual({ service: 'node-exporter', image: 'reg:5000/ne@sha256:abc' });
  });

  it('refuses anything else with a usage error naming the argument', () => {
    for (const bad of ['prometheus', 'prometheus=', '=img:1', 'a=b c', 'A=b:1']) {
      expect(() => parseImageOverride(bad)).toThrow(UsageError);
      expect(() => parseImageOverride(bad)).toThrow(`--set "${bad}"`);
    }
  });

  it('names the compose variable behind a service image', () => {
    expect(imageVariable('prometheus')).toBe('PROMETHEUS_IMAGE');
    expect(imageVariable('node-exporter')).toBe('NODE_EXPORTER_IMAGE');
  });
});

describe('planRestore', () => {
  const rec = (service: string, o: Partial<RecordedContainer> = {}): RecordedContainer => ({
    service,
    containerId: `old-${service}`,
    name: `p-${service}-1`,
    imageId: `sha256:${service}`,
    configHash: `h-${service}`,
    running: true,
    ...o,
  });

  it('puts the set-aside container back and drops the new one (interrupted or failed upgrade)', () => {
    const old = containerSummary('a', { id: 'old-a', name: 'p-a-1-replaced-old-a', state: 'exited' });
    const fresh = containerSummary('a', { id: 'new-a', imageId: 'sha256:a2' });
    expect(planRestore([rec('a')], [fresh, old])).toEqual([{ service: 'a', kind: 'put-back', container: old, remove: [fresh] }]);
  });

  it('puts back a set-aside container even when no new one was created yet', () => {
    const old = containerSummary('a', { id: 'old-a', name: 'p-a-1-replaced-old-a', state: 'exited' });
    expect(planRestore([rec('a')], [old])).toEqual([{ service: 'a', kind: 'put-back', container: old, remove: [] }]);
  });

  it('keeps a service already as recorded', () => {
    expect(planRestore([rec('a')], [containerSummary('a', { id: 'old-a' })])).toEqual([{ service: 'a', kind: 'keep' }]);
  });

  it('recreates from the recorded image when the upgrade finished and removed the old container', () => {
    const upgraded = containerSummary('a', { id: 'new-a', imageId: 'sha256:a2', hash: 'h-new' });
    expect(planRestore([rec('a')], [upgraded])).toEqual([{ service: 'a', kind: 'recreate', current: upgraded, remove: [] }]);
  });

  it('recreates a service with no container at all, and drops leftovers of other runs', () => {
    const leftover = containerSummary('a', { id: 'x', name: 'p-a-1-replaced-x', imageId: 'sha256:a2' });
    const current = containerSummary('a', { id: 'new-a', imageId: 'sha256:a2' });
    expect(planRestore([rec('a')], [leftover, current])).toEqual([{ service: 'a', kind: 'recreate', current, remove: [leftover] }]);
    expect(planRestore([rec('b')], [])).toEqual([{ service: 'b', kind: 'recreate', remove: [] }]);
  });

  it('counts a container already recreated on the recorded image and configuration as restored', () => {
    expect(planRestore([rec('a')], [containerSummary('a', { id: 'another' })])).toEqual([{ service: 'a', kind: 'keep' }]);
  });
});
