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
 * Bilinear interpolation at 0-based pixel position (x, y) (pixel centres on integers), with the
 * nearest edge pixel used in the outer half pixel; NaN when outside the image or the box read.
 */
export function bilinear(r: SourceRaster, x: number, y: number): number {
  if (!(x >= -0.5 && y >= -0.5 && x <= r.width - 0.5 && y <= r.height - 0.5)) return NaN;
  const cx = Math.min(Math.max(x, 0), r.width - 1);
  const cy = Math.min(Math.max(y, 0), r.height - 1);
  let x0 = Math.floor(cx);
  let y0 = Math.floor(cy);
  if (x0 === r.width - 1 && x0 > 0) x0--;
  if (y0 === r.height - 1 && y0 > 0) y0--;
  const fx = cx - x0;
  const fy = cy - y0;
  const bx = x0 - r.box.x0;
  const by = y0 - r.box.y0;
  const bw = r.box.width;
  if (bx < 0 || by < 0) return NaN;
  const x1 = Math.min(bx + 1, bw - 1);
  const y1 = by + 1 < r.box.height ? by + 1 : by;
  if (bx >= bw || by >= r.box.height) return NaN;
  const p = r.pixels;
  const v00 = p[by * bw + bx] as number;
  const v10 = p[by * bw + x1] as number;
  const v01 = p[y1 * bw + bx] as number;
  const v11 = p[y1 * bw + x1] as number;
  return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
}

/** Scratch buffers reused from tile to tile (one worker builds one tile at a time). */
const scratch = { sum: new Float64Array(0), count: new Uint16Array(0), best: new Float64Array(0), px: new Float64Array(0), py: new Float64Array(0) };

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
  }
  const { sum, count, best, px, py } = scratch;
  sum.fill(0);
  count.fill(0);
  best.fill(Infinity);
  for (const r of rasters) {
    const projector = new TanVectorProjector(r.wcs);
    for (let row0 = 0; row0 < n; row0 += width) {
      projector.project(vectors, px, py, row0, row0 + width);
      for (let k = 0; k < width; k++) {
        const v = bilinear(r, px[k] as number, py[k] as number);
        if (Number.isNaN(v)) continue;
        const i = row0 + k;
        switch (rule) {
          case 'mean':
            sum[i] = (sum[i] as number) + v;
            count[i] = (count[i] as number) + 1;
            break;
          case 'best-seeing':
            if (r.seeing < (best[i] as number)) {
              best[i] = r.seeing;
              out[i] = v;
            }
            break;
          default: {
            const never: never = rule;
            throw new Error(`unknown overlap rule ${String(never)}`);
          }
        }
      }
    }
  }
  let covered = 0;
  for (let i = 0; i < n; i++) {
    if (rule === 'mean' && (count[i] as number) > 0) out[i] = (sum[i] as number) / (count[i] as number);
    if (!Number.isNaN(out[i] as number)) covered++;
  }
  return covered;
}
