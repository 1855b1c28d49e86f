// Rounding of generated values to the precision their columns hold (float4 ≈ 7 digits), so the
// CSV text is short and takes the encoder's fast path (csv.ts): the double nearest a short decimal.

/** Powers of ten, exact as doubles up to 10^22. */
export const POW10: Float64Array = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/** v rounded to d decimals (0 ≤ d ≤ 22); values too large for that are returned unchanged. */
export function roundDecimals(v: number, d: number): number {
  const p = POW10[d] as number;
  const scaled = v * p;
  return Math.abs(scaled) < 2 ** 50 ? Math.round(scaled) / p : v;
}

/** Exponents covered by the decade table (outside it, floorLog10 asks Math.log10). */
const DECADE_MIN = -30;
const DECADE_MAX = 30;
/** DECADES[e − DECADE_MIN] = 10^e (the double nearest it). */
const DECADES: Float64Array = Float64Array.from({ length: DECADE_MAX - DECADE_MIN + 1 }, (_, i) => Number(`1e${i + DECADE_MIN}`));
/** Within this relative distance of a power of ten, the decade is left to Math.log10's own rounding. */
const DECADE_MARGIN = 1e-9;

/**
 * Math.floor(Math.log10(a)) for a > 0, without the logarithm: the decade found by comparisons is
 * the same except within DECADE_MARGIN of a power of ten, where Math.log10 decides (so results
 * never differ from the logarithm's, whatever its rounding there).
 */
export function floorLog10(a: number): number {
  let e = 0;
  if (a >= 1) {
    while (e < DECADE_MAX && a >= (DECADES[e + 1 - DECADE_MIN] as number)) e++;
  } else {
    while (e > DECADE_MIN && a < (DECADES[e - DECADE_MIN] as number)) e--;
  }
  const lo = DECADES[e - DECADE_MIN] as number;
  if (e === DECADE_MIN || e === DECADE_MAX || a < lo * (1 + DECADE_MARGIN) || a > 10 * lo * (1 - DECADE_MARGIN)) {
    return Math.floor(Math.log10(a));
  }
  return e;
}

/** v rounded to `digits` significant digits (1–15); 0, NaN and ±Infinity unchanged. */
export function roundSignificant(v: number, digits: number): number {
  const a = Math.abs(v);
  if (!(a > 0) || a === Infinity) return v;
  const d = digits - 1 - floorLog10(a);
  if (d > 22) return v;
  if (d >= 0) return roundDecimals(v, d);
  const p = POW10[-d] as number;
  return Math.round(v / p) * p;
}
