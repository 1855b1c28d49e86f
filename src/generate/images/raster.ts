// Rasterises Gaussians into a pixel box, evaluating each only inside its ellipse of Mahalanobis
// radius m and stepping along rows with a multiplicative recurrence (two multiplications a pixel).
import type { Gaussian } from './profiles.ts';

/** A box of tract pixels: x in [x0, x0+width), y in [y0, y0+height); data row-major, x fastest. */
export interface PixelBox {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** Stride of a packed Gaussian: x, y, a, b, c (inverse covariance), norm (peak), m², half-height. */
export const PACKED = 8;

/**
 * Packs a Gaussian for rasterising. The ellipse radius is where the profile falls to `floor`
 * counts/px, kept within [minRadius, maxRadius] Mahalanobis units.
 */
export function packGaussian(g: Gaussian, floor: number, minRadius: number, maxRadius: number, out: Float64Array, at: number): void {
  const det = g.vxx * g.vyy - g.vxy * g.vxy;
  const norm = g.flux / (2 * Math.PI * Math.sqrt(det));
  const ratio = norm / floor;
  const m = Math.min(maxRadius, Math.max(minRadius, ratio > 1 ? Math.sqrt(2 * Math.log(ratio)) : 0));
  out[at] = g.x;
  out[at + 1] = g.y;
  out[at + 2] = g.vyy / det;
  out[at + 3] = -g.vxy / det;
  out[at + 4] = g.vxx / det;
  out[at + 5] = norm;
  out[at + 6] = m * m;
  out[at + 7] = m * Math.sqrt(g.vyy);
}

/** Adds the packed Gaussian at `at` to `target` (a box of pixels). */
export function addPacked(target: Float32Array, box: PixelBox, p: Float64Array, at: number): void {
  const gx = p[at] as number;
  const gy = p[at + 1] as number;
  const a = p[at + 2] as number;
  const b = p[at + 3] as number;
  const c = p[at + 4] as number;
  const norm = p[at + 5] as number;
  const m2 = p[at + 6] as number;
  const half = p[at + 7] as number;
  const yStart = Math.max(box.y0, Math.ceil(gy - half));
  const yEnd = Math.min(box.y0 + box.height - 1, Math.floor(gy + half));
  const xMax = box.x0 + box.width - 1;
  const stepRatio = Math.exp(-a);
  for (let y = yStart; y <= yEnd; y++) {
    const dy = y - gy;
    const disc = b * b * dy * dy - a * (c * dy * dy - m2);
    if (disc < 0) continue;
    const root = Math.sqrt(disc);
    const xs = Math.max(box.x0, Math.ceil(gx + (-b * dy - root) / a));
    const xe = Math.min(xMax, Math.floor(gx + (-b * dy + root) / a));
    if (xs > xe) continue;
    const dx = xs - gx;
    let value = norm * Math.exp(-0.5 * (a * dx * dx + 2 * b * dx * dy + c * dy * dy));
    let ratio = Math.exp(-0.5 * (a * (2 * dx + 1) + 2 * b * dy));
    let i = (y - box.y0) * box.width + (xs - box.x0);
    for (let x = xs; x <= xe; x++, i++) {
      target[i] = (target[i] as number) + value;
      value *= ratio;
      ratio *= stepRatio;
    }
  }
}
