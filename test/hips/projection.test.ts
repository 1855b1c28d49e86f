// The tiler's fast tile geometry (unit vectors per tile pixel, TAN projection of vectors) gives
// the same source pixel positions as the per-pixel path (facePointToSky, TanWcs.skyToPixel),
// over whole 512² tiles: equatorial (tract 9560), polar cap (HECTOMAP) and across |z| = 2/3.
import { ang2pix_nest, order2nside } from '@hscmap/healpix';
import { describe, expect, it } from 'vitest';
import { facePointToSky, tileFace, tilePixelVectors } from '../../src/hips/healpix.ts';
import { TanVectorProjector } from '../../src/hips/projector.ts';
import { TanWcs } from '../../src/wcs/tan.ts';

const D2R = Math.PI / 180;
const ORDER = 11;
const WIDTH = 512;
/** HSC pixel scale, degrees. */
const SCALE = 0.168 / 3600;

function tileAt(ra: number, dec: number): number {
  return ang2pix_nest(order2nside(ORDER), (90 - dec) * D2R, ra * D2R);
}

/** A coadd-like WCS with its tangent point a few arcminutes off the tile, slightly rotated. */
function coaddWcs(ra: number, dec: number): TanWcs {
  const r = 0.3 * D2R;
  return new TanWcs({
    crpix: [2100.5, 2050.5],
    crval: [ra + 0.05, dec - 0.04],
    cd: [[-SCALE * Math.cos(r), SCALE * Math.sin(r)], [SCALE * Math.sin(r), SCALE * Math.cos(r)]],
  });
}

interface Comparison {
  /** Largest source-pixel distance between the two paths over the tile. */
  maxPixelError: number;
  /** Largest angle between the unit vectors and facePointToSky's positions, radians. */
  maxAngle: number;
  /** Pixels in the equatorial belt and in the polar caps. */
  belt: number;
  cap: number;
}

function compareTile(npix: number, wcs: TanWcs): Comparison {
  const vectors = tilePixelVectors(ORDER, npix, WIDTH);
  const px = new Float64Array(WIDTH);
  const py = new Float64Array(WIDTH);
  const projector = new TanVectorProjector(wcs);
  const { face, tx, ty } = tileFace(ORDER, npix);
  const nside = 2 ** ORDER * WIDTH;
  const result: Comparison = { maxPixelError: 0, maxAngle: 0, belt: 0, cap: 0 };
  for (let row = 0; row < WIDTH; row++) {
    projector.project(vectors, px, py, row * WIDTH, (row + 1) * WIDTH);
    for (let col = 0; col < WIDTH; col++) {
      const i = row * WIDTH + col;
      const { ra, dec } = facePointToSky(face, tx * WIDTH + (WIDTH - 1 - row) + 0.5, ty * WIDTH + col + 0.5, nside);
      const [x, y] = wcs.skyToPixel(ra, dec);
      result.maxPixelError = Math.max(result.maxPixelError, Math.hypot((px[col] as number) - x, (py[col] as number) - y));
      const e = [Math.cos(dec * D2R) * Math.cos(ra * D2R), Math.cos(dec * D2R) * Math.sin(ra * D2R), Math.sin(dec * D2R)];
      const v = [vectors.x[i] as number, vectors.y[i] as number, vectors.z[i] as number];
      result.maxAngle = Math.max(result.maxAngle, Math.hypot(v[0]! - e[0]!, v[1]! - e[1]!, v[2]! - e[2]!));
      if (Math.abs(v[2]!) <= 2 / 3) result.belt++;
      else result.cap++;
    }
  }
  return result;
}

describe('tile pixel vectors and the TAN projection of vectors', () => {
  it('equatorial tile of tract 9560: source positions within 1e-6 pixel of the per-pixel path', () => {
    const c = compareTile(tileAt(134.8148, 0.7438), coaddWcs(134.8148, 0.7438));
    expect(c.belt).toBe(WIDTH * WIDTH);
    expect(c.maxAngle).toBeLessThan(1e-13);
    expect(c.maxPixelError).toBeLessThan(1e-6);
  });

  it('HECTOMAP tile at dec 43° (polar cap): source positions within 1e-6 pixel', () => {
    const c = compareTile(tileAt(220, 43), coaddWcs(220, 43));
    expect(c.cap).toBe(WIDTH * WIDTH);
    expect(c.maxAngle).toBeLessThan(1e-13);
    expect(c.maxPixelError).toBeLessThan(1e-6);
  });

  it('a tile across the |z| = 2/3 kink (dec 41.81°) takes both branches and stays exact', () => {
    const decKink = Math.asin(2 / 3) / D2R;
    const candidates = [-0.01, -0.005, 0, 0.005, 0.01].map((dd) => tileAt(215.3, decKink + dd));
    const straddling = candidates
      .map((npix) => ({ npix, c: compareTile(npix, coaddWcs(215.3, decKink)) }))
      .find(({ c }) => c.belt > 0 && c.cap > 0);
    expect(straddling).toBeDefined();
    expect(straddling!.c.maxAngle).toBeLessThan(1e-13);
    expect(straddling!.c.maxPixelError).toBeLessThan(1e-6);
  });

  it('points 90° or more from the tangent point project to NaN, as TanWcs does', () => {
    const npix = tileAt(134.8148, 0.7438);
    const vectors = tilePixelVectors(ORDER, npix, WIDTH);
    const px = new Float64Array(WIDTH);
    const py = new Float64Array(WIDTH);
    new TanVectorProjector(coaddWcs(314.8148, -0.7438)).project(vectors, px, py, 0, WIDTH);
    expect(px.every(Number.isNaN) && py.every(Number.isNaN)).toBe(true);
  });
});
