import { execFileSync } from 'node:child_process';

/** Runs the docker CLI for a test's own checks of engine state (the tool itself never shells out). */
export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Whether a Docker engine answers. */
export function dockerAnswers(): boolean {
  try {
    docker('info', '--format', '{{.ServerVersion}}');
    return true;
  } catch {
    return false;
  }
}

/** IDs of the project's containers, by service name. */
export function containerIds(project: string): Record<string, string> {
  const out = docker('ps', '-a', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.ID}} {{.Label "com.docker.compose.service"}}');
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [id, service] = l.split(' ');
        return [service!, id!];
      }),
  );
}

/** Everything the project has on the engine: containers, networks, volumes. */
export function projectResources(project: string): { containers: string[]; networks: string[]; volumes: string[] } {
  const filter = `label=com.docker.compose.project=${project}`;
  const lines = (s: string) => s.split('\n').filter(Boolean);
  return {
    containers: lines(docker('ps', '-a', '--filter', filter, '--format', '{{.Names}}')),
    networks: lines(docker('network', 'ls', '--filter', filter, '--format', '{{.Name}}')),
    volumes: lines(docker('volume', 'ls', '--filter', filter, '--format', '{{.Name}}')),
  };
}

/** Removes everything of a test project (cleanup is its own command, built later; tests must not leak). */
export function removeProject(project: string): void {
  const r = projectResources(project);
  if (r.containers.length) docker('rm', '-f', '-v', ...r.containers);
  for (const n of r.networks) docker('network', 'rm', n);
  if (r.volumes.length) docker('volume', 'rm', '-f', ...r.volumes);
}
