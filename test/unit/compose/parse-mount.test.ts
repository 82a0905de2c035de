import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../../../src/compose/invalid-value.js';
import { parseMount } from '../../../src/compose/parse-mount.js';

const ctx = { workingDir: '/srv/stack/compose', home: '/home/op' };

describe('parseMount', () => {
  it.each([
    ['data:/data', { type: 'volume', source: 'data', target: '/data', readOnly: false }],
    ['data:/data:ro', { type: 'volume', source: 'data', target: '/data', readOnly: true }],
    ['data:/data:rw', { type: 'volume', source: 'data', target: '/data', readOnly: false }],
    ['./conf:/etc/conf:ro', { type: 'bind', source: '/srv/stack/compose/conf', target: '/etc/conf', readOnly: true }],
    ['../monitoring/prometheus:/etc/prometheus:ro', { type: 'bind', source: '/srv/stack/monitoring/prometheus', target: '/etc/prometheus', readOnly: true }],
    ['/proc:/host/proc:ro', { type: 'bind', source: '/proc', target: '/host/proc', readOnly: true }],
    ['/:/rootfs:ro', { type: 'bind', source: '/', target: '/rootfs', readOnly: true }],
    ['~/backups:/backups', { type: 'bind', source: '/home/op/backups', target: '/backups', readOnly: false }],
  ])('short form %j', (entry, expected) => {
    expect(parseMount(entry, ctx)).toEqual(expected);
  });

  it('long form', () => {
    expect(parseMount({ type: 'bind', source: './x', target: '/x', read_only: true }, ctx)).toEqual({
      type: 'bind',
      source: '/srv/stack/compose/x',
      target: '/x',
      readOnly: true,
    });
    expect(parseMount({ type: 'volume', source: 'data', target: '/d' }, ctx)).toEqual({ type: 'volume', source: 'data', target: '/d', readOnly: false });
  });

  it.each([
    ['/data', /anonymous volumes are not supported/],
    ['data:/data:z', /unsupported mode "z"/],
    ['data:relative', /target "relative" is not an absolute path/],
    ['my/dir:/data', /"my\/dir" is neither a volume name nor a path/],
    ['a:b:c:d', /too many ":"/],
  ])('rejects %j', (entry, why) => {
    expect(() => parseMount(entry, ctx)).toThrow(InvalidValueError);
    expect(() => parseMount(entry, ctx)).toThrow(why);
  });

  it('rejects a long-form mount without a source', () => {
    expect(() => parseMount({ type: 'volume', target: '/d' }, ctx)).toThrow(/source is missing/);
  });
});
