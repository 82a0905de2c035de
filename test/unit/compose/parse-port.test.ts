import { describe, expect, it } from 'vitest';
import { InvalidValueError } from '../../../src/compose/invalid-value.js';
import { parsePort } from '../../../src/compose/parse-port.js';

describe('parsePort', () => {
  it.each([
    ['9090', [{ target: 9090, protocol: 'tcp' }]],
    [9090, [{ target: 9090, protocol: 'tcp' }]],
    ['8080:80', [{ target: 80, published: 8080, protocol: 'tcp' }]],
    ['53:53/udp', [{ target: 53, published: 53, protocol: 'udp' }]],
    ['127.0.0.1:9090:9090', [{ target: 9090, published: 9090, hostIp: '127.0.0.1', protocol: 'tcp' }]],
    ['127.0.0.1::9090', [{ target: 9090, hostIp: '127.0.0.1', protocol: 'tcp' }]],
    [':9090:9090', [{ target: 9090, published: 9090, protocol: 'tcp' }]],
    ['[::1]:8080:80', [{ target: 80, published: 8080, hostIp: '::1', protocol: 'tcp' }]],
    ['[::1]::80/udp', [{ target: 80, hostIp: '::1', protocol: 'udp' }]],
    ['::1:8080:80', [{ target: 80, published: 8080, hostIp: '::1', protocol: 'tcp' }]],
    [
      '8000-8001:9000-9001',
      [
        { target: 9000, published: 8000, protocol: 'tcp' },
        { target: 9001, published: 8001, protocol: 'tcp' },
      ],
    ],
    [
      '7000-7001',
      [
        { target: 7000, protocol: 'tcp' },
        { target: 7001, protocol: 'tcp' },
      ],
    ],
  ])('short form %j', (entry, expected) => {
    expect(parsePort(entry)).toEqual(expected);
  });

  it('long form', () => {
    expect(parsePort({ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'udp', mode: 'host' })).toEqual([
      { target: 80, published: 8080, hostIp: '127.0.0.1', protocol: 'udp' },
    ]);
    expect(parsePort({ target: 80 })).toEqual([{ target: 80, protocol: 'tcp' }]);
  });

  it.each([
    ['0', /0 is not between 1 and 65535/],
    ['70000:80', /70000 is not between 1 and 65535/],
    ['80/sctp', /unsupported protocol "sctp"/],
    ['localhost:80:80', /host IP "localhost" is not an IPv4 or IPv6 address/],
    ['999.1.1.1:80:80', /host IP "999\.1\.1\.1"/],
    ['8000-8002:9000-9001', /host range has 3 ports but container range has 2/],
    ['abc', /"abc" is not a port number/],
    ['', /"" is not a port number/],
  ])('rejects %j', (entry, why) => {
    expect(() => parsePort(entry)).toThrow(InvalidValueError);
    expect(() => parsePort(entry)).toThrow(why);
  });

  it('rejects a long-form port out of range', () => {
    expect(() => parsePort({ target: 80, published: 65536 })).toThrow(/65536 is not between 1 and 65535/);
  });
});
