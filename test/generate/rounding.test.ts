// Rounding to column precision (rounding.ts): floorLog10 must agree with Math.floor(Math.log10(a))
// everywhere, since the generated values (and so the CSV bytes) depend on it.
import { describe, it, expect } from 'vitest';
import { floorLog10, roundSignificant } from '../../src/generate/rounding.ts';
import { streamFor } from '../../src/generate/rng.ts';

const byLogarithm = (a: number): number => Math.floor(Math.log10(a));

describe('floorLog10', () => {
  it('agrees with Math.floor(Math.log10(a)) at, just below and just above every power of ten', () => {
    for (let e = -40; e <= 40; e++) {
      const p = Number(`1e${e}`);
      for (const a of [p, p * (1 - 1e-15), p * (1 + 1e-15), p * (1 - 1e-10), p * (1 + 1e-10), p * (1 - 1e-8), p * (1 + 1e-8), 3 * p]) {
        expect(floorLog10(a), `a = ${a}`).toBe(byLogarithm(a));
      }
    }
  });

  it('agrees with Math.floor(Math.log10(a)) on random magnitudes from 1e-35 to 1e35', () => {
    const rng = streamFor(1, 'floor-log10-test');
    for (let i = 0; i < 50_000; i++) {
      const a = 10 ** rng.between(-35, 35);
      expect(floorLog10(a)).toBe(byLogarithm(a));
    }
  });
});

describe('roundSignificant', () => {
  it('keeps the requested significant digits on either side of the decimal point', () => {
    expect(roundSignificant(123456.789, 7)).toBe(123456.8);
    expect(roundSignificant(-0.000123456789, 3)).toBe(-0.000123);
    expect(roundSignificant(987654321, 3)).toBe(988000000);
    expect(roundSignificant(0, 7)).toBe(0);
  });
});
