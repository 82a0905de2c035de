import type { ChalkInstance } from 'chalk';
import type { LogLine } from '../core/stream-logs.js';

// The colours docker compose gives its services, in the same order.
const palette = ['cyan', 'yellow', 'green', 'magenta', 'blue', 'cyanBright', 'yellowBright', 'greenBright', 'magentaBright', 'blueBright'] as const;

/** How log lines look: prefix width (the longest service name), a colour per service, timestamps or not. */
export interface LogLineStyle {
  width: number;
  timestamps: boolean;
  colorOf(service: string): (text: string) => string;
}

/**
 * The style for these services (in stack order, so a service keeps its colour between runs); `c`
 * colours only when the output mode allows it.
 */
export function logLineStyle(services: string[], c: ChalkInstance, timestamps: boolean): LogLineStyle {
  const width = Math.max(0, ...services.map((s) => s.length));
  const colors = new Map(services.map((s, i) => [s, c[palette[i % palette.length]!]]));
  return { width, timestamps, colorOf: (service) => colors.get(service) ?? c.white };
}

/** `prometheus    | line`, or with timestamps `prometheus    | 2025-05-01T12:00:00.000000000Z line`. */
export function renderLogLine(l: LogLine, style: LogLineStyle): string {
  const prefix = style.colorOf(l.service)(`${l.service.padEnd(style.width)} |`);
  return `${prefix} ${style.timestamps && l.time ? `${l.time} ` : ''}${l.line}\n`;
}

/** One line of JSON Lines output (`logs -f --json`): the line as one compact JSON object. */
export function renderLogJsonLine(l: LogLine): string {
  return `${JSON.stringify({ service: l.service, container: l.container, stream: l.stream, time: l.time, line: l.line })}\n`;
}
