/** The compose file as the tool's own loader sees it, with every default (no .env), for the config tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStack } from '../../src/compose/load-stack.js';
import type { ServiceSpec, StackSpec } from '../../src/compose/types.js';
import { readYaml, repoRoot } from './config-files.js';

/** compose/docker-compose.monitoring.yml. */
export const composeFile = path.join(repoRoot, 'compose', 'docker-compose.monitoring.yml');

/** The services of each optional profile, as this project defines them. */
export const profileServices: Record<string, string[]> = {
  exporters: ['pushgateway', 'postgres-exporter', 'redis-exporter', 'nginx-exporter', 'cadvisor'],
  logs: ['loki', 'alloy'],
  longterm: ['thanos-sidecar', 'thanos-store', 'thanos-query'],
  simulator: ['ish-chat-simulator'],
};

/** The services every deploy runs. */
export const coreServices = ['prometheus', 'alertmanager', 'grafana', 'node-exporter', 'blackbox-exporter'];

/**
 * Loads the compose file with `loadStack`, an empty env file and an empty environment, so that a local
 * compose/.env (image overrides, ports) cannot change what is checked: the shipped defaults.
 */
export async function loadDefaultStack(): Promise<StackSpec> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ish-config-'));
  const envFile = path.join(dir, 'empty.env');
  writeFileSync(envFile, '');
  return loadStack({ file: composeFile, envFile, env: {} });
}

/** The compose file as plain YAML, before interpolation (image variables, anchors resolved). */
export function rawCompose(): { services: Record<string, { image: string; profiles?: string[] }> } {
  return readYaml(composeFile);
}

/** A service by name; throws when missing so a test names what is absent. */
export function service(stack: StackSpec, name: string): ServiceSpec {
  const found = stack.services.find((s) => s.name === name);
  if (!found) throw new Error(`service ${name} is not in ${composeFile}`);
  return found;
}

/** The value of `--flag=value` in a command, or undefined. */
export function flagValue(command: string[] | undefined, flag: string): string | undefined {
  const prefix = `${flag}=`;
  return command?.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** Every value of a repeatable `--flag=value`. */
export function flagValues(command: string[] | undefined, flag: string): string[] {
  const prefix = `${flag}=`;
  return (command ?? []).filter((arg) => arg.startsWith(prefix)).map((arg) => arg.slice(prefix.length));
}

/** The port number of a listen address like `0.0.0.0:10901` or `:9113`. */
export function portOf(address: string): number {
  return Number(address.split(':').pop());
}
