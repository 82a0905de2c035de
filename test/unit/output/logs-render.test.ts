import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../src/core/stream-logs.js';
import { logLineStyle, renderLogJsonLine, renderLogLine } from '../../../src/output/render-log-line.js';
import { paint } from '../../../src/output/style.js';

const line = (service: string, text: string, stream: 'stdout' | 'stderr' = 'stdout'): LogLine => ({
  service,
  container: `p-${service}-1`,
  stream,
  time: '2025-05-01T12:00:00.000000001Z',
  line: text,
});

describe('renderLogLine', () => {
  const services = ['prometheus', 'grafana', 'blackbox-exporter'];

  it('pads every prefix to the longest service name, plain when colour is off', () => {
    const style = logLineStyle(services, paint(false), false);
    expect(renderLogLine(line('grafana', 'GRAFANA STAND-IN: listening'), style)).toBe('grafana           | GRAFANA STAND-IN: listening\n');
    expect(renderLogLine(line('blackbox-exporter', 'up'), style)).toBe('blackbox-exporter | up\n');
    expect(renderLogLine(line('prometheus', ''), style)).toBe('prometheus        | \n');
  });

  it('puts the engine timestamp before the line with --timestamps', () => {
    const style = logLineStyle(['grafana'], paint(false), true);
    expect(renderLogLine(line('grafana', 'x'), style)).toBe('grafana | 2025-05-01T12:00:00.000000001Z x\n');
  });

  it('colours the prefix (not the line) with one colour per service when colour is on', () => {
    const style = logLineStyle(services, paint(true), false);
    const p = renderLogLine(line('prometheus', 'msg'), style);
    const g = renderLogLine(line('grafana', 'msg'), style);
    expect(p).toBe('\u001b[36mprometheus        |\u001b[39m msg\n');
    expect(g).toBe('\u001b[33mgrafana           |\u001b[39m msg\n');
    // Without the escape codes it is the plain line.
    expect(p.replace(/\u001b\[\d+m/g, '')).toBe('prometheus        | msg\n');
  });
});

describe('renderLogJsonLine', () => {
  it('is one compact JSON object per line', () => {
    const out = renderLogJsonLine(line('grafana', 'say "hi"\ttab', 'stderr'));
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd()).not.toContain('\n');
    expect(JSON.parse(out)).toEqual({ service: 'grafana', container: 'p-grafana-1', stream: 'stderr', time: '2025-05-01T12:00:00.000000001Z', line: 'say "hi"\ttab' });
  });
});
