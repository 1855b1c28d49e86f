// Reprojection of source image pixels onto a HiPS tile: each tile pixel centre goes through
// the source WCS and is bilinearly interpolated; overlapping sources are combined (mean or
// best seeing); NaN where no source covers.
import { TanWcs } from '../wcs/tan.ts';
import type { PixelBox } from '../fits/reader.ts';
import type { TilePixelVectors } from './healpix.ts';
import { TanVectorProjector } from './projector.ts';

/** A rectangle of one source image in memory. */
export interface SourceRaster {
  wcs: TanWcs;
  /** Full image size: positions outside [−0.5, size − 0.5] are not covered. */
  width: number;
  height: number;
  box: PixelBox;
  pixels: Float32Array | Float64Array;
  /** Ranking for 'best-seeing' (smaller is better); ties keep the earlier source. */
  seeing: number;
}

export type OverlapRule = 'mean' | 'best-seeing';

/**
 * Bilinear interpolation at n 0-based pixel positions (px[k], py[k]) (pixel centres on integers)
 * into values[k], with the nearest edge pixel used in the outer half pixel; NaN when outside the
 * image or the box read. The tiler's inner loop, one tile row at a time.
 */
export function interpolateRow(r: SourceRaster, px: Float64Array, py: Float64Array, values: Float64Array, n: number): void {
  const w = r.width;
  const h = r.height;
  const { x0: boxX0, y0: boxY0, width: bw, height: bh } = r.box;
  const p = r.pixels;
  for (let k = 0; k < n; k++) {
    const x = px[k] as number;
    const y = py[k] as number;
    values[k] = NaN;
    if (!(x >= -0.5 && y >= -0.5 && x <= w - 0.5 && y <= h - 0.5)) continue;
    const cx = x < 0 ? 0 : x > w - 1 ? w - 1 : x;
    const cy = y < 0 ? 0 : y > h - 1 ? h - 1 : y;
    let ix = Math.floor(cx);
    let iy = Math.floor(cy);
    if (ix === w - 1 && ix > 0) ix--;
    if (iy === h - 1 && iy > 0) iy--;
    const fx = cx - ix;
    const fy = cy - iy;
    const bx = ix - boxX0;
    const by = iy - boxY0;
    if (bx < 0 || by < 0 || bx >= bw || by >= bh) continue;
    const x1 = bx + 1 < bw ? bx + 1 : bw - 1;
    const y1 = by + 1 < bh ? by + 1 : by;
    const v00 = p[by * bw + bx] as number;
    const v10 = p[by * bw + x1] as number;
    const v01 = p[y1 * bw + bx] as number;
    const v11 = p[y1 * bw + x1] as number;
    values[k] = (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
  }
}

/** Scratch buffers reused from tile to tile (one worker builds one tile at a time). */
const scratch = {
  sum: new Float64Array(0), count: new Uint16Array(0), best: new Float64Array(0),
  px: new Float64Array(0), py: new Float64Array(0), values: new Float64Array(0),
};

/**
 * Fills `out` (FITS order, like `vectors`, the unit vectors of the tile pixel centres) from the
 * rasters; returns the number of covered pixels. `width` is the tile width (rows are projected
 * one at a time).
 */
export function reprojectTile(vectors: TilePixelVectors, rasters: readonly SourceRaster[], rule: OverlapRule,
  out: Float32Array, width: number): number {
  out.fill(NaN);
  const n = out.length;
  if (scratch.sum.length !== n) {
    scratch.sum = new Float64Array(n);
    scratch.count = new Uint16Array(n);
    scratch.best = new Float64Array(n);
  }
  if (scratch.px.length !== width) {
    scratch.px = new Float64Array(width);
    scratch.py = new Float64Array(width);
    scratch.values = new Float64Array(width);
  }
  const { sum, count, best, px, py, values } = scratch;
  sum.fill(0);
  count.fill(0);
  best.fill(Infinity);
  const acc = { sum, count, best, out };
  for (const r of rasters) {
    const projector = new TanVectorProjector(r.wcs);
    for (let row0 = 0; row0 < n; row0 += width) {
      projector.project(vectors, px, py, row0, row0 + width);
      interpolateRow(r, px, py, values, width);
      combineRow(rule, values, width, row0, r.seeing, acc);
    }
  }
  let covered = 0;
  for (let i = 0; i < n; i++) {
    if (rule === 'mean' && (count[i] as number) > 0) out[i] = (sum[i] as number) / (count[i] as number);
    if (!Number.isNaN(out[i] as number)) covered++;
  }
  return covered;
}

/** Adds one source's interpolated row into the overlap accumulators (mean) or the output (best seeing). */
function combineRow(rule: OverlapRule, values: Float64Array, width: number, row0: number, seeing: number,
  acc: { sum: Float64Array; count: Uint16Array; best: Float64Array; out: Float32Array }): void {
  switch (rule) {
    case 'mean':
      for (let k = 0; k < width; k++) {
        const v = values[k] as number;
        if (Number.isNaN(v)) continue;
        acc.sum[row0 + k] = (acc.sum[row0 + k] as number) + v;
        acc.count[row0 + k] = (acc.count[row0 + k] as number) + 1;
      }
      return;
    case 'best-seeing':
      for (let k = 0; k < width; k++) {
        const v = values[k] as number;
        if (Number.isNaN(v) || !(seeing < (acc.best[row0 + k] as number))) continue;
        acc.best[row0 + k] = seeing;
        acc.out[row0 + k] = v;
      }
      return;
    default: {
      const never: never = rule;
      throw new Error(`unknown overlap rule ${String(never)}`);
    }
  }
}
