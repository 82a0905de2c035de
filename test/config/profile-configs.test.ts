/**
 * The configuration files of the optional profiles whose programs have no Debian build here (Loki, Alloy,
 * Thanos), checked as far as their formats allow: parsed, their keys and values checked against the
 * compose services that read them; Grafana's optional data sources; Prometheus' commented remote_write
 * block, uncommented and checked with the real promtool.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { StackSpec } from '../../src/compose/types.js';
import { parseAlloy, envNames, type AlloyBlock } from './alloy-syntax.js';
import { flagValue, loadDefaultStack, portOf, service } from './compose-stack.js';
import { prometheusDir, readYaml, repoRoot, withoutGeneratedFileWarnings } from './config-files.js';
import { runTool } from './run-tool.js';

const monitoring = path.join(repoRoot, 'monitoring');
let stack: StackSpec;
beforeAll(async () => {
  stack = await loadDefaultStack();
});

/** The host directory a service mounts at `target`. */
function mountedDir(name: string, target: string): string | undefined {
  return service(stack, name).volumes.find((m) => m.target === target && m.type === 'bind')?.source;
}

describe('Loki (monitoring/loki/loki.yml)', () => {
  const config = readYaml<Record<string, any>>(path.join(monitoring, 'loki', 'loki.yml'));
  const topLevel = [
    'target', 'auth_enabled', 'ballast_bytes', 'server', 'distributor', 'querier', 'query_scheduler', 'frontend',
    'query_range', 'ruler', 'ingester_client', 'ingester', 'pattern_ingester', 'index_gateway', 'bloom_build',
    'bloom_gateway', 'storage_config', 'chunk_store_config', 'schema_config', 'compactor', 'limits_config',
    'frontend_worker', 'table_manager', 'memberlist', 'runtime_config', 'operational_config', 'tracing', 'analytics',
    'common', 'shutdown_delay', 'metrics_namespace',
  ];

  it('is the file the loki service is started with', () => {
    expect(flagValue(service(stack, 'loki').command, '-config.file')).toBe('/etc/loki/loki.yml');
    expect(mountedDir('loki', '/etc/loki')).toBe(path.join(monitoring, 'loki'));
  });

  it('uses only Loki\'s top-level blocks, single-tenant (Alloy sends no tenant)', () => {
    expect(Object.keys(config).filter((k) => !topLevel.includes(k))).toEqual([]);
    expect(config.auth_enabled).toBe(false);
  });

  it('listens where the compose file, its probe and Alloy expect', () => {
    const loki = service(stack, 'loki');
    expect(config.server.http_listen_port).toBe(Number(loki.labels['io.ish-monitor.probe.port']));
    expect(loki.ports.map((p) => p.target)).toEqual([config.server.http_listen_port]);
  });

  it('keeps everything under its data volume', () => {
    const prefix: string = config.common.path_prefix;
    expect(service(stack, 'loki').volumes).toContainEqual({ type: 'volume', source: 'loki_data', target: prefix, readOnly: false });
    for (const dir of [config.common.storage.filesystem.chunks_directory, config.common.storage.filesystem.rules_directory, config.compactor.working_directory]) {
      expect(dir.startsWith(`${prefix}/`), dir).toBe(true);
    }
  });

  it('indexes with TSDB schema v13 on the filesystem store, per day', () => {
    const periods = config.schema_config.configs as Array<Record<string, any>>;
    const current = periods[periods.length - 1]!;
    expect(current).toMatchObject({ store: 'tsdb', schema: 'v13', object_store: 'filesystem', index: { period: '24h' } });
    expect(Object.keys(config.common.storage)).toEqual([current.object_store]);
    expect(String(current.from)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('enforces a 15-day retention (as Prometheus) through the compactor', () => {
    expect(config.limits_config.retention_period).toBe('360h');
    expect(config.compactor.retention_enabled).toBe(true);
    expect(config.compactor.delete_request_store).toBe('filesystem');
    expect(config.ruler.alertmanager_url).toBe('http://alertmanager:9093');
    expect(config.analytics.reporting_enabled).toBe(false);
  });
});

describe('Alloy (monitoring/alloy/config.alloy)', () => {
  const text = readFileSync(path.join(monitoring, 'alloy', 'config.alloy'), 'utf8');
  const blocks = parseAlloy(text);
  const components = new Map(blocks.map((b) => [`${b.name}.${b.label}`, b]));
  /** What each component kind used here exports, and the arguments it requires. */
  const kinds: Record<string, { exports: string[]; required: string[] }> = {
    'discovery.docker': { exports: ['targets'], required: ['host'] },
    'discovery.relabel': { exports: ['output', 'rules'], required: ['targets'] },
    'loki.source.docker': { exports: [], required: ['host', 'targets', 'forward_to'] },
    'loki.process': { exports: ['receiver'], required: ['forward_to'] },
    'loki.write': { exports: ['receiver'], required: [] },
  };
  const attr = (b: AlloyBlock, name: string) => b.attributes.find((a) => a.name === name);

  it('is the file the alloy service runs, with the Docker socket it reads', () => {
    const alloy = service(stack, 'alloy');
    expect(alloy.command?.[0]).toBe('run');
    expect(alloy.command?.at(-1)).toBe('/etc/alloy/config.alloy');
    expect(mountedDir('alloy', '/etc/alloy')).toBe(path.join(monitoring, 'alloy'));
    for (const b of blocks.filter((x) => attr(x, 'host'))) {
      expect(attr(b, 'host')!.strings).toEqual(['unix:///var/run/docker.sock']);
    }
    expect(alloy.volumes).toContainEqual({ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true });
  });

  it('declares only known components, each labelled once, with its required arguments', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const b of blocks) {
      expect(kinds[b.name], `line ${b.line}: ${b.name}`).toBeDefined();
      expect(b.label, `line ${b.line}: ${b.name}`).toMatch(/^[a-z_][a-z0-9_]*$/);
      for (const r of kinds[b.name]!.required) expect(attr(b, r), `${b.name} "${b.label}" needs ${r}`).toBeDefined();
    }
    expect(components.size).toBe(blocks.length);
  });

  it('references only components it declares, and only their exports', () => {
    const problems: string[] = [];
    const used = new Set<string>();
    const visit = (b: AlloyBlock) => {
      for (const a of b.attributes) {
        for (const ref of a.references) {
          if (ref === 'sys.env') continue;
          const kind = Object.keys(kinds).find((k) => ref.startsWith(`${k}.`));
          const [label, exported] = kind ? ref.slice(kind.length + 1).split('.') : [];
          if (!kind || !components.has(`${kind}.${label}`)) problems.push(`line ${a.line}: ${ref} names no declared component`);
          else if (!kinds[kind]!.exports.includes(exported ?? '')) problems.push(`line ${a.line}: ${kind} has no export ${exported}`);
          else used.add(`${kind}.${label}`);
        }
      }
      b.blocks.forEach(visit);
    };
    blocks.forEach(visit);
    expect(problems).toEqual([]);
    // Every component but the source (the pipeline's start) feeds another.
    const unused = [...components.keys()].filter((k) => !used.has(k) && !k.startsWith('loki.source.'));
    expect(unused).toEqual([]);
  });

  it('ships every container\'s log to the loki service\'s push API, labelled by compose service', () => {
    const source = blocks.find((b) => b.name === 'loki.source.docker')!;
    expect(attr(source, 'targets')!.text).toBe('discovery.docker.containers.targets');
    const writer = blocks.find((b) => b.name === 'loki.write')!;
    expect(attr(source, 'forward_to')!.text).toBe(`[ loki.write.${writer.label}.receiver ]`);
    const url = new URL(attr(writer.blocks.find((b) => b.name === 'endpoint')!, 'url')!.strings[0]!);
    expect(url.hostname).toBe('loki');
    expect(Number(url.port)).toBe(service(stack, 'loki').ports[0]!.target);
    expect(url.pathname).toBe('/loki/api/v1/push');
    const relabel = blocks.find((b) => b.name === 'discovery.relabel')!;
    const targets = relabel.blocks.filter((b) => b.name === 'rule').map((r) => attr(r, 'target_label')!.strings[0]);
    expect(targets).toEqual(expect.arrayContaining(['container', 'compose_project', 'compose_service']));
  });

  it('reads only environment variables the alloy service sets', () => {
    const env = service(stack, 'alloy').environment;
    const names = blocks.flatMap(envNames);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(env[n], n).toBeTruthy();
  });

  it('the reader rejects broken configs (so the checks above mean something)', () => {
    expect(() => parseAlloy('loki.write "x" {\n endpoint {\n url = "http://a"\n }\n')).toThrow(/not closed/);
    expect(() => parseAlloy('a "b" {\n c = [1, 2\n}\n')).toThrow(/unclosed|unbalanced/);
    expect(() => parseAlloy('a "b" {\n c = "x\n}\n')).toThrow(/unterminated/);
    expect(() => parseAlloy('a "b" {\n c = 1\n c = 2\n}\n')).toThrow(/twice/);
  });
});

describe('Thanos object store (monitoring/thanos/objstore.yml)', () => {
  const file = path.join(monitoring, 'thanos', 'objstore.yml');
  const text = readFileSync(file, 'utf8');
  const config = parse(text) as { type: string; config: Record<string, unknown>; prefix?: string };

  it('is the file sidecar and store are given', () => {
    for (const name of ['thanos-sidecar', 'thanos-store']) {
      expect(flagValue(service(stack, name).command, '--objstore.config-file'), name).toBe('/etc/thanos/objstore.yml');
      expect(mountedDir(name, '/etc/thanos'), name).toBe(path.join(monitoring, 'thanos'));
    }
  });

  it('is a FILESYSTEM bucket in the volume both mount', () => {
    expect(Object.keys(config).filter((k) => !['type', 'config', 'prefix'].includes(k))).toEqual([]);
    expect(config.type).toBe('FILESYSTEM');
    expect(Object.keys(config.config)).toEqual(['directory']);
    for (const name of ['thanos-sidecar', 'thanos-store']) {
      expect(service(stack, name).volumes.find((m) => m.target === config.config.directory)?.source, name).toBe('thanos_objstore');
    }
  });

  it('carries an S3 example that, uncommented, is a valid S3 bucket config without inline keys', () => {
    const start = text.indexOf('# type: S3');
    expect(start).toBeGreaterThan(0);
    const example = text
      .slice(start)
      .split('\n')
      .filter((l) => l.startsWith('# ') && !l.startsWith('#   # '))
      .map((l) => l.slice(2))
      .join('\n');
    const s3 = parse(example) as { type: string; config: Record<string, unknown>; prefix: string };
    expect(s3.type).toBe('S3');
    expect(s3.config).toMatchObject({ bucket: expect.any(String), endpoint: expect.not.stringMatching(/:\/\//), region: expect.any(String) });
    expect(s3.config).not.toHaveProperty('secret_key');
    const known = ['bucket', 'endpoint', 'region', 'insecure', 'access_key', 'secret_key', 'sse_config', 'signature_version2', 'http_config', 'trace', 'part_size', 'list_objects_version', 'bucket_lookup_type', 'send_content_md5', 'disable_dualstack', 'aws_sdk_auth', 'session_token', 'storage_class', 'put_user_metadata', 'max_retries'];
    expect(Object.keys(s3.config).filter((k) => !known.includes(k))).toEqual([]);
  });
});

describe('Grafana data sources of the optional profiles', () => {
  const dir = path.join(monitoring, 'grafana', 'provisioning', 'datasources');
  type Ds = { name: string; uid: string; type: string; url: string; isDefault?: boolean };
  const all = readdirSync(dir).filter((f) => f.endsWith('.yml')).flatMap((f) => readYaml<{ datasources: Ds[] }>(path.join(dir, f)).datasources);

  it('adds Loki and Thanos beside the stack\'s own, with unique uids and Prometheus still the default', () => {
    expect(new Set(all.map((d) => d.uid)).size).toBe(all.length);
    expect(all.filter((d) => d.isDefault).map((d) => d.uid)).toEqual(['prometheus']);
  });

  it('points them at the loki and thanos-query services on the ports they listen on', () => {
    const loki = all.find((d) => d.uid === 'loki')!;
    expect(loki.type).toBe('loki');
    expect(loki.url).toBe(`http://loki:${service(stack, 'loki').ports[0]!.target}`);
    const thanos = all.find((d) => d.uid === 'thanos')!;
    expect(thanos.type).toBe('prometheus');
    expect(thanos.url).toBe(`http://thanos-query:${portOf(flagValue(service(stack, 'thanos-query').command, '--http-address')!)}`);
  });
});

describe('Prometheus remote_write (commented in prometheus.yml)', () => {
  it('passes promtool check config once uncommented', async () => {
    const original = readFileSync(path.join(prometheusDir, 'prometheus.yml'), 'utf8');
    const lines = original.split('\n');
    const start = lines.indexOf('# remote_write:');
    expect(start).toBeGreaterThan(0);
    let end = start;
    while (lines[end + 1]?.startsWith('#   ')) end++;
    // Uncomment one level: the block's own nested comments (credentials) stay comments.
    const enabled = [...lines.slice(0, start), ...lines.slice(start, end + 1).map((l) => l.slice(2)), ...lines.slice(end + 1)].join('\n');
    const parsed = parse(enabled) as { remote_write: Array<{ url: string; write_relabel_configs: unknown[] }> };
    expect(parsed.remote_write).toHaveLength(1);
    expect(parsed.remote_write[0]!.url).toMatch(/^https:\/\//);
    const copy = mkdtempSync(path.join(tmpdir(), 'ish-remote-write-'));
    cpSync(prometheusDir, copy, { recursive: true });
    writeFileSync(path.join(copy, 'prometheus.yml'), enabled);
    const result = await runTool('promtool', ['check', 'config', 'prometheus.yml'], copy);
    expect(withoutGeneratedFileWarnings(result.stdout + result.stderr)).not.toMatch(/FAILED|WARNING/);
    expect(result.code).toBe(0);
  });
});
