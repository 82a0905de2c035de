import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveName } from '../../../src/backup/archive-file.js';
import { listConfigItems } from '../../../src/backup/config-entries.js';
import { entryMismatch, parseHeader, parseManifest } from '../../../src/backup/manifest.js';
import { readTar } from '../../../src/backup/tar-reader.js';
import { planBackup } from '../../../src/core/backup-plan.js';
import { belowTop, isExcluded } from '../../../src/core/copy-volume.js';
import type { StackContext } from '../../../src/core/stack-context.js';
import type { ContainerSummary } from '../../../src/docker/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'ish-backup-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const good = { format: 'ish-monitor-backup', formatVersion: 1, toolVersion: '1', project: 'p', createdAt: 'now', compression: 'gzip', services: ['grafana'], volumes: ['grafana_data'] };

describe('manifest parsing', () => {
  it('accepts a valid header and manifest', () => {
    expect(parseHeader(JSON.stringify(good)).project).toBe('p');
    const m = parseManifest(JSON.stringify({ ...good, entries: [{ path: 'a', type: 'File', size: 1, sha256: 'a'.repeat(64) }], serviceDetails: [], volumeDetails: [] }));
    expect(m.entries).toHaveLength(1);
  });

  it('refuses JSON that is not a manifest, naming the problem', () => {
    expect(() => parseHeader('{')).toThrow(/not JSON/);
    expect(() => parseHeader(JSON.stringify({ ...good, format: 'x' }))).toThrow(/format is "x"/);
    expect(() => parseHeader(JSON.stringify({ ...good, formatVersion: 2 }))).toThrow(/format version 2/);
    expect(() => parseManifest(JSON.stringify({ ...good, entries: [{ path: 'a', type: 'File', size: 1, sha256: 'nope' }], serviceDetails: [], volumeDetails: [] }))).toThrow(/entry 0/);
    expect(() => parseManifest(JSON.stringify(good))).toThrow(/"entries" is missing/);
  });

  it('says how an entry differs', () => {
    const e = { path: 'a', type: 'File', size: 1, sha256: 'a'.repeat(64) };
    expect(entryMismatch(e, e)).toBeUndefined();
    expect(entryMismatch(e, { ...e, size: 2 })).toMatch(/size is 2 bytes/);
    expect(entryMismatch(e, { ...e, sha256: 'b'.repeat(64) })).toMatch(/SHA-256/);
    expect(entryMismatch(e, { ...e, path: 'b' })).toMatch(/expected a here, found b/);
  });

  it('names archives <project>-<UTC timestamp>.tar[.gz]', () => {
    const at = new Date('2026-11-27T19:31:39.123Z');
    expect(archiveName('ish', at, 'gzip')).toBe('ish-20261127T193139Z.tar.gz');
    expect(archiveName('ish', at, 'none')).toBe('ish-20261127T193139Z.tar');
  });
});

describe('reading tar streams made by other tools', () => {
  it('reads long names (PAX) and bodies of a tar made by node-tar', async () => {
    const src = join(tmp, 'src');
    const deep = join(src, 'x'.repeat(60), 'y'.repeat(60));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'file.txt'), 'hello');
    symlinkSync('file.txt', join(deep, 'link'));
    const stream = tar.c({ cwd: tmp, portable: true }, ['src']) as unknown as AsyncIterable<Uint8Array>;
    const seen: { path: string; type: string; body: string; linkpath: string }[] = [];
    for await (const e of readTar(stream, { strict: false })) {
      let body = '';
      for await (const b of e.body) body += b.toString();
      seen.push({ path: e.path, type: e.type, body, linkpath: e.linkpath });
    }
    expect(seen).toContainEqual({ path: `src/${'x'.repeat(60)}/${'y'.repeat(60)}/file.txt`, type: 'File', body: 'hello', linkpath: '' });
    expect(seen.find((s) => s.type === 'SymbolicLink')?.linkpath).toBe('file.txt');
  });
});

describe('configuration members', () => {
  it('takes compose/ and monitoring/ but never compose/secrets', async () => {
    const root = join(tmp, 'stack');
    mkdirSync(join(root, 'compose', 'secrets'), { recursive: true });
    mkdirSync(join(root, 'monitoring', 'prometheus'), { recursive: true });
    writeFileSync(join(root, 'compose', 'docker-compose.yml'), 'name: x\n');
    writeFileSync(join(root, 'compose', 'secrets', 'grafana_admin_password'), 'hunter2');
    writeFileSync(join(root, 'monitoring', 'prometheus', 'prometheus.yml'), 'global: {}\n');
    const { roots, items } = await listConfigItems(join(root, 'compose', 'docker-compose.yml'));
    expect(roots).toEqual(['compose', 'monitoring']);
    expect(items.map((i) => i.path)).toEqual(['config/compose/', 'config/compose/docker-compose.yml', 'config/monitoring/', 'config/monitoring/prometheus/', 'config/monitoring/prometheus/prometheus.yml']);
  });
});

