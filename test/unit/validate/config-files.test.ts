import { describe, expect, it } from 'vitest';
import { checkDashboards, checkProvisioning, checkYamlSyntax } from '../../../src/core/check-config-files.js';
import { renderAlertmanagerConfig } from '../../../src/core/tool-checks.js';
import { serviceSpec } from '../../support/service-spec.js';

const tree = (files: Record<string, string>) => ({ dir: '/cfg', files: new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])) });

describe('host-side configuration checks', () => {
  it('YAML syntax errors name file, line and column', () => {
    const r = checkYamlSyntax([tree({ 'ok.yml': 'a: 1\n', 'bad.yml': 'a:\n  b: 1\n c: 2\n', 'notes.txt': ': :' })]);
    expect(r.level).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings![0]).toMatchObject({ file: '/cfg/bad.yml', line: 3 });
  });

  it('a dashboard with broken JSON is located at the line of the bad token', () => {
    const r = checkDashboards(tree({ 'a.json': '{\n  "title": "A",\n  "panels": [\n    {"id": 1},\n  ]\n}\n', 'b.json': '{"title": "B"}', 'README.md': 'x' }));
    expect(r.level).toBe('fail');
    expect(r.findings).toEqual([expect.objectContaining({ file: '/cfg/a.json', line: 5 })]);
    expect(checkDashboards(tree({ 'b.json': '{"title": "B"}' })).level).toBe('pass');
  });

  it('provisioning: wrong apiVersion, nameless datasource, provider path not mounted, two defaults', () => {
    const grafana = serviceSpec('grafana', { volumes: [{ type: 'bind', source: '/d', target: '/var/lib/grafana/dashboards', readOnly: true }] });
    const r = checkProvisioning(
      tree({
        'datasources/a.yml': 'apiVersion: 2\ndatasources:\n  - type: prometheus\n    isDefault: true\n',
        'datasources/b.yml': 'apiVersion: 1\ndatasources:\n  - name: B\n    type: loki\n    isDefault: true\n',
        'dashboards/p.yml': 'apiVersion: 1\nproviders:\n  - name: p\n    options:\n      path: /elsewhere\n',
      }),
      grafana,
    );
    expect(r.findings).toEqual([
      { file: '/cfg/datasources/a.yml', line: 1, message: 'apiVersion must be 1' },
      { file: '/cfg/datasources/a.yml', line: 3, message: 'datasources[0] has no name' },
      { file: '/cfg/dashboards/p.yml', line: 4, message: 'provider p reads options.path /elsewhere, which the grafana service does not mount' },
      { message: 'more than one datasource is marked isDefault (/cfg/datasources/a.yml:4, /cfg/datasources/b.yml:5): Grafana refuses to start' },
    ]);
  });
});

describe('renderAlertmanagerConfig', () => {
  it('fills placeholders like run.sh, keeps lines, and names an unset one by line', () => {
    const r = renderAlertmanagerConfig('a: ${ALERTMANAGER_A}\nb: ${ALERTMANAGER_B}\n', { ALERTMANAGER_A: 'x@y' }, 'alertmanager.yml');
    expect(r.text).toBe('a: x@y\nb: ${ALERTMANAGER_B}\n');
    expect(r.found).toEqual([{ file: 'alertmanager.yml', line: 2, message: "placeholder ${ALERTMANAGER_B} has no value in the alertmanager service's environment" }]);
  });
});
