// The simulated ISH Chat deployment: who serves which model where, at what price and speed.

/** One AI provider the backend routes to, with its models and instances. */
export interface Provider {
  type: string;
  /** Share of all requests this provider gets in normal operation. */
  share: number;
  /** Median request duration in seconds. */
  medianSeconds: number;
  models: readonly Model[];
  instances: readonly Instance[];
}

/** A model with its token prices (dollars per 1000 tokens). */
export interface Model {
  name: string;
  inputPrice: number;
  outputPrice: number;
}

/** A backend instance serving one provider in one region. */
export interface Instance {
  id: string;
  region: string;
}

/** The regions the instances run in. */
export const regions: readonly string[] = ['eu-west', 'us-east', 'ap-south'];

/** User tiers, with their share of requests. */
export const userTypes: readonly { type: string; share: number }[] = [
  { type: 'free', share: 0.6 },
  { type: 'pro', share: 0.3 },
  { type: 'enterprise', share: 0.1 },
];

/** The statuses a request ends with (ish_chat_requests_total{status}). */
export const requestStatuses: readonly string[] = ['success', 'error', 'timeout', 'rate_limited'];

/** Product features a request comes from. */
export const features: readonly string[] = ['chat', 'code', 'summarize'];

function instancesOf(provider: string, count: number): Instance[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${provider}-${i + 1}`, region: regions[i % regions.length] as string }));
}

/** The providers of the simulated deployment. */
export const providers: readonly Provider[] = [
  {
    type: 'openai',
    share: 0.4,
    medianSeconds: 1.6,
    models: [
      { name: 'gpt-4o', inputPrice: 0.0025, outputPrice: 0.01 },
      { name: 'gpt-4o-mini', inputPrice: 0.00015, outputPrice: 0.0006 },
    ],
    instances: instancesOf('openai', 3),
  },
  {
    type: 'anthropic',
    share: 0.3,
    medianSeconds: 2.1,
    models: [
      { name: 'claude-sonnet', inputPrice: 0.003, outputPrice: 0.015 },
      { name: 'claude-haiku', inputPrice: 0.0008, outputPrice: 0.004 },
    ],
    instances: instancesOf('anthropic', 3),
  },
  {
    type: 'google',
    share: 0.2,
    medianSeconds: 1.3,
    models: [{ name: 'gemini-flash', inputPrice: 0.0001, outputPrice: 0.0004 }],
    instances: instancesOf('google', 2),
  },
  {
    type: 'local',
    share: 0.1,
    medianSeconds: 0.7,
    models: [{ name: 'llama-3-8b', inputPrice: 0, outputPrice: 0 }],
    instances: instancesOf('local', 2),
  },
];

/** Requests per second at the daily peak, over all providers. */
export const peakRequestsPerSecond = 3;

/**
 * The share of the peak rate at a time of day (UTC): quiet at night, a morning rise, a peak in the
 * afternoon; never below 15% so a dashboard at night still moves.
 */
export function dailyShape(at: Date): number {
  const hours = at.getUTCHours() + at.getUTCMinutes() / 60;
  const wave = 0.5 - 0.5 * Math.cos(((hours - 3) / 24) * 2 * Math.PI);
  return 0.15 + 0.85 * wave;
}
