// The HSC "rings" skymap (hsc-data.md §2.1, §2.2): tract ids and centres, tract lookup, patch
// boxes, the tract TAN WCS (0.168"/px, north up, east left) and object_id / skymap_id encodings.

const DEG = Math.PI / 180;
export const NUM_RINGS = 120;
/** Ring height in radians: π/(numRings+1). */
export const RING_SIZE = Math.PI / (NUM_RINGS + 1);
/** Pixel scale of tracts and coadds, arcsec/px. */
export const PIXEL_SCALE_ARCSEC = 0.168;
export const PIXEL_SCALE_DEG = PIXEL_SCALE_ARCSEC / 3600;
export const PATCH_INNER = 4000;
export const PATCH_BORDER = 100;
export const PATCHES_PER_SIDE = 9;
/** Synthetic tract bbox (§4.7): 9×9 inner patches, 36000 px square, centred on the tract centre. */
export const TRACT_SIZE = PATCH_INNER * PATCHES_PER_SIDE;

/** Number of tracts in each ring (index 0 = southernmost ring). */
const RING_TRACTS: readonly number[] = (() => {
  const counts: number[] = [];
  for (let i = 0; i < NUM_RINGS; i++) {
    const startDec = RING_SIZE * (i + 0.5) - Math.PI / 2;
    const stopDec = startDec + RING_SIZE;
    const dec = Math.min(Math.abs(startDec), Math.abs(stopDec));
    counts.push(Math.floor((2 * Math.PI * Math.cos(dec)) / RING_SIZE) + 1);
  }
  return counts;
})();

/** First tract id of each ring (the south cap is tract 0). */
const RING_FIRST: readonly number[] = (() => {
  const first: number[] = [];
  let next = 1;
  for (const n of RING_TRACTS) {
    first.push(next);
    next += n;
  }
  return first;
})();

/** Total number of tracts, caps included (18938 for HSC). */
export const NUM_TRACTS = (RING_FIRST[NUM_RINGS - 1] as number) + (RING_TRACTS[NUM_RINGS - 1] as number) + 1;

export interface SkyPosition {
  /** Right ascension, degrees, in [0, 360). */
  ra: number;
  /** Declination, degrees. */
  dec: number;
}

/** The centre of a tract, degrees. Tract 0 and NUM_TRACTS−1 are the south and north caps. */
export function tractCenter(tract: number): SkyPosition {
  if (!Number.isInteger(tract) || tract < 0 || tract >= NUM_TRACTS) throw new RangeError(`no tract ${tract}`);
  if (tract === 0) return { ra: 0, dec: -90 };
  if (tract === NUM_TRACTS - 1) return { ra: 0, dec: 90 };
  let ring = 0;
  while (ring + 1 < NUM_RINGS && (RING_FIRST[ring + 1] as number) <= tract) ring++;
  const n = RING_TRACTS[ring] as number;
  const num = tract - (RING_FIRST[ring] as number);
  return { ra: ((2 * Math.PI * num) / n) / DEG, dec: (RING_SIZE * (ring + 1) - Math.PI / 2) / DEG };
}

/** The tract whose inner region holds (ra, dec): rings lookup of §2.1. */
export function tractAt(ra: number, dec: number): number {
  const decRad = dec * DEG;
  const ring = Math.floor((decRad - (RING_SIZE / 2 - Math.PI / 2)) / RING_SIZE);
  if (ring < 0) return 0;
  if (ring >= NUM_RINGS) return NUM_TRACTS - 1;
  const n = RING_TRACTS[ring] as number;
  const raRad = (((ra % 360) + 360) % 360) * DEG;
  const num = Math.floor(raRad / ((2 * Math.PI) / n) + 0.5) % n;
  return (RING_FIRST[ring] as number) + num;
}

