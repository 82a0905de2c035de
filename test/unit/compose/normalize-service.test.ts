import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load-stack.js';
import { ConfigError } from '../../../src/errors.js';
import { FIXTURES, lines, loadError, loadText } from './stack-helpers.js';

const service = (...body: string[]): string => lines('services:', '  web:', '    image: nginx', ...body);
const first = async (text: string, env: Record<string, string> = {}) => (await loadText(text, { env })).services[0]!;

describe('service normalisation', () => {
  it('fills compose defaults', async () => {
    const stack = await loadText(service());
    expect(stack.services[0]).toEqual({
      name: 'web',
      image: 'nginx',
      environment: {},
      ports: [],
      volumes: [],
      networks: ['default'],
      dependsOn: [],
      restart: 'no',
      labels: {},
      extraHosts: [],
      profiles: [],
    });
    // The implicit default network is part of the stack once a service uses it.
    expect(stack.networks).toEqual([{ name: 'default', labels: {} }]);
  });

  it('treats an empty networks list as the default network', async () => {
    expect((await first(service('    networks: []'))).networks).toEqual(['default']);
  });

  it('keeps a declared default network as declared', async () => {
    const stack = await loadText(lines(service().trimEnd(), 'networks:', '  default:', '    driver: bridge', '    labels: [team=ops]'));
    expect(stack.networks).toEqual([{ name: 'default', driver: 'bridge', labels: { team: 'ops' } }]);
  });

  it('splits command and entrypoint strings like a shell', async () => {
    const web = await first(service(`    command: sh -c 'echo "ready"; sleep 1'`, '    entrypoint: /bin/tini --'));
    expect(web.command).toEqual(['sh', '-c', 'echo "ready"; sleep 1']);
    expect(web.entrypoint).toEqual(['/bin/tini', '--']);
  });

  it('reports an unterminated quote in a command at its line', async () => {
    const err = await loadError(loadText(service(`    command: echo 'oops`)));
    expect(err.message).toMatch(/:4: "command" in service "web": invalid command "echo 'oops": unterminated single quote$/);
  });

  it('turns a healthcheck string into CMD-SHELL and disable into NONE', async () => {
    expect((await first(service('    healthcheck:', '      test: curl -f http://localhost/ || exit 1'))).healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
    });
    expect((await first(service('    healthcheck:', '      disable: true'))).healthcheck).toEqual({ test: ['NONE'] });
    expect((await first(service('    healthcheck:', '      interval: 1m30s', '      start_interval: 500ms'))).healthcheck).toEqual({
      test: [],
      interval: 90_000_000_000,
      startInterval: 500_000_000,
    });
  });

  it('rejects malformed healthcheck tests and durations at their lines', async () => {
    let err = await loadError(loadText(service('    healthcheck:', '      test: ["curl", "-f", "x"]')));
    expect(err.message).toMatch(/:5: invalid healthcheck test \["curl","-f","x"\]$/);
    expect(err.hint).toMatch(/CMD/);
    err = await loadError(loadText(service('    healthcheck:', '      test: ["CMD"]', '      disable: true')));
    expect(err.message).toMatch(/:6: healthcheck has both disable: true and a test$/);
    err = await loadError(loadText(service('    healthcheck:', '      timeout: 5 seconds')));
    expect(err.message).toMatch(/:5: "healthcheck\.timeout" in service "web": invalid duration "5 seconds": unknown unit " seconds"$/);
    err = await loadError(loadText(service('    healthcheck:', '      interval: 10us')));
    expect(err.message).toMatch(/:5: healthcheck interval "10us" must be 0 or at least 1ms$/);
  });

  it('casts interpolated integers and booleans where the schema needs them', async () => {
    const web = await first(service('    healthcheck:', '      retries: ${RETRIES:-3}', '      disable: ${OFF:-false}', '      test: ["CMD", "true"]'));
    expect(web.healthcheck?.retries).toBe(3);
  });

  it('normalises environment and labels from lists and maps', async () => {
    const web = await first(
      service('    environment:', '      NUM: 1', '      BOOL: true', '      EMPTY: ""', '      FROM_SHELL:', '    labels:', '      - a=1', '      - b', '      - c=x=y'),
      { FROM_SHELL: 's' },
    );
    expect(web.environment).toEqual({ NUM: '1', BOOL: 'true', EMPTY: '', FROM_SHELL: 's' });
    expect(web.labels).toEqual({ a: '1', b: '', c: 'x=y' });
  });

  it('normalises extra_hosts, including host-gateway and IPv6', async () => {
    const web = await first(service('    extra_hosts:', '      - host.docker.internal:host-gateway', '      - v6:::1', '      - db=10.0.0.5'));
    expect(web.extraHosts).toEqual(['host.docker.internal:host-gateway', 'v6:::1', 'db:10.0.0.5']);
    const mapped = await first(service('    extra_hosts:', '      gw: host-gateway'));
    expect(mapped.extraHosts).toEqual(['gw:host-gateway']);
    const err = await loadError(loadText(service('    extra_hosts:', '      - db:not-an-ip')));
    expect(err.message).toMatch(/:4: "extra_hosts" in service "web": invalid extra host "db": "not-an-ip" is not an IP address$/);
  });

  it('reports a bad port at its line with the key', async () => {
    const err = await loadError(loadText(service('    ports:', '      - "8080:80"', '      - "99999:80"')));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/:6: "ports\[1\]" in service "web": invalid port "99999:80": 99999 is not between 1 and 65535$/);
  });

  it('reports an interpolated empty host port sensibly', async () => {
    const web = await first(service('    ports:', '      - ${BIND:-127.0.0.1}:${PORT:-}:80'));
    expect(web.ports).toEqual([{ target: 80, hostIp: '127.0.0.1', protocol: 'tcp' }]);
  });

  it('requires named volumes to be declared', async () => {
    const err = await loadError(loadText(service('    volumes:', '      - ./conf:/conf:ro', '      - dta:/data', 'volumes:', '  data:')));
    expect(err.message).toMatch(/:6: service "web" uses volume "dta", which is not declared under the top-level volumes:$/);
    expect(err.hint).toMatch(/^did you mean "data"\?/);
  });

  it('requires networks to be declared', async () => {
    const err = await loadError(loadText(service('    networks:', '      front: {aliases: [www]}', 'networks:', '  back:')));
    expect(err.message).toMatch(/:5: service "web" uses network "front", which is not declared under the top-level networks:$/);
  });

  it('keeps network aliases', async () => {
    const web = await first(service('    networks:', '      front:', '        aliases: [www, site]', '      back:', 'networks:', '  front:', '  back:'));
    expect(web.networks).toEqual(['front', 'back']);
    expect(web.networkAliases).toEqual({ front: ['www', 'site'] });
  });

  it('rejects an empty image, e.g. from an unset variable', async () => {
    const stack = loadText(lines('services:', '  web:', '    image: ${WEB_IMAGE}'));
    const err = await loadError(stack);
    expect(err.message).toMatch(/:3: service "web" has an empty image$/);
  });

  it('parses limits and reservations, and rejects bad sizes and tiny limits', async () => {
    const web = await first(service('    deploy:', '      resources:', '        limits: {memory: 1.5G, cpus: 0.5}', '        reservations: {memory: 256MB}'));
    expect(web.limits).toEqual({ memoryBytes: 1_610_612_736, nanoCpus: 500_000_000 });
    expect(web.reservations).toEqual({ memoryBytes: 268_435_456 });
    let err = await loadError(loadText(service('    deploy:', '      resources:', '        limits:', '          memory: 2 gigs')));
    expect(err.message).toMatch(/:7: "deploy\.resources\.limits\.memory" in service "web": invalid size "2 gigs"$/);
    err = await loadError(loadText(service('    deploy:', '      resources:', '        limits:', '          memory: 1m')));
    expect(err.message).toMatch(/:7: memory limit "1m" is below the engine's minimum of 6m$/);
  });

  it('rejects duplicate container names', async () => {
    const text = lines('services:', '  a:', '    image: x', '    container_name: same', '  b:', '    image: x', '    container_name: same');
    const err = await loadError(loadText(text));
    expect(err.message).toMatch(/:7: services "a" and "b" both use container_name "same"$/);
  });
});

