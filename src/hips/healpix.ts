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
const PI_4 = Math.PI / 4;
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

/** Unit vectors (x, y, z) of the pixel centres of a tile, in FITS storage order (see below). */
export interface TilePixelVectors {
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

/**
 * Pixel centres of tile (order, npix) of width W as unit vectors, in FITS storage order:
 * element row·W + col, row 0 being the first row in the file. The orientation is Hipsgen's
 * (field notes, standards §4.2): face index ix = W−1−row, iy = col.
 *
 * The same inverse HEALPix projection as facePointToSky (fxy2tu then tu2za), exact, without a
 * trigonometric call per pixel where it is not needed: inside a face the longitude t depends
 * only on ix − iy (row + col) and u (so z) only on ix + iy (col − row). In the equatorial belt
 * (|u| ≤ π/4) the longitude is t itself, so cos and sin are taken once per diagonal; in the
 * polar caps (|z| > 2/3, where the projection has its kink) the longitude bends with u and is
 * computed per pixel.
 */
export function tilePixelVectors(order: number, npix: number, width: number, out?: TilePixelVectors): TilePixelVectors {
  const n = width * width;
  const v = out && out.x.length === n ? out : { x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  const { face, tx, ty } = tileFace(order, npix);
  const nside = 2 ** order * width;
  // fxy2tu: t = (f2·nside + (x − y) + 8·nside)/nside · π/4, u = π/2 − (f1·nside − (x + y) − 1)/nside · π/4.
  const fRow = Math.floor(face / 4);
  const f1 = fRow + 2;
  const f2 = 2 * (face % 4) - (fRow % 2) + 1;
  const x0 = tx * width + width - 1; // x at row 0; x = x0 − row, y = y0 + col
  const y0 = ty * width;
  const diagonals = 2 * width - 1;
  // Longitude diagonals, indexed by row + col: x − y = x0 − y0 − (row + col).
  const tDiag = new Float64Array(diagonals);
  const cosT = new Float64Array(diagonals);
  const sinT = new Float64Array(diagonals);
  for (let d = 0; d < diagonals; d++) {
    const t = ((f2 * nside + (x0 - y0 - d) + 8 * nside) / nside) * PI_4;
    tDiag[d] = t;
    cosT[d] = Math.cos(t);
    sinT[d] = Math.sin(t);
  }
  // Latitude diagonals, indexed by col − row + W − 1: x + y = x0 + y0 + (col − row).
  const zDiag = new Float64Array(diagonals);
  const rDiag = new Float64Array(diagonals);
  /** Polar caps: the factor of (t mod π/2 − π/4) subtracted from t; NaN in the equatorial belt. */
  const bend = new Float64Array(diagonals);
  for (let e = 0; e < diagonals; e++) {
    const u = Math.PI / 2 - ((f1 * nside - (x0 + y0 + e - (width - 1)) - 1) / nside) * PI_4;
    const absU = Math.abs(u);
    let z: number;
    if (absU <= PI_4) {
      z = (8 / (3 * Math.PI)) * u;
      bend[e] = NaN;
    } else {
      z = Math.sign(u) * (1 - (1 / 3) * (2 - (4 * absU) / Math.PI) ** 2);
      bend[e] = (absU - PI_4) / (absU - Math.PI / 2);
    }
    zDiag[e] = z;
    rDiag[e] = Math.sqrt((1 - z) * (1 + z));
  }
  for (let row = 0; row < width; row++) {
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      const d = row + col;
      const e = col - row + width - 1;
      const r = rDiag[e] as number;
      const b = bend[e] as number;
      if (Number.isNaN(b)) {
        v.x[i] = r * (cosT[d] as number);
        v.y[i] = r * (sinT[d] as number);
      } else {
        const t = tDiag[d] as number;
        const a = t - b * ((t % (Math.PI / 2)) - PI_4);
        v.x[i] = r * Math.cos(a);
        v.y[i] = r * Math.sin(a);
      }
      v.z[i] = zDiag[e] as number;
    }
  }
  return v;
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