/** A pixel box in tract coordinates: x in [x0, x0+width), y in [y0, y0+height). */
export interface PixelBox {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** Inner box of patch (x, y): 4000×4000 px starting at (4000x, 4000y). */
export function patchInnerBox(px: number, py: number): PixelBox {
  checkPatch(px, py);
  return { x0: PATCH_INNER * px, y0: PATCH_INNER * py, width: PATCH_INNER, height: PATCH_INNER };
}

/** Outer box: inner grown by the 100 px border and clipped to the tract (4200, or 4100 on a tract edge). */
export function patchOuterBox(px: number, py: number): PixelBox {
  const inner = patchInnerBox(px, py);
  const x0 = Math.max(0, inner.x0 - PATCH_BORDER);
  const y0 = Math.max(0, inner.y0 - PATCH_BORDER);
  const x1 = Math.min(TRACT_SIZE, inner.x0 + inner.width + PATCH_BORDER);
  const y1 = Math.min(TRACT_SIZE, inner.y0 + inner.height + PATCH_BORDER);
  return { x0, y0, width: x1 - x0, height: y1 - y0 };
}

function checkPatch(px: number, py: number): void {
  const ok = (v: number): boolean => Number.isInteger(v) && v >= 0 && v < PATCHES_PER_SIDE;
  if (!ok(px) || !ok(py)) throw new RangeError(`no patch ${px},${py}`);
}

/** Whether tract pixel (x, y) lies in a box (pixel centres, half-open on the far edges). */
export function boxContains(box: PixelBox, x: number, y: number): boolean {
  return x >= box.x0 - 0.5 && x < box.x0 + box.width - 0.5 && y >= box.y0 - 0.5 && y < box.y0 + box.height - 0.5;
}

/**
 * TAN WCS of a tract. Pixel convention: 0-based pixel centres in the tract frame (the LSST
 * convention); FITS CRPIX is crpix + 1. CD = diag(−scale, +scale): north up, east left.
 */
export interface TractWcs {
  tract: number;
  /** Tangent point = tract centre, degrees. */
  crval: SkyPosition;
  /** 0-based pixel of the tangent point, (TRACT_SIZE−1)/2 on both axes. */
  crpix0: { x: number; y: number };
  /** CD matrix, degrees/px. */
  cd: { cd11: number; cd12: number; cd21: number; cd22: number };
}

export function tractWcs(tract: number): TractWcs {
  const c = (TRACT_SIZE - 1) / 2;
  return {
    tract,
    crval: tractCenter(tract),
    crpix0: { x: c, y: c },
    cd: { cd11: -PIXEL_SCALE_DEG, cd12: 0, cd21: 0, cd22: PIXEL_SCALE_DEG },
  };
}

/** FITS WCS cards (1-based CRPIX) for a box of a tract, e.g. a patch's outer box. */
export function fitsWcsFor(wcs: TractWcs, box: PixelBox): Record<string, number | string> {
  return {
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CRVAL1: wcs.crval.ra,
    CRVAL2: wcs.crval.dec,
    CRPIX1: wcs.crpix0.x - box.x0 + 1,
    CRPIX2: wcs.crpix0.y - box.y0 + 1,
    CD1_1: wcs.cd.cd11,
    CD1_2: wcs.cd.cd12,
    CD2_1: wcs.cd.cd21,
    CD2_2: wcs.cd.cd22,
    CUNIT1: 'deg',
    CUNIT2: 'deg',
    RADESYS: 'ICRS',
    EQUINOX: 2000.0,
    LTV1: -box.x0,
    LTV2: -box.y0,
    CRVAL1A: box.x0,
    CRVAL2A: box.y0,
    CRPIX1A: 1,
    CRPIX2A: 1,
    CTYPE1A: 'LINEAR',
    CTYPE2A: 'LINEAR',
    CUNIT1A: 'PIXEL',
    CUNIT2A: 'PIXEL',
  };
}

/** Precomputed trigonometry of a tract WCS for fast per-object transforms. */
export class TractProjection {
  readonly wcs: TractWcs;
  private readonly ra0: number;
  private readonly sinDec0: number;
  private readonly cosDec0: number;
  private readonly det: number;

  constructor(tract: number) {
    this.wcs = tractWcs(tract);
    this.ra0 = this.wcs.crval.ra * DEG;
    this.sinDec0 = Math.sin(this.wcs.crval.dec * DEG);
    this.cosDec0 = Math.cos(this.wcs.crval.dec * DEG);
    const { cd11, cd12, cd21, cd22 } = this.wcs.cd;
    this.det = cd11 * cd22 - cd12 * cd21;
  }

