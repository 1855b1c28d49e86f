// Gaussian-mixture light profiles and the rasteriser: flux is conserved, the PSF has the
// requested FWHM, the row recurrence equals direct evaluation, and PA points east of north.
import { describe, expect, it } from 'vitest';
import { PSF_FWHM_PER_SIGMA, objectGaussians, psfModel, type Gaussian, type GalaxyShape } from '../../../src/generate/images/profiles.ts';
import { PACKED, addPacked, packGaussian, type PixelBox } from '../../../src/generate/images/raster.ts';

function render(gs: Gaussian[], box: PixelBox, floor = 1e-9): Float32Array {
  const out = new Float32Array(box.width * box.height);
  const packed = new Float64Array(PACKED);
  for (const g of gs) {
    packGaussian(g, floor, 3, 8, packed, 0);
    addPacked(out, box, packed, 0);
  }
  return out;
}

function moments(img: Float32Array, box: PixelBox): { sum: number; xx: number; yy: number; xy: number } {
  let sum = 0, sx = 0, sy = 0;
  img.forEach((v, i) => {
    sum += v;
    sx += v * (box.x0 + (i % box.width));
    sy += v * (box.y0 + Math.floor(i / box.width));
  });
  const mx = sx / sum, my = sy / sum;
  let xx = 0, yy = 0, xy = 0;
  img.forEach((v, i) => {
    const dx = box.x0 + (i % box.width) - mx;
    const dy = box.y0 + Math.floor(i / box.width) - my;
    xx += v * dx * dx;
    yy += v * dy * dy;
    xy += v * dx * dy;
  });
  return { sum, xx: xx / sum, yy: yy / sum, xy: xy / sum };
}

const box: PixelBox = { x0: -200, y0: -200, width: 401, height: 401 };
const psf = psfModel(3.5, 0, 0);

describe('light profiles', () => {
  it('gives the core + wing PSF the requested FWHM', () => {
    const gs: Gaussian[] = [];
    objectGaussians(1, 0, 0, null, psf, 0, gs);
    const at = (r: number): number => gs.reduce((s, g) => s + (g.flux / (2 * Math.PI * g.vxx)) * Math.exp((-0.5 * r * r) / g.vxx), 0);
    expect(at(3.5 / 2) / at(0)).toBeCloseTo(0.5, 6);
    expect(PSF_FWHM_PER_SIGMA).toBeGreaterThan(2.3548);
  });

  it('conserves the flux of stars and of exponential, de Vaucouleurs and mixed galaxies', () => {
    const shapes: (GalaxyShape | null)[] = [
      null,
      { rePx: 4, q: 1, paDeg: 0, fracdev: 0 },
      { rePx: 3, q: 0.3, paDeg: 30, fracdev: 1 },
      { rePx: 6, q: 0.6, paDeg: 120, fracdev: 0.4 },
    ];
    for (const shape of shapes) {
      const gs: Gaussian[] = [];
      objectGaussians(1000, 0.3, -0.2, shape, psf, 0, gs);
      expect(moments(render(gs, box), box).sum).toBeCloseTo(1000, -1);
    }
  });

  it('rasterises with the row recurrence exactly as direct evaluation', () => {
    const g: Gaussian = { flux: 500, x: 3.3, y: -1.7, vxx: 6, vxy: 2.5, vyy: 3 };
    const b: PixelBox = { x0: -10, y0: -12, width: 25, height: 22 };
    const img = render([g], b, 1e-12);
    const det = g.vxx * g.vyy - g.vxy * g.vxy;
    for (const [x, y] of [[3, -2], [-5, 4], [10, -8], [0, 0]] as const) {
      const dx = x - g.x, dy = y - g.y;
      const q = (g.vyy * dx * dx - 2 * g.vxy * dx * dy + g.vxx * dy * dy) / det;
      const want = (g.flux / (2 * Math.PI * Math.sqrt(det))) * Math.exp(-0.5 * q);
      expect(img[(y - b.y0) * b.width + (x - b.x0)]).toBeCloseTo(want, 4);
    }
  });

  it('orients the major axis at PA east of north (north +y, east -x)', () => {
    const shape = (paDeg: number): Gaussian[] => {
      const gs: Gaussian[] = [];
      objectGaussians(1000, 0, 0, { rePx: 6, q: 0.3, paDeg, fracdev: 0 }, psf, 0, gs);
      return gs;
    };
    const north = moments(render(shape(0), box), box);
    expect(north.yy).toBeGreaterThan(3 * north.xx);
    const east = moments(render(shape(90), box), box);
    expect(east.xx).toBeGreaterThan(3 * east.yy);
    // PA 45: towards north-east, i.e. up and to the left: x and y anti-correlated
    expect(moments(render(shape(45), box), box).xy).toBeLessThan(0);
  });
});
