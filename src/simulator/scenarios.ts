import { backendRoles, type BackendRole } from './metric-contract.js';

const downAlerts: Record<BackendRole, string> = {
  'instance-manager': 'ISHChatInstanceManagerDown',
  'intelligent-router': 'ISHChatIntelligentRouterDown',
  'load-balancer': 'ISHChatLoadBalancerDown',
};

/** What a scenario changes in the simulated traffic; an empty object is normal operation. */
export interface ScenarioEffects {
  /** Share of this provider's requests that fail, and the load balancer fails over. */
  failing?: { provider: string; errorRatio: number };
  /** This provider's requests take this many seconds (median). */
  slow?: { provider: string; medianSeconds: number };
  /** A runaway batch job: the day's spend jumps past the shipped $500 budget, tokens x10 after it. */
  costSpike?: { provider: string; model: string };
  /** Every instance of this provider fails its health checks. */
  noHealthyInstances?: string;
  /** The circuit breaker of this instance is open. */
  openBreaker?: string;
  /** This provider's request quota is used up: its requests are rate-limited. */
  quotaExhausted?: string;
  /** This provider's request queue backs up. */
  queueBacklog?: string;
  /** Users rate this provider's answers badly. */
  unhappy?: string;
  /** This backend service answers neither /metrics nor /health (503), as if it were down. */
  down?: BackendRole;
}

/** A named behaviour of the simulated backend, meant to fire one family of the shipped alerts. */
export interface Scenario {
  name: string;
  /** What happens, and which alerts it should fire. */
  description: string;
  effects: ScenarioEffects;
}

/** Every scenario, `normal` first. */
export const scenarios: readonly Scenario[] = [
  { name: 'normal', description: 'steady traffic with a daily shape; no alert should fire', effects: {} },
  {
    name: 'provider-outage',
    description: 'anthropic fails 90% of its requests (ISHChatHighErrorRate, ChatApiAvailabilityBudgetBurn, ISHChatFailoverStorm)',
    effects: { failing: { provider: 'anthropic', errorRatio: 0.9 } },
  },
  {
    name: 'latency-regression',
    description: 'openai answers in about 40 s (ISHChatVeryHighLatency, ISHChatHighLatency, ChatApiLatencyBudgetBurn)',
    effects: { slow: { provider: 'openai', medianSeconds: 40 } },
  },
  {
    name: 'cost-spike',
    description: 'a runaway batch job on anthropic/claude-sonnet spends past the daily budget (ISHChatDailyBudgetExceeded)',
    effects: { costSpike: { provider: 'anthropic', model: 'claude-sonnet' } },
  },
  {
    name: 'quota-exhausted',
    description: 'openai requests-per-minute quota used up (ISHChatApiQuotaExhausted)',
    effects: { quotaExhausted: 'openai' },
  },
  {
    name: 'no-healthy-instances',
    description: 'every google instance fails its health checks (ISHChatNoHealthyInstances)',
    effects: { noHealthyInstances: 'google' },
  },
  {
    name: 'circuit-breaker-open',
    description: 'the circuit breaker of instance openai-2 is open (ISHChatCircuitBreakerOpen)',
    effects: { openBreaker: 'openai-2' },
  },
  {
    name: 'queue-backlog',
    description: 'the local provider\'s request queue backs up (ISHChatQueueBacklog, ISHChatQueueWaitTimeHigh)',
    effects: { queueBacklog: 'local' },
  },
  {
    name: 'satisfaction-drop',
    description: 'users rate google\'s answers badly (ISHChatUserSatisfactionLow, ISHChatResponseQualityLow)',
    effects: { unhappy: 'google' },
  },
  ...backendRoles.map((role) => ({
    name: `${role}-down`,
    description: `the ${role.replace('-', ' ')} answers 503 (${downAlerts[role]}, BlackboxProbeFailed)`,
    effects: { down: role },
  })),
];

/** The scenario of that name, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
