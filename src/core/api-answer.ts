/** Narrowing helpers for the JSON answers of Prometheus and AlertManager: a wrong shape is one clear error. */

/** A JSON object, as a record to read fields from. */
export type JsonObject = Record<string, unknown>;

/** Whether a JSON value is an object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `data` of a Prometheus API answer (`{"status":"success","data":...}`), or an error naming the API. */
export function prometheusData(answer: unknown, api: string): JsonObject {
  if (!isObject(answer) || answer.status !== 'success' || !isObject(answer.data)) throw new Error(`${api} answered an unexpected document`);
  return answer.data;
}

/** `obj[key]` when it is an array, else an empty one. */
export function arrayAt(obj: JsonObject, key: string): unknown[] {
  const v = obj[key];
  return Array.isArray(v) ? v : [];
}

/** `obj[key]` as a string ('' when absent or not a string). */
export function stringAt(obj: JsonObject, key: string): string {
  const v = obj[key];
  return typeof v === 'string' ? v : '';
}

/** `obj[key]` as a string map (labels), empty when absent. */
export function labelsAt(obj: JsonObject, key: string): Record<string, string> {
  const v = obj[key];
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
