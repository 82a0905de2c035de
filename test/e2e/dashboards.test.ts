/**
 * The provisioned dashboards on a real engine: the built CLI deploys the stack, and Grafana's STAND-IN
 * (ish-monitor-local/grafana-stand-in: no Grafana build exists here) serves the dashboards it was
 * provisioned with, by its provisioning files and mounts, as Grafana's /api/search and
 * /api/dashboards/uid/UID do. What a real Grafana makes of the JSON is checked in test/config (SDK types).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { createTestStack, type TestStack } from '../support/test-stack.js';

interface SearchHit {
  uid: string;
  title: string;
  url: string;
  folderTitle: string;
}

describe('Grafana stand-in serves the provisioned dashboards', () => {
  let stack: TestStack;
  let authorization = '';
  const grafana = (pathname: string, headers: Record<string, string> = { authorization }) =>
    fetch(`http://127.0.0.1:${stack.ports.grafana}${pathname}`, { headers });
  const committed = () => {
    const dir = join(stack.dir, 'monitoring', 'grafana', 'dashboards');
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { uid: string; title: string });
  };

  beforeAll(async () => {
    stack = await createTestStack('dash');
    const deploy = await runCli([...stack.args, 'deploy']);
    expect(deploy.code, deploy.stderr).toBe(0);
    const password = readFileSync(join(stack.dir, 'compose', 'secrets', 'grafana_admin_password'), 'utf8').trim();
    authorization = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  });
  afterAll(() => stack?.destroy());

  it('lists every generated dashboard in the folder "ISH Chat" (/api/search)', async () => {
    const res = await grafana('/api/search');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-grafana-stand-in')).toBe('true');
    const hits = (await res.json()) as SearchHit[];
    const expected = committed().map((d) => ({ uid: d.uid, title: d.title, url: `/d/${d.uid}`, folderTitle: 'ISH Chat' }));
    expect(hits.map(({ uid, title, url, folderTitle }) => ({ uid, title, url, folderTitle })).sort((a, b) => a.uid.localeCompare(b.uid))).toEqual(
      expected.sort((a, b) => a.uid.localeCompare(b.uid)),
    );
    expect(hits).toHaveLength(5);
  });

  it('returns each dashboard by uid, exactly as generated, marked provisioned', async () => {
    for (const dashboard of committed()) {
      const res = await grafana(`/api/dashboards/uid/${dashboard.uid}`);
      expect(res.status, dashboard.uid).toBe(200);
      const body = (await res.json()) as { meta: { provisioned: boolean; folderUid: string }; dashboard: unknown };
      expect(body.meta).toMatchObject({ provisioned: true, folderUid: 'ish-chat' });
      expect(body.dashboard).toEqual(dashboard);
    }
  });

  it('answers 404 for an unknown uid and 401 without the admin credentials', async () => {
    expect((await grafana('/api/dashboards/uid/no-such-dashboard')).status).toBe(404);
    expect((await grafana('/api/search', {})).status).toBe(401);
    expect((await grafana('/api/dashboards/uid/ish-system-overview', { authorization: 'Basic YWRtaW46d3Jvbmc=' })).status).toBe(401);
  });
});
