// Reprojection of source image pixels onto a HiPS tile: each tile pixel centre goes through
// the source WCS and is bilinearly interpolated; overlapping sources are combined (mean or
// best seeing); NaN where no source covers.
import { TanWcs } from '../wcs/tan.ts';
import type { PixelBox } from '../fits/reader.ts';

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

/** Fills `out` (FITS order, like `centers`) from the rasters; returns the number of covered pixels. */
export function reprojectTile(
  centers: { ra: Float64Array; dec: Float64Array },
  rasters: readonly SourceRaster[],
  rule: OverlapRule,
  out: Float32Array,
): number {
  out.fill(NaN);
  const n = out.length;
  let covered = 0;
  const sum = new Float64Array(rule === 'mean' ? n : 0);
  const count = new Uint16Array(rule === 'mean' ? n : 0);
  const best = new Float64Array(rule === 'best-seeing' ? n : 0).fill(Infinity);
  for (const r of rasters) {
    for (let i = 0; i < n; i++) {
      const [x, y] = r.wcs.skyToPixel(centers.ra[i] as number, centers.dec[i] as number);
      const v = bilinear(r, x, y);
      if (Number.isNaN(v)) continue;
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
  for (let i = 0; i < n; i++) {
    if (rule === 'mean' && (count[i] as number) > 0) out[i] = (sum[i] as number) / (count[i] as number);
    if (!Number.isNaN(out[i] as number)) covered++;
  }
  return covered;
}
