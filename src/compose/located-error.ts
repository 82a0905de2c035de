import { ConfigError } from '../errors.js';
import { InvalidValueError } from './invalid-value.js';
import { describeKey, locate, type YamlPath, type YamlSource } from './yaml-source.js';

/** A ConfigError located at `path`: `file:line: message`. */
export function errorAt(src: YamlSource, path: YamlPath, message: string, hint?: string): ConfigError {
  return new ConfigError(`${locate(src, path)}: ${message}`, hint);
}

/**
 * Runs a value parser for the key at `path`; an InvalidValueError it throws comes back as a ConfigError
 * naming file:line and the key: `compose.yml:36: "healthcheck.interval" in service "web": invalid duration "10x": ...`.
 */
export function parseAt<T>(src: YamlSource, path: YamlPath, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InvalidValueError) throw errorAt(src, path, `${describeKey(path)}: ${err.message}`, err.hint);
    throw err;
  }
}
