// The grey-level thresholds used for PNG/JPEG tiles give the asinh stretch's rounded levels
// (stretchValue) for any data value, without an asinh per pixel.
import { describe, expect, it } from 'vitest';
import { GreyLevels, stretchValue, type StretchParams } from '../../src/hips/stretch.ts';

const CUTS: StretchParams[] = [
  { lo: -0.05, hi: 12, soft: 0.1 },
  { lo: 0.9, hi: 1.3, soft: 0.2 },
  { lo: -3, hi: 4000, soft: 0.01 },
];

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('GreyLevels', () => {
  for (const cut of CUTS) {
    it(`equals stretchValue for values across and beyond the cut ${cut.lo}..${cut.hi}`, () => {
      const grey = new GreyLevels(cut);
      const rand = seeded(11);
      const span = cut.hi - cut.lo;
      let mismatches = 0;
      for (let i = 0; i < 200_000; i++) {
        // Dense near the sky, where the levels are finest, and sparse up to beyond the high cut.
        const v = Math.fround(i % 2 === 0 ? cut.lo + (rand() - 0.2) * 5 * cut.soft : cut.lo + (rand() * 1.4 - 0.2) * span);
        if (grey.level(v) !== stretchValue(v, cut)) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  }

  it('steps exactly at each threshold: level k just below it, k + 1 at it', () => {
    const cut = CUTS[0]!;
    const grey = new GreyLevels(cut);
    grey.thresholds.forEach((t, k) => {
      expect(grey.level(t)).toBe(k + 1);
      expect(grey.level(t - Math.abs(t) * 1e-12 - 1e-300)).toBe(k);
    });
    expect(grey.level(-Infinity)).toBe(0);
    expect(grey.level(Infinity)).toBe(255);
  });
});
