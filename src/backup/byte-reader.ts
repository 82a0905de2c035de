/**
 * Pulls exact byte counts out of a chunked stream, holding at most one chunk beyond what is asked.
 * It asks for the next chunk only once it is done with the last, so the source may reuse a chunk's
 * memory after that (the engine's archive stream does); what `chunks` yields is valid until then.
 */
export class ByteReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private head: Buffer = Buffer.alloc(0);
  private done = false;
  /** Bytes handed out so far (the offset of the next byte). */
  position = 0;

  /** Wraps an async iterable of chunks. */
  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    while (this.head.length === 0) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      this.head = Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    }
    return true;
  }

  private take(n: number): Buffer {
    const out = this.head.subarray(0, n);
    this.head = this.head.subarray(out.length);
    this.position += out.length;
    return out;
  }

  /** Exactly `n` bytes, or fewer only when the stream ends first; valid until the next call. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n && (await this.fill())) {
      const part = this.take(n - got);
      got += part.length;
      // A source may reuse a chunk's memory once the next is asked for: keep a copy of a part that has to wait for more.
      parts.push(got < n ? Buffer.from(part) : part);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  /** The next `n` bytes as chunks, without gathering them; ends early only when the stream does. */
  async *chunks(n: number): AsyncIterable<Buffer> {
    let left = n;
    while (left > 0 && (await this.fill())) {
      const part = this.take(left);
      left -= part.length;
      yield part;
    }
  }

  /** Drops the next `n` bytes; fewer only when the stream ends first. */
  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0 && (await this.fill())) left -= this.take(left).length;
  }

  /**
   * Lets go of the source when it was not read to its end: its iterator's `return()` runs its
   * cleanup (a decompressor behind it is stopped; left running, it would keep the process alive).
   */
  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.head = Buffer.alloc(0);
    await this.it.return?.();
  }

  /** Drains what is left, returning whether any of it was not a zero byte. */
  async restIsZero(): Promise<boolean> {
    while (await this.fill()) {
      const part = this.take(this.head.length);
      if (part.some((b) => b !== 0)) return false;
    }
    return true;
  }
}
