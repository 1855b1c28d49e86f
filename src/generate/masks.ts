// Bright-star mask model shared by the catalog flags and the image MASK planes (hsc-data.md §4.5,
// §4.7): BRIGHT_OBJECT discs and the PDR3 `masks` table components (halo, dip, ghost, blooming).

import type { Band, PatchLocation } from './fields.ts';
import type { StreamId } from './rng.ts';
import { patchOuterBox } from './skymap.ts';
import { brightStars, type BrightStar } from './truth.ts';

/** Bits returned by BrightStarMasks.at(). */
export const MASK_BRIGHT_OBJECT = 1;
export const MASK_HALO = 2;
export const MASK_DIP = 4;
export const MASK_GHOST = 8;
export const MASK_BLOOMING = 16;
export const MASK_GHOST12 = 32;
export const MASK_GHOST15 = 64;
/** The masks-table components in column order, with their bits. */
export const BRIGHTSTAR_COMPONENTS = [
  ['any', MASK_HALO | MASK_DIP | MASK_GHOST | MASK_BLOOMING],
  ['halo', MASK_HALO],
  ['dip', MASK_DIP],
  ['ghost', MASK_GHOST],
  ['blooming', MASK_BLOOMING],
  ['ghost12', MASK_GHOST12],
  ['ghost15', MASK_GHOST15],
] as const;

/** Per-band scale of the mask radii (bright stars bleed more in g, less in the red bands). */
const BAND_SCALE: Record<Band, number> = { g: 1.05, r: 1.0, i: 1.0, z: 0.95, y: 0.9 };
const HALO_SCALE = 1.15;
const DIP_SCALE = 0.25;
const GHOST_OFFSET = 2.5;
const GHOST_SCALE = 0.6;
const BLOOM_HALF_WIDTH = 6;
const BLOOM_LENGTH = 2;
const CELL = 256;

/** How far from the star any component reaches, in units of its radius (generous). */
const REACH = GHOST_OFFSET + GHOST_SCALE + 0.2;

/**
 * Every bright star (from this patch and its 8 neighbours) whose masks reach a patch's outer box,
 * indexed on a 256 px grid. Ghosts sit GHOST_OFFSET radii from the star towards +x (the
 * direction of the focal-plane centre in this model).
 */
export class BrightStarMasks {
  readonly stars: BrightStar[] = [];
  private readonly x0: number;
  private readonly y0: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cells: number[][];

  constructor(seed: StreamId, loc: PatchLocation) {
    const box = patchOuterBox(loc.px, loc.py);
    this.x0 = box.x0;
    this.y0 = box.y0;
    this.nx = Math.ceil(box.width / CELL);
    this.ny = Math.ceil(box.height / CELL);
    this.cells = Array.from({ length: this.nx * this.ny }, () => []);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const px = loc.px + dx;
        const py = loc.py + dy;
        if (px < 0 || py < 0 || px > 8 || py > 8) continue;
        for (const s of brightStars(seed, { ...loc, px, py })) this.add(s);
      }
    }
  }

  private add(s: BrightStar): void {
    const reach = s.radiusPx * REACH * 1.1;
    const cx0 = Math.max(0, Math.floor((s.x - reach - this.x0) / CELL));
    const cx1 = Math.min(this.nx - 1, Math.floor((s.x + reach - this.x0) / CELL));
    const cy0 = Math.max(0, Math.floor((s.y - reach - this.y0) / CELL));
    const cy1 = Math.min(this.ny - 1, Math.floor((s.y + reach - this.y0) / CELL));
    if (cx0 > cx1 || cy0 > cy1) return;
    const k = this.stars.length;
    this.stars.push(s);
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) (this.cells[cy * this.nx + cx] as number[]).push(k);
  }

  /** Mask bits at tract pixel (x, y) in a band (0 when no bright star reaches it). */
  at(band: Band, x: number, y: number): number {
    const cx = Math.floor((x - this.x0) / CELL);
    const cy = Math.floor((y - this.y0) / CELL);
    if (cx < 0 || cy < 0 || cx >= this.nx || cy >= this.ny) return 0;
    const list = this.cells[cy * this.nx + cx] as number[];
    if (list.length === 0) return 0;
    const f = BAND_SCALE[band];
    let bits = 0;
    for (const k of list) {
      const s = this.stars[k] as BrightStar;
      const r = s.radiusPx * f;
      const dx = x - s.x;
      const dy = y - s.y;
      const d2 = dx * dx + dy * dy;
      if (d2 < r * r) bits |= MASK_BRIGHT_OBJECT;
      if (d2 < r * r * HALO_SCALE * HALO_SCALE) bits |= MASK_HALO;
      if (s.magI < 15 && d2 < r * r * DIP_SCALE * DIP_SCALE) bits |= MASK_DIP;
      if (s.magI < 16) {
        const gx = dx - GHOST_OFFSET * r;
        if (gx * gx + dy * dy < r * r * GHOST_SCALE * GHOST_SCALE) {
          bits |= MASK_GHOST;
          if (s.magI < 15) bits |= MASK_GHOST15;
          if (s.magI < 12) bits |= MASK_GHOST12;
        }
      }
      if (s.magI < 14 && Math.abs(dx) < BLOOM_HALF_WIDTH && Math.abs(dy) < BLOOM_LENGTH * r) bits |= MASK_BLOOMING;
    }
    return bits;
  }
}
