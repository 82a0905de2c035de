/**
 * Splits a Docker log buffer into lines. Without a TTY the engine multiplexes stdout and stderr in
 * frames of an 8-byte header (stream, 0, 0, 0, big-endian size) followed by the payload.
 */
export function demuxLogs(buf: Buffer): string[] {
  const looksMultiplexed = buf.length >= 8 && buf[0]! <= 2 && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  let text = '';
  if (looksMultiplexed) {
    let offset = 0;
    while (offset + 8 <= buf.length) {
      const size = buf.readUInt32BE(offset + 4);
      text += buf.subarray(offset + 8, offset + 8 + size).toString('utf8');
      offset += 8 + size;
    }
  } else {
    text = buf.toString('utf8');
  }
  return text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
}
