// Geometry self-checks of hsc-data.md §4.11 (4): rings tract ids, patch boxes, object_id round trip.
import { describe, it, expect } from 'vitest';
import {
  NUM_TRACTS,
  TractProjection,
  decodeObjectId,
  encodeObjectId,
  fitsWcsFor,
  patchAt,
  patchOuterBox,
  skymapId,
  tractAt,
  tractCenter,
  tractWcs,
} from '../../src/generate/skymap.ts';

describe('rings skymap', () => {
  it('has 18938 tracts like the HSC skymap', () => {
    expect(NUM_TRACTS).toBe(18938);
  });

  it.each([
    [150.248, 2.231, 9813],
    [34.215, -5.207, 8523],
    [35.702, -5.207, 8524],
    [134.815, 0.744, 9560],
    [135, 0, 9560],
    [180.741, 0.744, 9591],
    [216.296, 0.744, 9615],
    [339.3, 0.744, 9698],
    [352.6, 0.744, 9707],
    [244.6, 42.4, 15831],
    [242.5, 54.3, 17130],
    [215.03, 52.81, 16973],
  ])('finds the known HSC tract at (%f, %f) = %i', (ra, dec, tract) => {
    expect(tractAt(ra, dec)).toBe(tract);
  });

  it('puts tract centres inside their own tract', () => {
    for (const t of [1, 500, 9560, 9813, 15831, NUM_TRACTS - 2]) {
      const c = tractCenter(t);
      expect(tractAt(c.ra, c.dec)).toBe(t);
    }
  });

  it('gives the COSMOS tract its known centre', () => {
    const c = tractCenter(9813);
    expect(c.ra).toBeCloseTo(150.248, 2);
    expect(c.dec).toBeCloseTo(2.231, 2);
  });
});

describe('patch boxes', () => {
  it('are 4200 px inside the tract and 4100 on a tract edge', () => {
    expect(patchOuterBox(4, 4)).toEqual({ x0: 15900, y0: 15900, width: 4200, height: 4200 });
    expect(patchOuterBox(0, 4)).toEqual({ x0: 0, y0: 15900, width: 4100, height: 4200 });
    expect(patchOuterBox(8, 8)).toEqual({ x0: 31900, y0: 31900, width: 4100, height: 4100 });
  });

  it('maps tract pixels to the patch whose inner box holds them', () => {
    expect(patchAt(16000, 19999)).toEqual({ px: 4, py: 4 });
    expect(patchAt(20000, 0)).toEqual({ px: 5, py: 0 });
    expect(patchAt(-5, 10)).toBeNull();
  });
});

describe('tract WCS', () => {
  it('is north up, east left, 0.168 arcsec per pixel', () => {
    const w = tractWcs(9560);
    expect(w.cd.cd11).toBeCloseTo(-0.168 / 3600, 12);
    expect(w.cd.cd22).toBeCloseTo(0.168 / 3600, 12);
    const p = new TractProjection(9560);
    const a = p.pixelToSky(18000, 18000);
    const east = p.pixelToSky(17000, 18000);
    const north = p.pixelToSky(18000, 19000);
    expect(east.ra).toBeGreaterThan(a.ra);
    expect(north.dec).toBeGreaterThan(a.dec);
    expect((north.dec - a.dec) * 3600).toBeCloseTo(168, 0);
  });

  it('round-trips pixel -> sky -> pixel to a micro-pixel', () => {
    const p = new TractProjection(9813);
    for (const [x, y] of [[0, 0], [35999, 0], [17999.5, 17999.5], [123.4, 34567.8]] as const) {
      const s = p.pixelToSky(x, y);
      const back = p.skyToPixel(s.ra, s.dec);
      expect(back.x).toBeCloseTo(x, 5);
      expect(back.y).toBeCloseTo(y, 5);
    }
  });

  it('puts the tangent point at the tract centre and patch 0,0 at the max-RA, min-Dec corner', () => {
    const p = new TractProjection(9813);
    const c = p.pixelToSky(17999.5, 17999.5);
    expect(c.ra).toBeCloseTo(tractCenter(9813).ra, 9);
    const corner = p.pixelToSky(0, 0);
    expect(corner.ra).toBeGreaterThan(c.ra);
    expect(corner.dec).toBeLessThan(c.dec);
  });

  it('writes FITS cards with 1-based CRPIX shifted to the patch origin', () => {
    const cards = fitsWcsFor(tractWcs(9813), patchOuterBox(4, 4));
    expect(cards.CRPIX1).toBeCloseTo(18000.5 - 15900, 9);
    expect(cards.LTV1).toBe(-15900);
    expect(cards.CRVAL1A).toBe(15900);
  });
});

describe('identifiers', () => {
  it('encodes object_id as mergedCoaddId * 2^32 + seq and decodes it back', () => {
    const id = encodeObjectId(9813, 4, 5, 12345);
    expect(id).toBe(((9813n * 32n + 4n) * 32n + 5n) * 4294967296n + 12345n);
    expect(Number(id)).toBeGreaterThan(4.3e16);
    expect(decodeObjectId(id)).toEqual({ tract: 9813, px: 4, py: 5, seq: 12345 });
  });

  it('builds skymap_id as tract*10000 + x*100 + y', () => {
    expect(skymapId(9813, 4, 5)).toBe(98130405);
  });
});
