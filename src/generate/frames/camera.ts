// The synthetic HSC focal plane (hsc-data.md §3.4, §4.8): 104 science CCDs on a 2120×4450 px
// grid, 8 focus CCDs, and a fixed DET-ID ↔ (half, SDO-ID) table. Autoguider slots are not written.

/** Detrended CCD size, px. */
export const CCD_WIDTH = 2048;
export const CCD_HEIGHT = 4176;
const GRID_X = 2120;
const GRID_Y = 4450;
export const SCIENCE_CCDS = 104;
export const FOCUS_CCDS = 8;
/** SDO-IDs per half: 52 science, 4 focus (52–55), 2 autoguider (56–57, never written). */
const SCIENCE_SDO_PER_HALF = 52;

export type CcdKind = 'science' | 'focus';

export interface Ccd {
  /** DET-ID, the pipeline `ccd` number: science 0–103, focus 104–111. */
  detId: number;
  half: 0 | 1;
  sdo: number;
  kind: CcdKind;
  /** Centre in focal-plane pixels from the optical axis (x to the east-left at INST-PA 0, y north). */
  cx: number;
  cy: number;
}

/**
 * Pairs pinned to match the two real headers quoted in §3.4: HSCA04090107 is DET-ID 37 (`1_07`),
 * HSCA90402512 is DET-ID 50 (`1_12`).
 */
const PINNED: ReadonlyArray<{ detId: number; half: 0 | 1; sdo: number }> = [
  { detId: 37, half: 1, sdo: 7 },
  { detId: 50, half: 1, sdo: 12 },
];

function buildCamera(): Ccd[] {
  const cells: Array<{ cx: number; cy: number; r: number }> = [];
  for (let i = -8; i <= 8; i++) {
    for (let j = -5; j <= 4; j++) {
      const cx = i * GRID_X;
      const cy = (j + 0.5) * GRID_Y;
      cells.push({ cx, cy, r: Math.hypot(cx, cy) });
    }
  }
  // The 104 cells nearest the axis (no tie at the cut), numbered bottom row first, west to east.
  const kept = cells
    .sort((a, b) => a.r - b.r)
    .slice(0, SCIENCE_CCDS)
    .sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  const pairs = kept.map((_, d) => ({ half: (d % 2) as 0 | 1, sdo: Math.floor(d / 2) }));
  for (const pin of PINNED) {
    const holder = pairs.findIndex((p) => p.half === pin.half && p.sdo === pin.sdo);
    const displaced = pairs[pin.detId]!;
    pairs[holder] = displaced;
    pairs[pin.detId] = { half: pin.half, sdo: pin.sdo };
  }
  const ccds: Ccd[] = kept.map((c, d) => ({ detId: d, ...pairs[d]!, kind: 'science', cx: c.cx, cy: c.cy }));
  // Focus CCDs sit outside the science mosaic, in the four corners of the field.
  for (let f = 0; f < FOCUS_CCDS; f++) {
    const corner = f % 4;
    const sx = corner === 0 || corner === 3 ? -1 : 1;
    const sy = corner < 2 ? -1 : 1;
    ccds.push({
      detId: SCIENCE_CCDS + f,
      half: (f % 2) as 0 | 1,
      sdo: SCIENCE_SDO_PER_HALF + Math.floor(f / 2),
      kind: 'focus',
      cx: sx * (5 + (f >> 2)) * GRID_X,
      cy: sy * 3.6 * GRID_Y,
    });
  }
  return ccds;
}

/** All 112 read-out CCDs, ordered by DET-ID. */
export const CAMERA: readonly Ccd[] = buildCamera();

export const SCIENCE_CAMERA: readonly Ccd[] = CAMERA.filter((c) => c.kind === 'science');

const BY_SLOT = new Map(CAMERA.map((c) => [c.half * 100 + c.sdo, c]));

/** The CCD read out as (half, SDO-ID), or undefined for an autoguider slot. */
export function ccdAt(half: 0 | 1, sdo: number): Ccd | undefined {
  return BY_SLOT.get(half * 100 + sdo);
}
