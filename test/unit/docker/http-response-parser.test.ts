import { describe, expect, it } from 'vitest';
import { ResponseParser, type ResponseHead } from '../../../src/docker/http-response-parser.js';

interface Parsed {
  head?: ResponseHead;
  body: string;
  ended: boolean;
  parser: ResponseParser;
}

function parse(wire: string, pieceBytes: number): Parsed {
  const out = { body: '', ended: false } as Parsed;
  out.parser = new ResponseParser({ head: (h) => (out.head = h), body: (b) => (out.body += b.toString('latin1')), end: () => (out.ended = true) });
  const bytes = Buffer.from(wire, 'latin1');
  for (let at = 0; at < bytes.length; at += pieceBytes) out.parser.feed(bytes.subarray(at, at + pieceBytes));
  return out;
}

/** The hand-written HTTP/1.1 response parser of the raw engine reader: framing split anywhere. */
describe('ResponseParser', () => {
  const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Docker-Container-Path-Stat: e30=\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n';

  it.each([1, 2, 7, 1000])('reads a chunked body with extensions and trailers, fed %i byte(s) at a time', (piece) => {
    const r = parse(chunked, piece);
    expect(r.head?.status).toBe(200);
    expect(r.head?.headers.get('x-docker-container-path-stat')).toBe('e30=');
    expect(r.body).toBe('hello, world');
    expect(r.ended).toBe(true);
  });

  it.each([1, 3, 1000])('reads a Content-Length body, ignoring what follows it, fed %i byte(s) at a time', (piece) => {
    const r = parse('HTTP/1.1 404 Not Found\r\nContent-Length: 11\r\n\r\n{"message"}EXTRA', piece);
    expect([r.head?.status, r.head?.reason, r.body, r.ended]).toEqual([404, 'Not Found', '{"message"}', true]);
  });

  it('reads a body framed by the close of the connection', () => {
    const r = parse('HTTP/1.0 200 OK\r\n\r\nabc', 2);
    expect(r.ended).toBe(false);
    r.parser.close();
    expect([r.body, r.ended]).toEqual(['abc', true]);
  });

  it('names a response cut short: in the head, in a sized body, in a chunked body', () => {
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Le', 5).parser.close()).toThrow('before the response head was complete');
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', 5).parser.close()).toThrow('after 3 of 10 body bytes');
    expect(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', 5).parser.close()).toThrow('after 3 body bytes, inside the chunked body');
  });

  it('refuses malformed framing', () => {
    expect(() => parse('SSH-2.0-OpenSSH\r\n\r\n', 100)).toThrow('no HTTP status line');
    expect(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 100)).toThrow('malformed chunk size');
    expect(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', 100)).toThrow('longer than its declared size');
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 100)).toThrow('malformed Content-Length');
  });
});
