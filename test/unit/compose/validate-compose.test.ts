import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/compose/load-stack.js';
import { ConfigError, ExitCode } from '../../../src/errors.js';
import { FIXTURES, lines, loadError, loadText } from './stack-helpers.js';

const fixture = (name: string): string => join(FIXTURES, name);
const load = (file: string): Promise<unknown> => loadStack({ file, env: {} });

describe('schema errors name file:line and the key', () => {
  it('unknown key in a service, with a suggestion', async () => {
    const err = await loadError(load(fixture('unknown-key-service.yml')));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.exitCode).toBe(ExitCode.config);
    expect(err.message).toBe(`${fixture('unknown-key-service.yml')}:5: unknown key "imagee" in service "prometheus"`);
    expect(err.hint).toBe('did you mean "image"?');
  });

  it('names the file as the user wrote it', async () => {
    const rel = 'test/fixtures/compose/unknown-key-service.yml';
    const err = await loadError(load(rel));
    expect(err.message).toMatch(/^test\/fixtures\/compose\/unknown-key-service\.yml:5: /);
  });

  it('unknown key at top level', async () => {
    const err = await loadError(load(fixture('unknown-key-top.yml')));
    expect(err.message).toBe(`${fixture('unknown-key-top.yml')}:5: unknown key "servces" at top level`);
    expect(err.hint).toBe('did you mean "services"?');
  });

  it('unknown key inside healthcheck', async () => {
    const err = await loadError(load(fixture('unknown-key-healthcheck.yml')));
    expect(err.message).toBe(`${fixture('unknown-key-healthcheck.yml')}:7: unknown key "intervall" in healthcheck of service "web"`);
    expect(err.hint).toBe('did you mean "interval"?');
  });

  it('lists the supported keys when nothing is close', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    frobnicate: true')));
    expect(err.message).toMatch(/:4: unknown key "frobnicate" in service "web"$/);
    expect(err.hint).toMatch(/^supported keys here: image, command, entrypoint, .*healthcheck.*, or x-\* for extensions$/);
  });

  it('wrong type names the key and shows the value', async () => {
    const err = await loadError(load(fixture('wrong-type.yml')));
    expect(err.message).toBe(`${fixture('wrong-type.yml')}:6: "healthcheck.retries" in service "web" must be an integer, got "five"`);
  });

  it('a valid-Compose key we do not deploy is "not supported", with the way to say it instead', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    cpus: 0.5')));
    expect(err.message).toMatch(/:4: key "cpus" in service "web" is valid Compose but not supported by ish-monitor$/);
    expect(err.hint).toBe('use deploy.resources.limits.cpus');
  });

  it('external networks are not supported', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', 'networks:', '  edge:', '    external: true')));
    expect(err.message).toMatch(/:6: key "external" in network "edge" is valid Compose but not supported by ish-monitor$/);
  });

  it('missing image', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    restart: always')));
    expect(err.message).toMatch(/:2: service "web" is missing required key "image"$/);
  });

  it('no services section', async () => {
    const err = await loadError(loadText(lines('name: x', 'volumes: {}')));
    expect(err.message).toMatch(/:1: no services: section$/);
  });

  it('an empty file', async () => {
    const err = await loadError(loadText('# nothing here\n'));
    expect(err.message).toMatch(/docker-compose\.yml: the compose file is empty$/);
  });

  it('a top level that is not a mapping', async () => {
    const err = await loadError(loadText(lines('- a', '- b')));
    expect(err.message).toMatch(/:1: the compose file must be a mapping with a services: key, got a list$/);
  });

  it('a service that is not a mapping', async () => {
    const err = await loadError(loadText(lines('services:', '  web: nginx')));
    expect(err.message).toMatch(/:2: service "web" must be a mapping, got "nginx"$/);
  });

  it('string-or-list keys describe both shapes', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    command: 42')));
    expect(err.message).toMatch(/:4: "command" in service "web" must be a string or a list of strings, got 42$/);
  });

  it('restart policy', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    restart: sometimes')));
    expect(err.message).toMatch(/:4: "restart" in service "web" must be one of no, always, on-failure\[:N\], unless-stopped, got "sometimes"$/);
  });

  it('depends_on condition', async () => {
    const err = await loadError(
      loadText(lines('services:', '  web:', '    image: nginx', '    depends_on:', '      db:', '        condition: service_ready', '  db:', '    image: pg')),
    );
    expect(err.message).toMatch(
      /:6: "depends_on\.db\.condition" in service "web" must be one of service_started, service_healthy, service_completed_successfully, got "service_ready"$/,
    );
  });

  it('an environment value that is a mapping points at the variable', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    environment:', '      A: "1"', '      B:', '        nested: true')));
    expect(err.message).toMatch(/:6: "environment\.B" in service "web" must be a string, number, boolean or empty, got a mapping$/);
  });

  it('an unknown key in a long-form port points at that key', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    ports:', '      - target: 80', '        publish: 8080')));
    expect(err.message).toMatch(/:6: unknown key "publish" in ports\[0\] of service "web"$/);
    expect(err.hint).toBe('did you mean "published"?');
  });

  it('a duration given as a bare number', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: nginx', '    healthcheck:', '      interval: 10')));
    expect(err.message).toMatch(/:5: "healthcheck\.interval" in service "web" must be a duration like 10s or 1m30s, got 10$/);
    expect(err.hint).toMatch(/unit/);
  });

  it('an invalid service name', async () => {
    const err = await loadError(loadText(lines('services:', '  "my web":', '    image: nginx')));
    expect(err.message).toMatch(/:2: invalid service name "my web"$/);
  });

  it('allows x-* extension keys at top level and in services', async () => {
    const stack = await loadText(lines('x-top: {a: 1}', 'services:', '  web:', '    image: nginx', '    x-note: anything', 'networks:', '  default:', '    x-why: ok'));
    expect(stack.services.map((s) => s.name)).toEqual(['web']);
  });

  it('warns that version is obsolete', async () => {
    const stack = await loadText(lines('version: "3.8"', 'services:', '  web:', '    image: nginx'));
    expect(stack.warnings).toEqual([expect.stringMatching(/:1: the top-level "version" is obsolete and ignored$/)]);
  });
});