  /** Tract pixel (0-based centres) to sky; writes into `out` to avoid allocation in hot loops. */
  pixelToSky(x: number, y: number, out: SkyPosition = { ra: 0, dec: 0 }): SkyPosition {
    const { cd11, cd12, cd21, cd22 } = this.wcs.cd;
    const dx = x - this.wcs.crpix0.x;
    const dy = y - this.wcs.crpix0.y;
    const xi = (cd11 * dx + cd12 * dy) * DEG;
    const eta = (cd21 * dx + cd22 * dy) * DEG;
    const denom = this.cosDec0 - eta * this.sinDec0;
    let ra = (this.ra0 + Math.atan2(xi, denom)) / DEG;
    ra = ((ra % 360) + 360) % 360;
    out.ra = ra;
    out.dec = Math.atan2(this.sinDec0 + eta * this.cosDec0, Math.sqrt(xi * xi + denom * denom)) / DEG;
    return out;
  }

  /** Sky to tract pixel; NaN for points on the far hemisphere. */
  skyToPixel(ra: number, dec: number, out: { x: number; y: number } = { x: 0, y: 0 }): { x: number; y: number } {
    const a = ra * DEG - this.ra0;
    const d = dec * DEG;
    const sinD = Math.sin(d);
    const cosD = Math.cos(d);
    const cosA = Math.cos(a);
    const cosc = this.sinDec0 * sinD + this.cosDec0 * cosD * cosA;
    if (cosc <= 0) {
      out.x = NaN;
      out.y = NaN;
      return out;
    }
    const xi = (cosD * Math.sin(a)) / cosc / DEG;
    const eta = (this.cosDec0 * sinD - this.sinDec0 * cosD * cosA) / cosc / DEG;
    const { cd11, cd12, cd21, cd22 } = this.wcs.cd;
    out.x = (cd22 * xi - cd12 * eta) / this.det + this.wcs.crpix0.x;
    out.y = (-cd21 * xi + cd11 * eta) / this.det + this.wcs.crpix0.y;
    return out;
  }
}

/** The patch whose inner box holds tract pixel (x, y), or null outside the tract. */
export function patchAt(x: number, y: number): { px: number; py: number } | null {
  const px = Math.floor((x + 0.5) / PATCH_INNER);
  const py = Math.floor((y + 0.5) / PATCH_INNER);
  if (px < 0 || py < 0 || px >= PATCHES_PER_SIDE || py >= PATCHES_PER_SIDE) return null;
  return { px, py };
}

// --- identifiers (§2.2) ---------------------------------------------------------------------

/** mergedCoaddId = (tract·32 + x)·32 + y (16 bits tract, 5 + 5 bits patch). */
export function mergedCoaddId(tract: number, px: number, py: number): number {
  return (tract * 32 + px) * 32 + py;
}

/** object_id = mergedCoaddId·2^32 + seq, seq counting objects within the patch. */
export function encodeObjectId(tract: number, px: number, py: number, seq: number): bigint {
  return (BigInt(mergedCoaddId(tract, px, py)) << 32n) | BigInt(seq >>> 0);
}

/** Fast object_id builder for a patch: the high part is computed once. */
export function objectIdBase(tract: number, px: number, py: number): bigint {
  return BigInt(mergedCoaddId(tract, px, py)) << 32n;
}

export interface DecodedObjectId {
  tract: number;
  px: number;
  py: number;
  seq: number;
}

export function decodeObjectId(id: bigint): DecodedObjectId {
  const seq = Number(id & 0xffffffffn);
  const merged = Number(id >> 32n);
  return { tract: Math.floor(merged / 1024), px: (merged >> 5) & 31, py: merged & 31, seq };
}

/** skymap_id = tract·10000 + x·100 + y (§1.3, encoding unverified). */
export function skymapId(tract: number, px: number, py: number): number {
  return tract * 10000 + px * 100 + py;
}

/** Integer `patch` column: 100·x + y. */
export function patchInt(px: number, py: number): number {
  return px * 100 + py;
}

/** `patch_s` and file-path form: 'x,y'. */
export function patchString(px: number, py: number): string {
  return `${px},${py}`;
}
