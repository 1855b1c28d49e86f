// Pixel noise seeded per 256×256 block of a patch image (hsc-data.md §4.1, §4.7): any box of the
// image draws the same deviates as the full image, so cutouts equal the materialised file.
import { streamFor, type StreamId } from '../rng.ts';
import type { PixelBox } from './raster.ts';

export const NOISE_BLOCK = 256;

/** Identifies the image: the ids are fed to the block streams after the block indices' prefix. */
export type NoiseIds = readonly StreamId[];

/**
 * Standard normal deviates for every pixel of `box` (patch-local pixels), row-major into `out`.
 * Each block's stream is consumed row by row from its first row, whatever part of it is needed.
 */
export function fillNoise(seed: StreamId, ids: NoiseIds, box: PixelBox, out: Float32Array): void {
  const bx0 = Math.floor(box.x0 / NOISE_BLOCK);
  const bx1 = Math.floor((box.x0 + box.width - 1) / NOISE_BLOCK);
  const by0 = Math.floor(box.y0 / NOISE_BLOCK);
  const by1 = Math.floor((box.y0 + box.height - 1) / NOISE_BLOCK);
  for (let by = by0; by <= by1; by++) {
    for (let bx = bx0; bx <= bx1; bx++) {
      const rng = streamFor(seed, 'noise', ...ids, bx, by);
      const ox = bx * NOISE_BLOCK;
      const oy = by * NOISE_BLOCK;
      const lastRow = Math.min(NOISE_BLOCK - 1, box.y0 + box.height - 1 - oy);
      const xa = Math.max(box.x0, ox);
      const xb = Math.min(box.x0 + box.width, ox + NOISE_BLOCK);
      for (let r = 0; r <= lastRow; r++) {
        const y = oy + r;
        const inside = y >= box.y0;
        const rowBase = (y - box.y0) * box.width - box.x0;
        for (let k = 0; k < NOISE_BLOCK; k++) {
          const v = rng.normal();
          const x = ox + k;
          if (inside && x >= xa && x < xb) out[rowBase + x] = v;
        }
      }
    }
  }
}
