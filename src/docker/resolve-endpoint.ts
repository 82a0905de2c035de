import { UsageError } from '../errors.js';

const defaultSocket = '/var/run/docker.sock';

/** Where DOCKER_HOST (or the default socket) points, and the host that published ports live on. */
export function resolveEndpoint(dockerHost: string | undefined): { endpoint: string; publishHost: string } {
  if (!dockerHost) return { endpoint: `unix://${defaultSocket}`, publishHost: '127.0.0.1' };
  if (dockerHost.startsWith('unix://') || dockerHost.startsWith('npipe://')) return { endpoint: dockerHost, publishHost: '127.0.0.1' };
  const withScheme = dockerHost.includes('//') ? dockerHost : `tcp://${dockerHost}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`DOCKER_HOST=${dockerHost} is not a valid Docker address`, 'use unix:///var/run/docker.sock, tcp://HOST:2375 or ssh://USER@HOST');
  }
  return { endpoint: withScheme, publishHost: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1' };
}
