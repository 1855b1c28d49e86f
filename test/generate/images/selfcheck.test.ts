// Self-check §4.11.2: catalog versus image. At the catalog positions of bright, isolated, primary
// point sources, aperture photometry on rendered cutouts agrees with the catalog PSF flux within
// the combined errors, and the light peaks where the calexp WCS puts the catalog (ra, dec).
import { describe, expect, it } from 'vitest';
import { parseHeader, formatHeader } from '../../../src/fits/header.ts';
import { columnIndex, catalogTables } from '../../../src/generate/catalog-tables.ts';
import { PatchCatalog } from '../../../src/generate/catalog.ts';
import { calexpHeaders, calexpScene } from '../../../src/generate/images/calexp.ts';
import { objectGaussians } from '../../../src/generate/images/profiles.ts';
import { PACKED, addPacked, packGaussian } from '../../../src/generate/images/raster.ts';
import type { Cell } from '../../../src/generate/table.ts';
import { patchTruthWithBorder } from '../../../src/generate/truth.ts';
import { TanWcs } from '../../../src/wcs/tan.ts';

const SEED = 11;
const LOC = { dataset: 'pdr3_wide' as const, tract: 9560, px: 4, py: 4 };
const R_AP = 12;
const R_IN = 16;
const R_OUT = 25;
const HALF = R_OUT + 1;

describe('catalog versus image (§4.11.2)', () => {
  it('measures catalog PSF fluxes and positions of bright isolated stars in rendered cutouts', () => {
    const scene = calexpScene(SEED, { ...LOC, band: 'i' });
    // The WCS as a reader of the file sees it: through the formatted and parsed header.
    const wcs = TanWcs.fromHeader(parseHeader(formatHeader(calexpHeaders(scene).image)).cards);
    const forced = catalogTables('pdr3_wide').forced;
    const col = (name: string): number => columnIndex(forced, name);
    const c = {
      ra: col('ra'),
      dec: col('dec'),
      primary: col('isprimary'),
      ext: col('i_extendedness_value'),
      mag: col('i_psfflux_mag'),
      magErr: col('i_psfflux_magerr'),
      bright: col('i_pixelflags_bright_objectcenter'),
      sat: col('i_pixelflags_saturatedcenter'),
    };
    const rows: Cell[][] = [];
    for (const chunk of new PatchCatalog(SEED, LOC).chunks()) if (chunk.table.name === 'forced') rows.push(...chunk.rows);

    const { inner, border } = patchTruthWithBorder(SEED, LOC);
    const truth = [...inner, ...border].filter((o) => o.kind !== 'sky');
    const isolated = (x: number, y: number, flux: number): boolean => {
      let others = 0;
      for (const o of truth) {
        const d2 = (o.x - x) ** 2 + (o.y - y) ** 2;
        if (d2 > 0.01 && d2 < (R_OUT + 8) ** 2) others += (o.flux[2] as number) * (1 + (o.rE / 0.168) ** 2 / 4);
      }
      return others < 0.005 * flux;
    };

    const psfUnit = (dx: number, dy: number, w: number): Float32Array => {
      const out = new Float32Array(w * w);
      const gs: Parameters<typeof objectGaussians>[6] = [];
      objectGaussians(1, dx, dy, null, scene.psf, 0, gs);
      const packed = new Float64Array(PACKED);
      for (const g of gs) {
        packGaussian(g, 1e-9, 3, 8, packed, 0);
        addPacked(out, { x0: 0, y0: 0, width: w, height: w }, packed, 0);
      }
      return out;
    };

    const pulls: number[] = [];
    const offsets: number[] = [];
    for (const row of rows) {
      if (pulls.length >= 12) break;
      const mag = row[c.mag] as number | null;
      if (row[c.primary] !== true || row[c.ext] !== 0 || mag === null || mag < 18.6 || mag > 22) continue;
      if (row[c.bright] === true || row[c.sat] === true) continue;
      const [x, y] = wcs.skyToPixel(row[c.ra] as number, row[c.dec] as number);
      if (x < HALF || y < HALF || x > scene.width - HALF - 1 || y > scene.height - HALF - 1) continue;
      const catFlux = Math.pow(10, -0.4 * (mag - 27));
      const catErr = ((row[c.magErr] as number) * catFlux) / 1.0857;
      if (!isolated(x + scene.outer.x0, y + scene.outer.y0, catFlux)) continue;

      const cx = Math.round(x);
      const cy = Math.round(y);
      const w = 2 * HALF + 1;
      const box = { x0: cx - HALF, y0: cy - HALF, width: w, height: w };
      const planes = scene.render(box);
      const annulus: number[] = [];
      let sum = 0, varSum = 0, nAp = 0;
      const unit = psfUnit(x - box.x0, y - box.y0, w);
      let apFraction = 0;
      for (let i = 0; i < w * w; i++) {
        const r = Math.hypot((i % w) - (cx - box.x0) - (x - cx), Math.floor(i / w) - (cy - box.y0) - (y - cy));
        if (r < R_AP) {
          sum += planes.image[i] as number;
          varSum += planes.variance[i] as number;
          apFraction += unit[i] as number;
          nAp++;
        } else if (r >= R_IN && r < R_OUT) annulus.push(planes.image[i] as number);
      }
      annulus.sort((a, b) => a - b);
      const bg = annulus[annulus.length >> 1] as number;
      const flux = (sum - nAp * bg) / apFraction;
      // error of the annulus median, spread over the aperture
      const bgErr = (nAp * 1.2533 * scene.coverage.sigmaPix) / Math.sqrt(annulus.length);
      const err = Math.sqrt(varSum / apFraction ** 2 + (bgErr / apFraction) ** 2 + catErr ** 2);
      pulls.push((flux - catFlux) / err);

      // flux-weighted centroid in the 9x9 pixels around the brightest pixel near the position
      let best = -Infinity, bx = cx, by = cy;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        const v = planes.image[(cy + dy - box.y0) * w + (cx + dx - box.x0)] as number;
        if (v > best) { best = v; bx = cx + dx; by = cy + dy; }
      }
      let m0 = 0, mx = 0, my = 0;
      for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) {
        const v = (planes.image[(by + dy - box.y0) * w + (bx + dx - box.x0)] as number) - bg;
        m0 += v; mx += v * (bx + dx); my += v * (by + dy);
      }
      offsets.push(Math.hypot(mx / m0 - x, my / m0 - y));
    }
    if (process.env.SELFCHECK_DEBUG) console.log({ pulls, offsets });
    expect(pulls.length).toBeGreaterThanOrEqual(8);
    // Gaussian errors: every pull within 4σ and at least 90% within 3σ; no bias
    expect(Math.max(...pulls.map(Math.abs))).toBeLessThan(4);
    expect(pulls.filter((p) => Math.abs(p) < 3).length / pulls.length).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(pulls.reduce((a, b) => a + b, 0) / pulls.length)).toBeLessThan(1.5);
    expect(Math.max(...offsets)).toBeLessThan(0.5);
  });
});