describe('backup plan', () => {
  const svc = (name: string, volumes: { type: 'volume' | 'bind'; source: string; target: string }[], command?: string[]) => ({ name, volumes: volumes.map((v) => ({ ...v, readOnly: false })), command, profiles: [] });
  const services = [
    svc('alertmanager', [{ type: 'volume', source: 'alertmanager_data', target: '/alertmanager' }]),
    svc('prometheus', [{ type: 'volume', source: 'prometheus_data', target: '/prometheus' }], ['--storage.tsdb.path=/prometheus', '--web.enable-admin-api']),
    svc('grafana', [
      { type: 'volume', source: 'grafana_data', target: '/var/lib/grafana' },
      { type: 'bind', source: '/x/dashboards', target: '/var/lib/grafana/dashboards' },
    ]),
    svc('node-exporter', []),
    svc('thanos-sidecar', [{ type: 'volume', source: 'prometheus_data', target: '/prometheus' }]),
  ];
  const ctx = { project: 'p', services, stack: { services, composeFile: '/x/compose.yml' }, volumeNames: {} } as unknown as StackContext;
  const container = (service: string, state = 'running') => ({ id: `id-${service}`, image: `${service}:1`, imageId: `sha256:${service}`, state, labels: { 'com.docker.compose.service': service } }) as unknown as ContainerSummary;
  const deployed = ['alertmanager', 'prometheus', 'grafana', 'node-exporter'].map((s) => container(s));

  it('stops the others first and snapshots Prometheus last, skips services without volumes, leaves nested mounts out', () => {
    const plan = planBackup(ctx, deployed, [], false);
    expect(plan.map((p) => [p.service, p.method])).toEqual([
      ['alertmanager', 'stopped-during-copy'],
      ['grafana', 'stopped-during-copy'],
      ['prometheus', 'tsdb-snapshot'],
    ]);
    expect(plan[1]!.volumes[0]).toMatchObject({ volume: 'grafana_data', engineName: 'p_grafana_data', excluded: ['dashboards'], tsdb: false });
    expect(plan[2]!.volumes[0]!.tsdb).toBe(true);
  });

  it('stops Prometheus for its copy when its admin API is off (published beyond loopback)', () => {
    const noAdmin = services.map((s) => (s.name === 'prometheus' ? { ...s, command: ['--storage.tsdb.path=/prometheus', '--no-web.enable-admin-api'] } : s));
    const plan = planBackup({ ...ctx, services: noAdmin } as unknown as StackContext, deployed, [], false);
    expect(plan.find((p) => p.service === 'prometheus')?.method).toBe('stopped-during-copy');
  });

  it('records the engine volume the source names (a Swarm peer has its own: p_prometheus_data-2)', () => {
    const plan = planBackup(ctx, [container('prometheus')], [], true, (service, volume) => `p_${volume}-${service === 'prometheus' ? 2 : 1}`);
    expect(plan[0]!.volumes[0]).toMatchObject({ volume: 'prometheus_data', engineName: 'p_prometheus_data-2' });
  });

  it('--stop stops Prometheus too; a stopped container is copied as it is', () => {
    const plan = planBackup(ctx, [container('prometheus'), container('grafana', 'exited')], [], true);
    expect(plan.map((p) => [p.service, p.method])).toEqual([
      ['prometheus', 'stopped-during-copy'],
      ['grafana', 'already-stopped'],
    ]);
  });

  it('refuses named services without data or not deployed', () => {
    expect(() => planBackup(ctx, deployed, ['node-exporter'], false)).toThrow(/node-exporter has no data volume/);
    expect(() => planBackup(ctx, deployed, ['thanos-sidecar'], false)).toThrow(/thanos-sidecar is not deployed/);
    expect(() => planBackup(ctx, deployed, ['nope'], false)).toThrow(/unknown service "nope"/);
  });

  it('maps engine archive paths below their top directory and matches exclusions', () => {
    expect(belowTop('grafana/')).toBe('');
    expect(belowTop('grafana')).toBe('');
    expect(belowTop('grafana/dashboards/a.json')).toBe('dashboards/a.json');
    expect(isExcluded('dashboards/', ['dashboards'])).toBe(true);
    expect(isExcluded('dashboards/a.json', ['dashboards'])).toBe(true);
    expect(isExcluded('dashboards2/a.json', ['dashboards'])).toBe(false);
  });
});
