/** The status line and headers of an HTTP/1.1 response (header names lower-cased). */
export interface ResponseHead {
  status: number;
  reason: string;
  headers: Map<string, string>;
}

/** What the parser hands on: the head once, body bytes as views of the fed buffer (valid only during the call), the end once. */
export interface ResponseSink {
  head(h: ResponseHead): void;
  body(bytes: Buffer): void;
  end(): void;
}

const maxLineBytes = 64 << 10;
const crlf = 0x0a;

type State = 'head' | 'size' | 'data' | 'data-end' | 'trailer' | 'length' | 'until-close' | 'done';

/**
 * An incremental parser of one HTTP/1.1 response: the head, then a body framed by
 * `Transfer-Encoding: chunked`, by `Content-Length`, or by the connection's close. It copies no body
 * byte: the sink gets views of the buffer given to `feed`. A malformed response throws.
 */
export class ResponseParser {
  private state: State = 'head';
  private line = '';
  private headLines: string[] = [];
  private left = 0;
  /** Body bytes handed on so far. */
  received = 0;
  /** The declared body length, when the response has one. */
  expected: number | undefined;

  /** `sink` receives the parts as they are parsed. */
  constructor(private readonly sink: ResponseSink) {}

  /** Parses the bytes; only bytes after the response's end are ignored. */
  feed(buf: Buffer): void {
    let at = 0;
    while (at < buf.length && this.state !== 'done') {
      if (this.state === 'data' || this.state === 'length' || this.state === 'until-close') {
        const n = this.state === 'until-close' ? buf.length - at : Math.min(this.left, buf.length - at);
        this.sink.body(buf.subarray(at, at + n));
        this.received += n;
        this.left -= n;
        at += n;
        if (this.left === 0 && this.state === 'data') this.state = 'data-end';
        else if (this.left === 0 && this.state === 'length') this.finish();
        continue;
      }
      const nl = buf.indexOf(crlf, at);
      const end = nl < 0 ? buf.length : nl;
      this.line += buf.toString('latin1', at, end);
      if (this.line.length > maxLineBytes) throw new Error('the engine sent a header or chunk line longer than 64 KB');
      at = end;
      if (nl < 0) continue;
      at += 1;
      const text = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
      this.line = '';
      this.onLine(text);
    }
  }

  private onLine(text: string): void {
    if (this.state === 'head') {
      if (text !== '') this.headLines.push(text);
      else this.startBody();
    } else if (this.state === 'size') {
      const size = /^([0-9a-fA-F]+)\s*(?:;.*)?$/.exec(text);
      if (!size) throw new Error(`the engine sent a malformed chunk size line: ${JSON.stringify(text.slice(0, 40))}`);
      this.left = parseInt(size[1]!, 16);
      this.state = this.left === 0 ? 'trailer' : 'data';
    } else if (this.state === 'data-end') {
      if (text !== '') throw new Error('the engine sent a chunk longer than its declared size');
      this.state = 'size';
    } else if (this.state === 'trailer' && text === '') {
      this.finish();
    }
  }

  private startBody(): void {
    const [statusLine = '', ...fields] = this.headLines;
    const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new Error(`the engine sent no HTTP status line: ${JSON.stringify(statusLine.slice(0, 40))}`);
    const headers = new Map<string, string>();
    for (const f of fields) {
      const colon = f.indexOf(':');
      if (colon > 0) headers.set(f.slice(0, colon).trim().toLowerCase(), f.slice(colon + 1).trim());
    }
    const status = Number(m[1]);
    this.sink.head({ status, reason: m[2] ?? '', headers });
    const length = headers.get('content-length');
    if (/\bchunked\b/i.test(headers.get('transfer-encoding') ?? '')) this.state = 'size';
    else if (length !== undefined) {
      if (!/^\d+$/.test(length)) throw new Error(`the engine sent a malformed Content-Length: ${length}`);
      this.expected = this.left = Number(length);
      this.state = 'length';
      if (this.left === 0) this.finish();
    } else if (status === 204 || status === 304) this.finish();
    else this.state = 'until-close';
  }

  private finish(): void {
    this.state = 'done';
    this.sink.end();
  }

  /** The connection closed: completes a close-framed body; anything else is a response cut short. */
  close(): void {
    if (this.state === 'until-close') this.finish();
    if (this.state === 'done') return;
    const what = this.state === 'head' ? 'before the response head was complete' : this.expected !== undefined ? `after ${this.received} of ${this.expected} body bytes` : `after ${this.received} body bytes, inside the chunked body`;
    throw new Error(`the engine closed the connection ${what}`);
  }
}
