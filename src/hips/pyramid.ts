// Lower HiPS orders (HiPS 1.0 §4.2.3): each parent pixel is the mean of the non-blank pixels
// among its 2×2 children, taken from the four child tiles of the order below.
import { childQuadrant } from './healpix.ts';

/** A parent tile from its four children (index c = 0..3, null when the child is empty). */
export function averageChildren(children: readonly (Float32Array | null)[], width: number): Float32Array | null {
  if (children.every((c) => c === null)) return null;
  const out = new Float32Array(width * width).fill(NaN);
  const half = width / 2;
  children.forEach((child, c) => {
    if (!child) return;
    const { row0, col0 } = childQuadrant(c, width);
    for (let r = 0; r < half; r++) {
      for (let k = 0; k < half; k++) {
        let sum = 0;
        let n = 0;
        const i = 2 * r * width + 2 * k;
        for (const j of [i, i + 1, i + width, i + width + 1]) {
          const v = child[j] as number;
          if (!Number.isNaN(v)) {
            sum += v;
            n++;
          }
        }
        if (n > 0) out[(row0 + r) * width + col0 + k] = sum / n;
      }
    }
  });
  return out;
}

/** True when at least one pixel is not blank. */
export function hasData(tile: Float32Array): boolean {
  for (let i = 0; i < tile.length; i++) if (!Number.isNaN(tile[i] as number)) return true;
  return false;
}
