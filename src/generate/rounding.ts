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

/** v rounded to `digits` significant digits (1–15); 0, NaN and ±Infinity unchanged. */
export function roundSignificant(v: number, digits: number): number {
  const a = Math.abs(v);
  if (!(a > 0) || a === Infinity) return v;
  const d = digits - 1 - Math.floor(Math.log10(a));
  if (d > 22) return v;
  if (d >= 0) return roundDecimals(v, d);
  const p = POW10[-d] as number;
  return Math.round(v / p) * p;
}
