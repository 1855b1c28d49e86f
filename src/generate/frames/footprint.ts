// Where a visit's CCDs fall on the sky (hsc-data.md §4.8): the rough per-CCD TAN WCS about the
// boresight rotated by INST-PA, CCD corners, and which patches of a tract each CCD overlaps.

import { projectionFor } from '../fields.ts';
import { PATCHES_PER_SIDE, PATCH_INNER, PIXEL_SCALE_DEG, patchOuterBox, type PixelBox } from '../skymap.ts';
import { CCD_HEIGHT, CCD_WIDTH, SCIENCE_CAMERA, type Ccd } from './camera.ts';

const DEG = Math.PI / 180;

export interface Pointing {
  /** Boresight, degrees. */
  ra: number;
  dec: number;
  /** INST-PA, degrees. */
  pa: number;
}

export interface CcdWcs {
  /** Tangent point (the boresight), degrees. */
  crval1: number;
  crval2: number;
  /** FITS (1-based) pixel of the tangent point in the CCD's own pixel frame. */
  crpix1: number;
  crpix2: number;
  cd1_1: number;
  cd1_2: number;
  cd2_1: number;
  cd2_2: number;
}

export interface SkyPoint {
  ra: number;
  dec: number;
}

/** CCD corners in the frame table's order: lower-left, upper-left, upper-right, lower-right. */
export interface CcdCorners {
  ll: SkyPoint;
  ul: SkyPoint;
  ur: SkyPoint;
  lr: SkyPoint;
}

/** The rough TAN WCS of a CCD: tangent point at the boresight, CD rotated by INST-PA. */
export function ccdWcs(p: Pointing, ccd: Ccd): CcdWcs {
  const c = Math.cos(p.pa * DEG) * PIXEL_SCALE_DEG;
  const s = Math.sin(p.pa * DEG) * PIXEL_SCALE_DEG;
  return {
    crval1: p.ra,
    crval2: p.dec,
    // CCD pixel (u, v), 0-based, sits at focal-plane (cx − (W−1)/2 + u, cy − (H−1)/2 + v).
    crpix1: (CCD_WIDTH - 1) / 2 - ccd.cx + 1,
    crpix2: (CCD_HEIGHT - 1) / 2 - ccd.cy + 1,
    cd1_1: -c,
    cd1_2: s,
    cd2_1: s,
    cd2_2: c,
  };
}

/** CCD pixel (0-based) to sky through a CcdWcs. */
export function ccdPixelToSky(w: CcdWcs, u: number, v: number): SkyPoint {
  const dx = u + 1 - w.crpix1;
  const dy = v + 1 - w.crpix2;
  return deproject(w.crval1, w.crval2, w.cd1_1 * dx + w.cd1_2 * dy, w.cd2_1 * dx + w.cd2_2 * dy);
}

/** Gnomonic deprojection of standard coordinates (xi, eta; degrees) about (ra0, dec0). */
export function deproject(ra0: number, dec0: number, xiDeg: number, etaDeg: number): SkyPoint {
  const xi = xiDeg * DEG;
  const eta = etaDeg * DEG;
  const d0 = dec0 * DEG;
  const denom = Math.cos(d0) - eta * Math.sin(d0);
  const ra = ra0 + Math.atan2(xi, denom) / DEG;
  const dec = Math.atan2(Math.sin(d0) + eta * Math.cos(d0), Math.hypot(xi, denom)) / DEG;
  return { ra: ((ra % 360) + 360) % 360, dec };
}

export function ccdCorners(w: CcdWcs): CcdCorners {
  const u1 = CCD_WIDTH - 1;
  const v1 = CCD_HEIGHT - 1;
  return {
    ll: ccdPixelToSky(w, 0, 0),
    ul: ccdPixelToSky(w, 0, v1),
    ur: ccdPixelToSky(w, u1, v1),
    lr: ccdPixelToSky(w, u1, 0),
  };
}

