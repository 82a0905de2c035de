/** The integer part, fraction digits and scale-multiplied value of a decimal text, computed exactly. */
export interface ScaledDecimal {
  /** floor(decimal × scale). */
  value: bigint;
  /** False when the decimal had more precision than `scale` can hold (the floor dropped something). */
  exact: boolean;
}

/**
 * Multiplies the decimal `intDigits.fracDigits` by `scale` using integers only, so `1.1` seconds is
 * exactly 1_100_000_000 ns: going through a JS float would give 1_100_000_000.0000002 and round wrong.
 */
export function scaleDecimal(intDigits: string, fracDigits: string, scale: bigint): ScaledDecimal {
  const denominator = 10n ** BigInt(fracDigits.length);
  const numerator = (BigInt(intDigits || '0') * denominator + BigInt(fracDigits || '0')) * scale;
  return { value: numerator / denominator, exact: numerator % denominator === 0n };
}

/** Converts to a JS number, refusing values past 2^53 where integers stop being exact. */
export function toSafeNumber(value: bigint): number | undefined {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : undefined;
}
