/**
 * JSON Schema for the subset of the Compose specification that ish-monitor deploys. Everything else is
 * rejected (`additionalProperties: false`) so a key we would silently ignore cannot look deployed.
 * `x-*` extension keys are allowed wherever Compose allows them. `description` doubles as the phrase
 * error messages use ("must be <description>"). Mirrors `raw-compose.ts`.
 */

type Schema = Record<string, unknown>;

const EXTENSIONS = { '^x-': {} };

/** An object schema that rejects unknown keys but tolerates `x-*` extensions. */
function strictObject(properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { type: 'object', properties, patternProperties: EXTENSIONS, additionalProperties: false, ...extra };
}

const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };
const stringList: Schema = { type: 'array', items: string, description: 'a list of strings' };
const scalar: Schema = { type: ['string', 'number', 'boolean', 'null'], description: 'a string, number, boolean or empty' };
const duration: Schema = { type: 'string', description: 'a duration like 10s or 1m30s' };
const stringOrList: Schema = { anyOf: [string, stringList], description: 'a string or a list of strings' };
const mapOrList: Schema = {
  anyOf: [{ type: 'object', additionalProperties: scalar }, stringList],
  description: 'a KEY: value mapping or a list of KEY=value strings',
};
const resources: Schema = strictObject({
  memory: { type: ['string', 'integer'], description: 'a size like 512m or 2g' },
  cpus: { type: ['string', 'number'], description: 'a number of CPUs like 0.5 or "1.0"' },
});

const service: Schema = strictObject(
  {
    image: { type: 'string', description: 'an image reference like prom/prometheus:v3.5.0' },
    command: stringOrList,
    entrypoint: stringOrList,
    environment: mapOrList,
    env_file: {
      anyOf: [string, { type: 'array', items: { anyOf: [string, strictObject({ path: string, required: boolean }, { required: ['path'] })] } }],
      description: 'a path or a list of paths',
    },
    ports: {
      type: 'array',
      items: {
        anyOf: [
          string,
          { type: 'integer' },
          strictObject(
            {
              target: { type: 'integer' },
              published: { type: ['string', 'integer'] },
              host_ip: string,
              protocol: { enum: ['tcp', 'udp'] },
              mode: { enum: ['host', 'ingress'] },
            },
            { required: ['target'] },
          ),
        ],
        description: 'a port like "127.0.0.1:8080:80" or a mapping with target/published/host_ip/protocol',
      },
    },
    volumes: {
      type: 'array',
      items: {
        anyOf: [
          string,
          strictObject(
            { type: { enum: ['volume', 'bind'] }, source: string, target: string, read_only: boolean },
            { required: ['type', 'target'] },
          ),
        ],
        description: 'a mount like "data:/path:ro" or a mapping with type/source/target/read_only',
      },
    },
    networks: {
      anyOf: [stringList, { type: 'object', additionalProperties: { anyOf: [{ type: 'null' }, strictObject({ aliases: stringList })] } }],
      description: 'a list of network names or a mapping of network names',
    },
    depends_on: {
      anyOf: [
        stringList,
        {
          type: 'object',
          additionalProperties: strictObject({
            condition: { enum: ['service_started', 'service_healthy', 'service_completed_successfully'] },
            required: boolean,
            restart: boolean,
          }),
        },
      ],
      description: 'a list of service names or a mapping of service names to {condition}',
    },
    healthcheck: strictObject({
      test: { anyOf: [string, { ...stringList, minItems: 1 }], description: 'a shell command string or a ["CMD", ...] list' },
      interval: duration,
      timeout: duration,
      start_period: duration,
      start_interval: duration,
      retries: { type: 'integer', minimum: 0 },
      disable: boolean,
    }),
    restart: {
      type: 'string',
      pattern: '^(no|always|unless-stopped|on-failure(:[0-9]+)?)$',
      description: 'one of no, always, on-failure[:N], unless-stopped',
    },
    labels: mapOrList,
    user: { type: ['string', 'integer'], description: 'a user like "65534" or "472:0"' },
    container_name: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$', description: 'a name of letters, digits, _ . - (starting with a letter or digit)' },
    extra_hosts: {
      anyOf: [stringList, { type: 'object', additionalProperties: string }],
      description: 'a list of host:ip strings or a host: ip mapping',
    },
    logging: strictObject({
      driver: string,
      options: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] }, description: 'a mapping of option: value' },
    }),
    deploy: strictObject({ resources: strictObject({ limits: resources, reservations: resources }) }),
    profiles: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$', description: 'a profile name of letters, digits, _ . -' },
      description: 'a list of profile names',
    },
  },
  { required: ['image'] },
);

const resource: Schema = {
  anyOf: [{ type: 'null' }, strictObject({ driver: string, labels: mapOrList })],
  description: 'empty or a mapping with driver and labels',
};

/** The schema `validateCompose` compiles. */
export const composeSchema: Schema = strictObject(
  {
    name: { type: 'string', description: 'a project name' },
    // Obsolete in Compose v2 but still common; accepted and reported as a warning.
    version: { type: ['string', 'number'] },
    services: {
      type: 'object',
      propertyNames: { pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$' },
      additionalProperties: service,
      description: 'a mapping of service names to services',
    },
    networks: { type: 'object', additionalProperties: resource, description: 'a mapping of network names' },
    volumes: { type: 'object', additionalProperties: resource, description: 'a mapping of volume names' },
  },
  { required: ['services'] },
);

/** Compose keys ish-monitor knows but does not deploy, by where they appear: reported as unsupported, not unknown. */
export const UNSUPPORTED_KEYS: Record<'top' | 'service' | 'resource', readonly string[]> = {
  top: ['include', 'secrets', 'configs', 'models'],
  service: [
    'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'configs',
    'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares', 'cpus',
    'cpuset', 'credential_spec', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search',
    'domainname', 'expose', 'extends', 'external_links', 'gpus', 'group_add', 'hostname', 'init', 'ipc', 'isolation',
    'links', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models',
    'network_mode', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'post_start', 'pre_stop',
    'privileged', 'provider', 'pull_policy', 'read_only', 'runtime', 'scale', 'secrets', 'security_opt', 'shm_size',
    'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits',
    'use_api_socket', 'userns_mode', 'uts', 'volumes_from', 'working_dir',
  ],
  resource: ['name', 'external', 'driver_opts', 'internal', 'attachable', 'ipam', 'enable_ipv6', 'enable_ipv4'],
};

/** Where to go instead of an unsupported key, when there is a supported way to say the same thing. */
export const UNSUPPORTED_ALTERNATIVES: Record<string, string> = {
  cpus: 'use deploy.resources.limits.cpus',
  mem_limit: 'use deploy.resources.limits.memory',
  mem_reservation: 'use deploy.resources.reservations.memory',
  build: 'build the image beforehand and reference it with image:',
  expose: 'services on the same network reach each other without expose; remove it',
  secrets: 'bind-mount the secret file read-only under volumes:',
};
