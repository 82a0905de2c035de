import { join } from 'node:path';
import { ComposeLabel, IshLabel } from '../labels.js';
import { readSmallFile } from '../read-small-file.js';

/** The tool's own user of the web config of Prometheus and AlertManager. */
export const toolWebUser = 'ish-monitor';

/** The tool's password file (root only), under the compose directory's `secrets/`. */
export function toolPasswordFile(composeDir: string): string {
  return join(composeDir, 'secrets', 'ish_monitor_web_password');
}

/** Where a probe finds the credentials and CA of a web-config service: paths, never the secrets. */
export interface WebCredentialsRef {
  passwordFile: string;
  /** The certificate the service serves, when TLS is on (copied there by deploy). */
  caFile?: string;
}

/** What an HTTP request sends and trusts for a web-config service. */
export interface HttpAccess {
  /** `Basic ...` header value. */
  authorization?: string;
  /** Extra trusted certificate (PEM) for https. */
  ca?: string;
}

/**
 * Where the credentials for a container are, from its labels: only for services that serve through
 * the web config, found under the compose directory the container was deployed from.
 */
export function webCredentialsRef(labels: Record<string, string>): WebCredentialsRef | undefined {
  const dir = labels[ComposeLabel.workingDir];
  if (labels[IshLabel.webAuth] === undefined || !dir) return undefined;
  return { passwordFile: toolPasswordFile(dir), ...(labels[IshLabel.webTlsCert] ? { caFile: join(dir, 'secrets', 'web', 'tls.crt') } : {}) };
}

/**
 * Reads the referenced files; a missing file just leaves that part out (the server then answers 401).
 * Synchronous on purpose: two files of a few bytes, read while status' other requests are in
 * flight; an async read waits four turns of a busy event loop (open, stat, read, close) and delayed
 * every Prometheus and AlertManager request by tens of ms.
 */
export function loadHttpAccess(ref: WebCredentialsRef | undefined): HttpAccess | undefined {
  if (!ref) return undefined;
  const password = readSmallFile(ref.passwordFile)?.trim();
  const ca = ref.caFile ? readSmallFile(ref.caFile) : undefined;
  return {
    ...(password ? { authorization: `Basic ${Buffer.from(`${toolWebUser}:${password}`).toString('base64')}` } : {}),
    ...(ca ? { ca } : {}),
  };
}
