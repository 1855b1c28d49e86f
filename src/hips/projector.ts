// Sky → source pixel for whole tiles: the gnomonic (TAN) projection of unit vectors (FITS WCS
// Paper II §5.1.3) as a rational function of the vector, so no trigonometry per pixel and source.
import { TanWcs } from '../wcs/tan.ts';
import type { TilePixelVectors } from './healpix.ts';

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;

/**
 * Source pixel positions (0-based) of unit vectors, as TanWcs.skyToPixel gives them for the
 * same sky positions (NaN 90° or more from the tangent point).
 *
 * With the tangent point (α0, δ0) and a vector (x, y, z): X = cos δ cos(α−α0) and
 * Y = cos δ sin(α−α0) are linear in the vector, cos c = z sin δ0 + X cos δ0, and the
 * intermediate world coordinates are ξ = Y / cos c, η = (z cos δ0 − X sin δ0) / cos c.
 */
export class TanVectorProjector {
  private readonly cosA0: number;
  private readonly sinA0: number;
  private readonly cosD0: number;
  private readonly sinD0: number;
  /** Inverse CD matrix times R2D (ξ, η in radians → pixel offsets). */
  private readonly m00: number;
  private readonly m01: number;
  private readonly m10: number;
  private readonly m11: number;
  private readonly x0: number;
  private readonly y0: number;

  constructor(private readonly wcs: TanWcs) {
    const p = wcs.params;
    this.cosA0 = Math.cos(p.crval[0] * D2R);
    this.sinA0 = Math.sin(p.crval[0] * D2R);
    this.cosD0 = Math.cos(p.crval[1] * D2R);
    this.sinD0 = Math.sin(p.crval[1] * D2R);
    const [[a, b], [c, d]] = p.cd;
    const det = a * d - b * c;
    this.m00 = (d / det) * R2D;
    this.m01 = (-b / det) * R2D;
    this.m10 = (-c / det) * R2D;
    this.m11 = (a / det) * R2D;
    this.x0 = p.crpix[0] - 1;
    this.y0 = p.crpix[1] - 1;
  }

  /**
   * Fills px[0..end−start), py[0..end−start) with the source pixel positions of vectors
   * [start, end) (one tile row at a time keeps them in cache). SIP images go
   * through TanWcs (its iterative inverse); plain TAN images (HSC coadds) take the fast path.
   */
  project(v: TilePixelVectors, px: Float64Array, py: Float64Array, start = 0, end = v.x.length): void {
    const { x: vx, y: vy, z: vz } = v;
    if (this.wcs.params.sip) {
      for (let i = start; i < end; i++) {
        const x = vx[i] as number;
        const y = vy[i] as number;
        const z = vz[i] as number;
        const [sx, sy] = this.wcs.skyToPixel(Math.atan2(y, x) * R2D, Math.atan2(z, Math.hypot(x, y)) * R2D);
        px[i - start] = sx;
        py[i - start] = sy;
      }
      return;
    }
    const { cosA0, sinA0, cosD0, sinD0, m00, m01, m10, m11, x0, y0 } = this;
    for (let i = start; i < end; i++) {
      const x = vx[i] as number;
      const y = vy[i] as number;
      const z = vz[i] as number;
      const X = x * cosA0 + y * sinA0;
      const Y = y * cosA0 - x * sinA0;
      const cosc = z * sinD0 + X * cosD0;
      if (cosc <= 0) {
        px[i - start] = NaN;
        py[i - start] = NaN;
        continue;
      }
      const xi = Y / cosc;
      const eta = (z * cosD0 - X * sinD0) / cosc;
      px[i - start] = m00 * xi + m01 * eta + x0;
      py[i - start] = m10 * xi + m11 * eta + y0;
    }
  }
}
