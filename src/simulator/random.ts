// Small random draws for the simulator's traffic.

/** A Poisson-distributed count with mean `mean` (Knuth's method; means here are small). */
export function poisson(mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-Math.min(mean, 500));
  let k = 0;
  let p = Math.random();
  while (p > limit) {
    k += 1;
    p *= Math.random();
  }
  return k;
}

/** A log-normal draw with the given median and spread (sigma of the underlying normal). */
export function logNormal(median: number, sigma: number): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * normal);
}

/** One item, picked with probability proportional to its weight. */
export function weighted<T>(items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = Math.random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r <= 0) return item;
  }
  return items[items.length - 1] as T;
}

/** One item, uniformly. */
export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** `value` moved by up to ±`spread` of itself: the small wobble that makes a gauge look alive. */
export function jitter(value: number, spread: number): number {
  return value * (1 + (Math.random() * 2 - 1) * spread);
}
