import { describe, expect, it } from 'vitest';
import { demuxLogs } from '../../../src/docker/demux-logs.js';
import { frame } from '../../support/log-frame.js';


describe('demuxLogs', () => {
  it('joins stdout and stderr frames into lines in order', () => {
    const buf = Buffer.concat([frame(1, 'level=info msg="Starting"\nsecond '), frame(2, 'half\n'), frame(2, 'err line\n')]);
    expect(demuxLogs(buf)).toEqual(['level=info msg="Starting"', 'second half', 'err line']);
  });
  it('passes through a TTY log that has no frames', () => {
    expect(demuxLogs(Buffer.from('plain\ntext\n'))).toEqual(['plain', 'text']);
  });
});
