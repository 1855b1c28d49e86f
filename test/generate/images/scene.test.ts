// A calexp scene renders the same pixels for a cutout as for a larger box (noise seeded per
// block), noise and variance follow the coverage model, and the mask planes follow the truth:
// DETECTED over the model, BRIGHT_OBJECT from the shared bright-star masks, gap-strip edges.
import { beforeAll, describe, expect, it } from 'vitest';
import { PatchCoverageMap } from '../../../src/generate/coverage.ts';
import { BIT } from '../../../src/generate/images/mask-planes.ts';
import { CalexpScene, type CalexpAddress } from '../../../src/generate/images/scene.ts';
import { BrightStarMasks, MASK_BRIGHT_OBJECT } from '../../../src/generate/masks.ts';

const address: CalexpAddress = { dataset: 'pdr3_wide', tract: 9560, px: 4, py: 4, band: 'i' };
const SEED = 7;

describe('calexp scene', () => {
  let scene: CalexpScene;
  beforeAll(() => {
    scene = new CalexpScene(SEED, address);
  });

  it('renders a cutout identical to the same pixels of a larger box, across noise blocks', () => {
    const big = scene.render({ x0: 200, y0: 180, width: 200, height: 160 });
    const cut = scene.render({ x0: 240, y0: 250, width: 37, height: 29 });
    for (let r = 0; r < 29; r++) {
      for (let c = 0; c < 37; c++) {
        const i = (250 - 180 + r) * 200 + (240 - 200 + c);
        const j = r * 37 + c;
        expect(cut.image[j]).toBe(big.image[i]);
        expect(cut.mask[j]).toBe(big.mask[i]);
        expect(cut.variance[j]).toBe(big.variance[i]);
      }
    }
  });

  it('is deterministic in the seed', () => {
    const box = { x0: 1000, y0: 1000, width: 16, height: 16 };
    expect(Array.from(new CalexpScene(SEED, address).render(box).image)).toEqual(Array.from(scene.render(box).image));
    expect(Array.from(new CalexpScene(SEED + 1, address).render(box).image)).not.toEqual(Array.from(scene.render(box).image));
  });

  it('has unit-variance noise and the coverage model variance on empty sky', () => {
    const box = { x0: 0, y0: 0, width: 600, height: 600 };
    const planes = scene.render(box);
    const model = scene.renderModel(box);
    const map = new PatchCoverageMap(SEED, address);
    let n = 0, s = 0, s2 = 0;
    for (let i = 0; i < model.length; i++) {
      if ((model[i] as number) > 1e-4 || (planes.mask[i] as number) !== 0) continue;
      const x = box.x0 + (i % box.width) + scene.outer.x0;
      const y = box.y0 + Math.floor(i / box.width) + scene.outer.y0;
      if (n % 97 === 0) expect((planes.variance[i] as number) / map.sigmaPix('i', x, y) ** 2).toBeCloseTo(1, 4);
      const z = (planes.image[i] as number) / Math.sqrt(planes.variance[i] as number);
      n++;
      s += z;
      s2 += z * z;
    }
    expect(n).toBeGreaterThan(50_000);
    // the residual-background ripple is at most ±0.1σ and coherent over this box
    expect(Math.abs(s / n)).toBeLessThan(0.11);
    expect(Math.sqrt(s2 / n - (s / n) ** 2)).toBeCloseTo(1, 1);
  });

  it('sets DETECTED over the model, BRIGHT_OBJECT from the bright-star masks, and marks gap-strip edges', () => {
    const masks = new BrightStarMasks(SEED, address);
    const gap = scene.coverage.gaps[0];
    expect(gap).toBeDefined();
    // a box straddling the first gap strip's first edge
    const edge = gap!.start - scene.outer.x0;
    const alongStart = gap!.from - scene.outer.y0;
    const box = gap!.axis === 'x'
      ? { x0: edge - 20, y0: alongStart + 500, width: 40, height: 300 }
      : { x0: alongStart + 500, y0: edge - 20, width: 300, height: 40 };
    const planes = scene.render(box);
    const model = scene.renderModel(box);
    let sensorEdge = 0;
    for (let i = 0; i < model.length; i++) {
      const bits = planes.mask[i] as number;
      const x = box.x0 + (i % box.width);
      const y = box.y0 + Math.floor(i / box.width);
      const across = gap!.axis === 'x' ? x : y;
      if (across === edge) {
        expect(bits & BIT.SENSOR_EDGE).toBe(BIT.SENSOR_EDGE);
        sensorEdge++;
      }
      if (across === edge - 1) expect(bits & BIT.CLIPPED).toBe(BIT.CLIPPED);
      if (across < edge - 12) expect(bits & (BIT.SENSOR_EDGE | BIT.INEXACT_PSF)).toBe(0);
      const sigma = Math.sqrt(planes.variance[i] as number);
      if ((model[i] as number) > 1.5 * sigma) expect(bits & BIT.DETECTED).toBe(BIT.DETECTED);
      const bright = (masks.at('i', x + scene.outer.x0, y + scene.outer.y0) & MASK_BRIGHT_OBJECT) !== 0;
      expect((bits & BIT.BRIGHT_OBJECT) !== 0).toBe(bright);
    }
    expect(sensorEdge).toBe(300);
  });
});

describe('calexp scene at a partial-coverage edge', () => {
  it('marks pixels without inputs NO_DATA and EDGE, with NaN image and variance', () => {
    // seed 1: in g, patch 3,0 of tract 9070 has no visits, so the right border of 2,0 has no data
    const scene = new CalexpScene(1, { dataset: 'pdr3_wide', tract: 9070, px: 2, py: 0, band: 'g' });
    const ownEdge = 3 * 4000 - scene.outer.x0;
    const box = { x0: ownEdge - 10, y0: 500, width: 20, height: 10 };
    const planes = scene.render(box);
    for (let i = 0; i < planes.mask.length; i++) {
      const x = box.x0 + (i % box.width);
      const noData = x >= ownEdge;
      expect(((planes.mask[i] as number) & (BIT.NO_DATA | BIT.EDGE)) === (BIT.NO_DATA | BIT.EDGE)).toBe(noData);
      expect(Number.isNaN(planes.image[i])).toBe(noData);
      expect(Number.isNaN(planes.variance[i])).toBe(noData);
    }
  });
});
