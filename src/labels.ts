/** Label keys shared with docker compose, so `docker compose -p <project> ps` sees our containers. */
export const ComposeLabel = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  configHash: 'com.docker.compose.config-hash',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  version: 'com.docker.compose.version',
} as const;

/** Our own labels. */
export const IshLabel = {
  managed: 'io.ish-monitor.managed',
  toolVersion: 'io.ish-monitor.version',
  role: 'io.ish-monitor.role',
  probePort: 'io.ish-monitor.probe.port',
  probePath: 'io.ish-monitor.probe.path',
  probeExpect: 'io.ish-monitor.probe.expect',
  /** The service serves through the generated web config: `auto` (auth beyond loopback) or `on`. */
  webAuth: 'io.ish-monitor.web.auth',
  /** Host path of the operator's TLS certificate for the web config; empty: no TLS. */
  webTlsCert: 'io.ish-monitor.web.tls-cert',
  /** Host path of the operator's TLS key for the web config; empty: no TLS. */
  webTlsKey: 'io.ish-monitor.web.tls-key',
} as const;
