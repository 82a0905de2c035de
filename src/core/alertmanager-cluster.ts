import { arrayAt, isObject, stringAt } from './api-answer.js';

/** AlertManager's gossip cluster as `/api/v2/status` reports it. */
export interface ClusterFacts {
  /** `disabled` (single instance), `ready` or `settling`. */
  status: string;
  /** Members it knows, itself included. */
  peers: number;
}

/** Reads the cluster status and peer count of an AlertManager `/api/v2/status` answer. */
export function parseClusterStatus(answer: unknown): ClusterFacts {
  if (!isObject(answer) || !isObject(answer.cluster)) throw new Error('/api/v2/status answered an unexpected document');
  return { status: stringAt(answer.cluster, 'status') || 'unknown', peers: arrayAt(answer.cluster, 'peers').length };
}
