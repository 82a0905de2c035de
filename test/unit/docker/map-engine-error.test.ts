import { describe, expect, it } from 'vitest';
import { mapEngineError } from '../../../src/docker/map-engine-error.js';
import { DockerUnreachableError, EngineError, ExitCode } from '../../../src/errors.js';

const ctx = { endpoint: 'unix:///var/run/docker.sock', action: 'start the container of service prometheus', service: 'prometheus', image: 'prom/prometheus:v3' };

/** The shape of a dockerode HTTP error, as it reaches us. */
function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(`(HTTP code ${statusCode}) server error - ${message}`), { statusCode, json: { message } });
}

describe('mapEngineError', () => {
  it('names the socket when the engine is not there', () => {
    const err = mapEngineError(Object.assign(new Error('connect ENOENT /var/run/docker.sock'), { code: 'ENOENT' }), ctx);
    expect(err).toBeInstanceOf(DockerUnreachableError);
    expect(err.message).toBe('Docker engine not reachable at unix:///var/run/docker.sock: the socket does not exist');
    expect(err.exitCode).toBe(ExitCode.dockerUnreachable);
    expect(err.hint).toMatch(/DOCKER_HOST/);
  });

  it('names port and service when a port is already allocated', () => {
    const msg = 'driver failed programming external connectivity on endpoint p-prometheus-1 (abc): Bind for 127.0.0.1:9090 failed: port is already allocated';
    const err = mapEngineError(httpError(500, msg), ctx);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.message).toBe('port 127.0.0.1:9090 of service prometheus is already in use on the Docker host');
  });

  it('names the port from a userland-proxy bind failure', () => {
    const msg = 'Error starting userland proxy: listen tcp4 127.0.0.1:3000: bind: address already in use';
    expect(mapEngineError(httpError(500, msg), ctx).message).toContain('127.0.0.1:3000 of service prometheus');
  });

  it('names the image when it is missing', () => {
    const err = mapEngineError(httpError(404, 'No such image: prom/prometheus:v3'), ctx);
    expect(err.message).toMatch(/^image prom\/prometheus:v3 \(service prometheus\) is not on the engine/);
    expect(err.exitCode).toBe(ExitCode.engine);
  });

  it('explains conflicts and strips dockerode prefixes', () => {
    const err = mapEngineError(httpError(409, 'Conflict. The container name "/x" is already in use'), ctx);
    expect(err.message).toBe('conflict while trying to start the container of service prometheus: Conflict. The container name "/x" is already in use');
  });
});