describe('YAML', () => {
  it('a syntax error names file:line:col', async () => {
    const err = await loadError(load(fixture('invalid-yaml.yml')));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(new RegExp(`^${fixture('invalid-yaml.yml').replace(/[.]/g, '\\.')}:\\d+:\\d+: invalid YAML: `));
    expect(err.message).toMatch(/:5:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/);
    expect(err.hint).toMatch(/YAML syntax/);
  });

  it('a duplicate key is an error at its line', async () => {
    const err = await loadError(loadText(lines('services:', '  web:', '    image: a', '    image: b')));
    expect(err.message).toMatch(/:4:5: invalid YAML: Map keys must be unique$/);
  });

  it('anchors, aliases and merge keys resolve, and errors inside merged maps keep their line', async () => {
    const err = await loadError(load(fixture('anchors.yml')));
    expect(err.message).toBe(`${fixture('anchors.yml')}:25: unknown key "intervals" in healthcheck of service "b"`);
  });

  it('merge keys supply values, and local keys override them', async () => {
    const text = lines(
      'x-defaults: &defaults',
      '  restart: unless-stopped',
      '  logging: {driver: json-file, options: {max-size: 10m}}',
      'services:',
      '  a:',
      '    <<: *defaults',
      '    image: busybox',
      '  b:',
      '    <<: *defaults',
      '    image: busybox',
      '    restart: always',
    );
    const stack = await loadText(text);
    const [a, b] = stack.services;
    expect(a?.restart).toBe('unless-stopped');
    expect(a?.logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m' } });
    expect(b?.restart).toBe('always');
  });

  it('a value error inside an aliased map points at the anchor definition', async () => {
    const text = lines('x-hc: &hc', '  interval: 10x', 'services:', '  web:', '    image: nginx', '    healthcheck: *hc');
    const err = await loadError(loadText(text));
    expect(err.message).toMatch(/:2: "healthcheck\.interval" in service "web": invalid duration "10x": unknown unit "x"$/);
  });
});
