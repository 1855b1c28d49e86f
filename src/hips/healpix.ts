// HEALPix NESTED geometry of HiPS tiles (HiPS 1.0 §4.1, §4.2.1): tile paths, parents and
// children, and the sky position of every pixel of a tile in the Hipsgen orientation.
import { fxy2tu, tu2za } from '@hscmap/healpix';

/** Tile index at an order: base pixel f (0..11) and face coordinates (tx, ty) of the tile. */
export interface TileFace {
  face: number;
  tx: number;
  ty: number;
}

const TWO_PI = 2 * Math.PI;
const R2D = 180 / Math.PI;

/** Number of tiles of one order: 12·4^order. */
export function tilesAtOrder(order: number): number {
  return 12 * 4 ** order;
}

/** Splits the bits of n: even bits → x, odd bits → y (inverse of the NESTED interleave). */
export function deinterleave(n: number): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let bit = 0; n > 0; bit++) {
    x += (n % 2) * 2 ** bit;
    n = Math.floor(n / 2);
    y += (n % 2) * 2 ** bit;
    n = Math.floor(n / 2);
  }
  return { x, y };
}

/** Interleaves x (even bits) and y (odd bits): the NESTED index inside a base pixel. */
export function interleave(x: number, y: number): number {
  let n = 0;
  for (let bit = 0; x > 0 || y > 0; bit++) {
    n += (x % 2) * 4 ** bit + (y % 2) * 2 * 4 ** bit;
    x = Math.floor(x / 2);
    y = Math.floor(y / 2);
  }
  return n;
}

export function tileFace(order: number, npix: number): TileFace {
  const perFace = 4 ** order;
  const face = Math.floor(npix / perFace);
  const { x, y } = deinterleave(npix - face * perFace);
  return { face, tx: x, ty: y };
}

/** `NorderK/DirD/NpixN.ext`, D = floor(N/10000)·10000 (HiPS 1.0 §4.1). */
export function tilePath(order: number, npix: number, ext: string): string {
  return `Norder${order}/Dir${Math.floor(npix / 10000) * 10000}/Npix${npix}.${ext}`;
}

export function parentTile(npix: number): number {
  return Math.floor(npix / 4);
}

/**
 * Sky position (degrees) of a point given in continuous face coordinates at `nside`:
 * X along the South→East edge, Y along South→West, the base pixel spanning [0, nside)².
 */
export function facePointToSky(face: number, X: number, Y: number, nside: number): { ra: number; dec: number } {
  // fxy2tu takes the integer pixel (x, y) and returns its centre, so shift by half a pixel.
  const { t, u } = fxy2tu(nside, face, X - 0.5, Y - 0.5);
  const { z, a } = tu2za(t, u);
  let ra = (a % TWO_PI) * R2D;
  if (ra < 0) ra += 360;
  return { ra, dec: Math.asin(Math.max(-1, Math.min(1, z))) * R2D };
}

/**
 * Pixel centres of tile (order, npix) of width W, in FITS storage order: element
 * row·W + col, row 0 being the first row in the file. The orientation is Hipsgen's
 * (field notes, standards §4.2): face index ix = W−1−row, iy = col.
 */
export function tilePixelCenters(order: number, npix: number, width: number): { ra: Float64Array; dec: Float64Array } {
  const { face, tx, ty } = tileFace(order, npix);
  const nside = 2 ** order * width;
  const ra = new Float64Array(width * width);
  const dec = new Float64Array(width * width);
  for (let row = 0; row < width; row++) {
    const X = tx * width + (width - 1 - row) + 0.5;
    for (let col = 0; col < width; col++) {
      const p = facePointToSky(face, X, ty * width + col + 0.5, nside);
      ra[row * width + col] = p.ra;
      dec[row * width + col] = p.dec;
    }
  }
  return { ra, dec };
}

/** Points of a tile on an n×n grid spanning its edges (for footprints and bounding boxes). */
export function tileOutline(order: number, npix: number, n = 5): { ra: number; dec: number }[] {
  const { face, tx, ty } = tileFace(order, npix);
  const nside = 2 ** order;
  const points: { ra: number; dec: number }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) points.push(facePointToSky(face, tx + i / (n - 1), ty + j / (n - 1), nside));
  }
  return points;
}

/**
 * The deepest order whose tile pixels are no larger than the source pixels (Hipsgen's rule:
 * 0.168″ → order 12 with 512-pixel tiles).
 */
export function deepestOrderFor(pixelScaleArcsec: number, tileWidth: number): number {
  for (let order = 0; order < 20; order++) {
    if (tilePixelSizeArcsec(order, tileWidth) <= pixelScaleArcsec) return order;
  }
  return 20;
}

/** Side of a tile pixel, sqrt of the HEALPix pixel area at order K + log2 W, in arcsec. */
export function tilePixelSizeArcsec(order: number, tileWidth: number): number {
  const cells = 12 * (tileWidth * 2 ** order) ** 2;
  return Math.sqrt((4 * Math.PI) / cells) * R2D * 3600;
}

/** Children of a tile in the FITS array of the parent: which quarter each child fills. */
export function childQuadrant(child: number, width: number): { row0: number; col0: number } {
  // child c = (iy_top << 1) | ix_top; ix = W−1−row, so ix_top = 1 is the first half of the rows.
  const half = width / 2;
  return { row0: (child & 1) === 1 ? 0 : half, col0: (child >> 1) === 1 ? half : 0 };
}
