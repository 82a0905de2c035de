import { describe, expect, it } from 'vitest';
import { checkBindAddress, checkEngine, checkMemory, parseDfAvailable, versionAtLeast } from '../../../src/core/preflight.js';
import { selectStack } from '../../../src/core/stack-context.js';
import type { StackSpec } from '../../../src/compose/types.js';
import { serviceSpec } from '../../support/service-spec.js';

const info = { serverVersion: '20.10.24+dfsg1', apiVersion: '1.41', memTotalBytes: 8 * 1024 ** 3, dataRoot: '/var/lib/docker' };

describe('preflight checks', () => {
  it('versionAtLeast compares the leading numbers', () => {
    expect(versionAtLeast('20.10.24+dfsg1', '20.10')).toBe(true);
    expect(versionAtLeast('24.0.7', '20.10')).toBe(true);
    expect(versionAtLeast('19.03.15', '20.10')).toBe(false);
    expect(versionAtLeast('1.40', '1.41')).toBe(false);
  });

  it('an engine older than 20.10 fails with the fix', () => {
    expect(checkEngine(info, 'unix:///s').level).toBe('pass');
    expect(checkEngine({ ...info, serverVersion: '19.03.15', apiVersion: '1.40' }, 'unix:///s')).toMatchObject({ level: 'fail', fix: 'upgrade the Docker engine to 20.10 or newer' });
  });

  it('memory below the bar is a warning or a failure, as configured', () => {
    const limits = { minMemoryBytes: 16 * 1024 ** 3, minDiskBytes: 0 };
    expect(checkMemory(info, { ...limits, level: 'warn' }).level).toBe('warn');
    expect(checkMemory(info, { ...limits, level: 'fail' }).detail).toBe("8.0 GiB of memory on the engine's host, less than 16.0 GiB");
    expect(checkMemory(info, { ...limits, minMemoryBytes: 1, level: 'fail' }).level).toBe('pass');
  });

  it('df -Pk output: available 1K blocks of the last line, in bytes', () => {
    expect(parseDfAvailable('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda 264006468 25000000 81549352 23% /data\n')).toBe(81549352 * 1024);
    expect(parseDfAvailable('df: /data: No such file or directory')).toBeUndefined();
  });

  it('bind address: not an IP, not of this host, beyond loopback, loopback', () => {
    const ctxFor = (hostIp: string) => {
      const stack = { project: 'p', services: [serviceSpec('prometheus', { ports: [{ target: 9090, published: 9090, hostIp, protocol: 'tcp' }] })], networks: {}, volumes: {}, workingDir: '/w' } as unknown as StackSpec;
      return selectStack(stack, []);
    };
    const here = new Set(['127.0.0.1', '10.0.0.5']);
    expect(checkBindAddress(ctxFor('localhost'), true, here)).toMatchObject({ level: 'fail', detail: 'bind address "localhost" is not an IP address' });
    expect(checkBindAddress(ctxFor('192.0.2.7'), true, here)).toMatchObject({ level: 'fail', detail: 'bind address 192.0.2.7 is not an address of this host' });
    expect(checkBindAddress(ctxFor('192.0.2.7'), false, here).level).toBe('warn');
    expect(checkBindAddress(ctxFor('10.0.0.5'), true, here).level).toBe('warn');
    expect(checkBindAddress(ctxFor('127.0.0.1'), true, here).level).toBe('pass');
  });
});
