/** One frame of Docker's multiplexed log stream: 8-byte header (stream, 0, 0, 0, big-endian size) and payload. */
export function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
