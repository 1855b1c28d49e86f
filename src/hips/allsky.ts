// Norder3/Allsky (HiPS 1.0 §4.3.2): every tile of one order reduced to 64×64 (mean of each
// block of pixels) and laid out in rows of floor(sqrt(12·4^k)) tiles, top row first for
// PNG/JPEG and bottom-up for FITS, each sub-image in its tile's own orientation.

export const ALLSKY_TILE = 64;

export interface AllskyLayout {
  perRow: number;
  rows: number;
  width: number;
  height: number;
}

export function allskyLayout(order: number, tile = ALLSKY_TILE): AllskyLayout {
  const n = 12 * 4 ** order;
  const perRow = Math.floor(Math.sqrt(n));
  const rows = Math.ceil(n / perRow);
  return { perRow, rows, width: perRow * tile, height: rows * tile };
}

/** A tile (FITS order) reduced to `small`×`small` by block means (blank pixels skipped). */
export function reduceTile(tile: Float32Array, width: number, small = ALLSKY_TILE): Float32Array {
  const f = width / small;
  const out = new Float32Array(small * small).fill(NaN);
  for (let r = 0; r < small; r++) {
    for (let c = 0; c < small; c++) {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < f; i++) {
        for (let j = 0; j < f; j++) {
          const v = tile[(r * f + i) * width + c * f + j] as number;
          if (!Number.isNaN(v)) {
            sum += v;
            n++;
          }
        }
      }
      if (n > 0) out[r * small + c] = sum / n;
    }
  }
  return out;
}

/**
 * Places reduced tiles into the Allsky image in FITS order (row 0 at the bottom): tile n's
 * display slot is column n % perRow, row floor(n / perRow) from the top.
 */
export function assembleAllsky(order: number, tiles: ReadonlyMap<number, Float32Array>, small = ALLSKY_TILE): { pixels: Float32Array; layout: AllskyLayout } {
  const layout = allskyLayout(order, small);
  const pixels = new Float32Array(layout.width * layout.height).fill(NaN);
  for (const [npix, t] of tiles) {
    const col0 = (npix % layout.perRow) * small;
    const displayRow0 = Math.floor(npix / layout.perRow) * small;
    for (let r = 0; r < small; r++) {
      // Sub-image FITS row r is displayed at (small − 1 − r) within its slot.
      const displayRow = displayRow0 + (small - 1 - r);
      const fitsRow = layout.height - 1 - displayRow;
      pixels.set(t.subarray(r * small, (r + 1) * small), fitsRow * layout.width + col0);
    }
  }
  return { pixels, layout };
}