describe('depends_on', () => {
  it('accepts list and map forms', async () => {
    const stack = await loadStack({ file: join(FIXTURES, 'minimal/docker-compose.yml'), env: {} });
    expect(stack.services[0]!.dependsOn).toEqual([{ service: 'db', condition: 'service_started' }]);
  });

  it('rejects an unknown service with a suggestion', async () => {
    const text = lines('services:', '  web:', '    image: x', '    depends_on:', '      databse:', '        condition: service_healthy', '  database:', '    image: pg');
    const err = await loadError(loadText(text));
    expect(err.message).toMatch(/:5: service "web" depends on "databse", which is not a service of this stack$/);
    expect(err.hint).toBe('did you mean "database"?');
  });

  it('drops an unknown optional dependency with a warning', async () => {
    const text = lines('services:', '  web:', '    image: x', '    depends_on:', '      cache:', '        condition: service_started', '        required: false');
    const stack = await loadText(text);
    expect(stack.services[0]!.dependsOn).toEqual([]);
    expect(stack.warnings).toEqual([expect.stringMatching(/:5: service "web" depends on "cache", which does not exist; ignored \(required: false\)$/)]);
  });

  it('keeps required and restart flags', async () => {
    const text = lines('services:', '  web:', '    image: x', '    depends_on:', '      db: {condition: service_healthy, restart: true}', '  db:', '    image: pg');
    expect((await loadText(text)).services[0]!.dependsOn).toEqual([{ service: 'db', condition: 'service_healthy', restart: true }]);
  });

  it('rejects a cycle, naming it', async () => {
    const err = await loadError(loadStack({ file: join(FIXTURES, 'cycle.yml'), env: {} }));
    expect(err.message).toBe(`${join(FIXTURES, 'cycle.yml')}:4: dependency cycle: a -> b -> c -> a`);
  });

  it('rejects a service depending on itself', async () => {
    const err = await loadError(loadText(lines('services:', '  a:', '    image: x', '    depends_on: [a]')));
    expect(err.message).toMatch(/:4: dependency cycle: a -> a$/);
  });
});
