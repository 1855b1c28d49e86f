// Coverage model (hsc-data.md §4.3): visit counts, depth, noise and the inputcount map agree
// wherever they are asked from.
import { describe, it, expect } from 'vitest';
import { PatchCoverageMap, inputCountAt, patchCoverage, sigmaPixFor } from '../../src/generate/coverage.ts';
import { BANDS, coveredPatches, fieldTracts, FIELDS } from '../../src/generate/fields.ts';

const wide = { dataset: 'pdr3_wide', tract: 9560, px: 4, py: 4 } as const;

describe('patchCoverage', () => {
  it('reproduces the §4.5 example: Wide i, m5 26.2, 0.6" seeing -> sigma_pix 0.078 counts', () => {
    expect(sigmaPixFor(26.2, 0.6 / 2.355 / 0.168)).toBeCloseTo(0.078, 3);
  });

  it('keeps Wide visit counts, seeing and depth in the §4.3 ranges', () => {
    for (const loc of coveredPatches('pdr3_wide', 9560)) {
      const cov = patchCoverage(7, loc);
      if (cov === null) throw new Error('tract 9560 is in GAMA09H');
      expect(cov.context.fieldTag).toBe('equator08');
      for (const b of BANDS) {
        const c = cov.bands[b];
        const [lo, hi] = b === 'g' || b === 'r' ? [2, 7] : [3, 9];
        expect(c.nVisits).toBeGreaterThanOrEqual(lo);
        expect(c.nVisits).toBeLessThanOrEqual(hi);
        expect(c.seeingFwhm).toBeGreaterThanOrEqual(0.45);
        expect(c.seeingFwhm).toBeLessThanOrEqual(1.3);
        expect(Math.abs(c.m5 - { g: 26.5, r: 26.5, i: 26.2, z: 25.2, y: 24.4 }[b])).toBeLessThan(1);
      }
    }
  });

  it('makes UD-COSMOS much deeper than the Wide layer', () => {
    const ud = patchCoverage(7, { dataset: 'pdr3_dud', tract: 9813, px: 4, py: 4 });
    expect(ud?.context.layer).toBe('udeep');
    expect(ud?.bands.i.nVisits).toBeGreaterThan(40);
    expect(ud?.bands.i.m5).toBeGreaterThan(26.6);
  });

  it('is deterministic and changes with the seed', () => {
    const a = patchCoverage(11, wide);
    const b = patchCoverage(11, { ...wide });
    const c = patchCoverage(12, wide);
    expect(b).toBe(a);
    expect(JSON.stringify(c?.bands)).not.toBe(JSON.stringify(a?.bands));
  });

  it('gives the same inputcount for a pixel in a patch overlap from either patch', () => {
    const left = new PatchCoverageMap(3, wide);
    const right = new PatchCoverageMap(3, { ...wide, px: 5 });
    for (let y = 16000; y < 20000; y += 37) {
      for (const x of [19905, 19950, 19999, 20000, 20050, 20099]) {
        expect(left.inputCount('i', x, y)).toBe(right.inputCount('i', x, y));
        expect(left.inputCount('i', x, y)).toBe(inputCountAt(3, 'pdr3_wide', 9560, 'i', x, y));
      }
    }
  });

  it('lowers the inputcount by one inside CCD-gap strips, and raises the pixel noise there', () => {
    const map = new PatchCoverageMap(3, wide);
    const band = map.own.bands.i;
    const gap = band.gaps[0];
    if (gap === undefined) throw new Error('Wide i has at least 2 gap strips');
    const mid = gap.start + 30;
    const along = 18000;
    const [x, y] = gap.axis === 'x' ? [mid, along] : [along, mid];
    expect(map.inGap('i', x, y)).toBe(true);
    expect(map.inputCount('i', x, y)).toBeLessThan(band.nVisits);
    expect(map.sigmaPix('i', x, y)).toBeGreaterThan(band.sigmaPix);
  });

  it('lists the GAMA09H tracts with 9560 among them and COSMOS 9813 in the UltraDeep field', () => {
    const gama = FIELDS.find((f) => f.name === 'GAMA09H');
    const ud = FIELDS.find((f) => f.name === 'UD-COSMOS');
    if (gama === undefined || ud === undefined) throw new Error('fields missing');
    expect(fieldTracts(gama)).toContain(9560);
    expect(fieldTracts(ud)).toContain(9813);
  });
});
