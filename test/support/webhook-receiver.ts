import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { docker } from './docker-cli.js';

/** One notification AlertManager sent to a webhook receiver (its JSON body). */
export interface WebhookNotification {
  /** The receiver of the routing tree, from the URL path the test config gives each one. */
  path: string;
  receiver: string;
  status: string;
  alerts: { status: string; labels: Record<string, string> }[];
}

/** A test-only HTTP server on the host that records AlertManager's webhook notifications. */
export interface WebhookReceiver {
  /** The base URL containers reach it at: the host's address on Docker's default bridge. */
  url: string;
  received: WebhookNotification[];
  close(): Promise<void>;
}

/**
 * Starts the receiver on all host addresses; containers on any bridge network reach the host at the
 * gateway of Docker's default bridge (docker0), which is known before the stack's own network exists.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookNotification[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      try {
        received.push({ path: req.url ?? '', ...(JSON.parse(body) as Omit<WebhookNotification, 'path'>) });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const gateway = docker('network', 'inspect', 'bridge', '-f', '{{(index .IPAM.Config 0).Gateway}}').trim();
  return {
    url: `http://${gateway}:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // AlertManager keeps its connections alive: close would wait for them otherwise.
        server.closeAllConnections();
      }),
  };
}
