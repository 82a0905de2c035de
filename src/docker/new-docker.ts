import http from 'node:http';
import Docker from 'dockerode';

/**
 * A dockerode client for DOCKER_HOST (or the default socket). Over plain http (unix socket, tcp://)
 * its requests go through an agent that names no TLS server name: otherwise Node works one out of the
 * host for every request, and its first IPv6 check compiles a regular expression (~10 ms of start-up)
 * for a name TLS never uses.
 */
export function newDocker(): Docker {
  const docker = new Docker();
  const modem = docker.modem as { protocol?: string; agent?: http.Agent };
  if (modem.protocol === 'http' && !modem.agent) modem.agent = new http.Agent({ keepAlive: true, servername: '' } as http.AgentOptions);
  return docker;
}
