// QA value models (hsc-data.md §4.8): seeing per band and its bad tail, transparency classes, zero points.
import { describe, expect, it } from 'vitest';
import { BANDS, SEEING_MEDIAN } from '../../../src/generate/fields.ts';
import { MAGZERO_NOMINAL, nightConditions, transparency, transparencyClass, visitConditions } from '../../../src/generate/frames/qa.ts';
import { streamFor } from '../../../src/generate/rng.ts';

const NIGHTS = 3000;

function draws(): { seeing: Record<string, number[]>; magzero: Record<string, number[]> } {
  const seeing: Record<string, number[]> = {};
  const magzero: Record<string, number[]> = {};
  for (let k = 0; k < NIGHTS; k++) {
    const night = nightConditions(streamFor(11, 'test-night', k));
    BANDS.forEach((b, bi) => {
      const v = visitConditions(streamFor(11, 'test-visit', k, bi), night, b, 200, 1.0, 0);
      (seeing[b] ??= []).push(v.seeing);
      if (v.transp >= 0.85) (magzero[b] ??= []).push(v.magzero);
    });
  }
  return { seeing, magzero };
}

const medianOf = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;

describe('QA models', () => {
  const { seeing, magzero } = draws();

  it('puts the seeing median of each band within 6% of the PDR3 Wide value', () => {
    for (const b of BANDS) expect(Math.abs(medianOf(seeing[b]!) / SEEING_MEDIAN[b] - 1)).toBeLessThan(0.06);
  });

  it('has about 8% of visits worse than 1.2 arcsec', () => {
    const all = BANDS.flatMap((b) => seeing[b]!);
    const frac = all.filter((s) => s > 1.2).length / all.length;
    expect(frac).toBeGreaterThan(0.05);
    expect(frac).toBeLessThan(0.11);
  });

  it('draws transparency classes 80/15/5', () => {
    const rng = streamFor(3, 'test-transp');
    const n = 20000;
    const counts = { photometric: 0, thin: 0, cloudy: 0 };
    for (let i = 0; i < n; i++) counts[transparencyClass(transparency(rng))]++;
    expect(counts.photometric / n).toBeCloseTo(0.8, 1);
    expect(counts.thin / n).toBeCloseTo(0.15, 1);
    expect(Math.abs(counts.cloudy / n - 0.05)).toBeLessThan(0.01);
  });

  it('centres clear-sky zero points at airmass 1 on the nominal magzero', () => {
    for (const b of BANDS) expect(Math.abs(medianOf(magzero[b]!) - MAGZERO_NOMINAL[b])).toBeLessThan(0.1);
  });
});