/** A patch of a tract, by its (x, y) index. */
export interface PatchIndex {
  px: number;
  py: number;
}

type Quad = ReadonlyArray<{ x: number; y: number }>;

/** Projections of a polygon's points on the axis (nx, ny): [min, max]. */
function span(pts: Quad, nx: number, ny: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of pts) {
    const v = p.x * nx + p.y * ny;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Separating-axis test of a convex quadrilateral against an axis-aligned pixel box. */
function quadOverlapsBox(q: Quad, b: PixelBox): boolean {
  const bx0 = b.x0 - 0.5;
  const by0 = b.y0 - 0.5;
  const bx1 = b.x0 + b.width - 0.5;
  const by1 = b.y0 + b.height - 0.5;
  const [qx0, qx1] = span(q, 1, 0);
  const [qy0, qy1] = span(q, 0, 1);
  if (qx1 < bx0 || qx0 > bx1 || qy1 < by0 || qy0 > by1) return false;
  const box: Quad = [
    { x: bx0, y: by0 },
    { x: bx1, y: by0 },
    { x: bx1, y: by1 },
    { x: bx0, y: by1 },
  ];
  for (let i = 0; i < q.length; i++) {
    const a = q[i]!;
    const c = q[(i + 1) % q.length]!;
    const [q0, q1] = span(q, c.y - a.y, a.x - c.x);
    const [b0, b1] = span(box, c.y - a.y, a.x - c.x);
    if (q1 < b0 || b1 < q0) return false;
  }
  return true;
}

/** The CCD's corners in a tract's pixel frame, or null when any corner is off the tangent plane. */
function ccdQuadInTract(corners: CcdCorners, tract: number): Quad | null {
  const proj = projectionFor(tract);
  const quad = [corners.ll, corners.ul, corners.ur, corners.lr].map((c) => proj.skyToPixel(c.ra, c.dec, { x: 0, y: 0 }));
  return quad.some((p) => !Number.isFinite(p.x)) ? null : quad;
}

/** Patches of `tract` whose outer box a CCD overlaps. */
export function patchesUnderCcd(corners: CcdCorners, tract: number): PatchIndex[] {
  const quad = ccdQuadInTract(corners, tract);
  if (quad === null) return [];
  const xs = quad.map((p) => p.x);
  const ys = quad.map((p) => p.y);
  const range = (lo: number, hi: number): [number, number] => [
    Math.max(0, Math.floor((lo - 200) / PATCH_INNER)),
    Math.min(PATCHES_PER_SIDE - 1, Math.floor((hi + 200) / PATCH_INNER)),
  ];
  const [px0, px1] = range(Math.min(...xs), Math.max(...xs));
  const [py0, py1] = range(Math.min(...ys), Math.max(...ys));
  const out: PatchIndex[] = [];
  for (let py = py0; py <= py1; py++) {
    for (let px = px0; px <= px1; px++) {
      if (quadOverlapsBox(quad, patchOuterBox(px, py))) out.push({ px, py });
    }
  }
  return out;
}

/** One science CCD of a visit with its WCS and corners. */
export interface PlacedCcd {
  ccd: Ccd;
  wcs: CcdWcs;
  corners: CcdCorners;
}

/** All 104 science CCDs of a pointing placed on the sky. */
export function placeScienceCcds(p: Pointing): PlacedCcd[] {
  return SCIENCE_CAMERA.map((ccd) => {
    const wcs = ccdWcs(p, ccd);
    return { ccd, wcs, corners: ccdCorners(wcs) };
  });
}

/** Radius (deg) beyond which no science CCD reaches: the farthest CCD corner from the axis. */
export const FIELD_RADIUS_DEG =
  Math.max(...SCIENCE_CAMERA.map((c) => Math.hypot(Math.abs(c.cx) + CCD_WIDTH / 2, Math.abs(c.cy) + CCD_HEIGHT / 2))) * PIXEL_SCALE_DEG;
