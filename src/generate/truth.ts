// The true sky of a patch (hsc-data.md §4.4): stars, galaxies (clustered in part) and sky objects
// with fluxes, shapes and redshifts. The catalog measures it and the images render it.
//
// Conventions: positions are tract pixels (0-based pixel centres; patch-local = tract − (x0, y0) of
// the patch outer box). Fluxes are coadd counts (zero point 27: mag = 27 − 2.5·log10(counts)) in
// g, r, i, z, y order, Galactic extinction included (what the coadd sees).
//
// Each patch's inner box is cut into 9 regions (a 3800 px core, four 100 px edge strips, four
// corners), each with its own random stream, so a neighbour's border objects (the patch-overlap
// duplicates) are regenerated without regenerating the whole neighbour.

import { extinction, ebvAt, patchCoverage, type PatchCoverage } from './coverage.ts';
import { BANDS, projectionFor, type PatchLocation } from './fields.ts';
import { streamFor, type Rng, type StreamId } from './rng.ts';
import { PATCH_BORDER, PATCH_INNER, PIXEL_SCALE_ARCSEC, boxContains, patchInnerBox, patchOuterBox } from './skymap.ts';

export type TruthKind = 'star' | 'galaxy' | 'sky';

export interface TruthObject {
  kind: TruthKind;
  /** Patch whose inner box holds the object, and its stable index there: region·2^20 + rank in region. */
  ownerPx: number;
  ownerPy: number;
  index: number;
  /** Tract pixel position (0-based pixel centres). */
  x: number;
  y: number;
  /** ICRS position, degrees. */
  ra: number;
  dec: number;
  /** True coadd counts in g, r, i, z, y (0 for sky objects). */
  flux: Float64Array;
  /** Half-light radius, arcsec (0 for stars and sky objects). */
  rE: number;
  /** Axis ratio b/a (1 for stars). */
  q: number;
  /** Position angle, degrees east of north, [0, 180). */
  pa: number;
  /** Bulge (de Vaucouleurs) fraction of the light, 0–1. */
  fracdev: number;
  /** Redshift (0 for stars and sky objects). */
  z: number;
  /** Red-sequence galaxy. */
  red: boolean;
  /** Neyman–Scott clump number within the owner patch, or −1 for field objects. */
  clump: number;
  /** E(B−V) at the position. */
  ebv: number;
}

/** The 5σ BRIGHT_OBJECT mask radius (arcsec) of a star of magnitude m (§4.7, scaled to PDR3-like area). */
export function brightObjectRadiusArcsec(m: number): number {
  return Math.pow(10, 3.0 - 0.12 * m);
}
/** Stars brighter than this carry a bright-object mask (§4.7). */
export const BRIGHT_STAR_LIMIT = 17.5;
const BRIGHT_STAR_MIN = 7;

const DEG2_PER_PX2 = Math.pow(PIXEL_SCALE_ARCSEC / 3600, 2);

// --- number counts (per deg² per mag, i band) ------------------------------------------------

/** A piecewise power-law magnitude distribution: dN/dm = 10^(a + s·m) on [lo, hi). */
interface CountSegment {
  lo: number;
  hi: number;
  a: number;
  s: number;
}

function segmentIntegral(g: CountSegment): number {
  if (g.hi <= g.lo) return 0;
  const k = g.s * Math.LN10;
  return (Math.pow(10, g.a + g.s * g.hi) - Math.pow(10, g.a + g.s * g.lo)) / k;
}

function sampleSegment(rng: Rng, g: CountSegment): number {
  const ea = Math.pow(10, g.s * g.lo);
  const eb = Math.pow(10, g.s * g.hi);
  return Math.log10(ea + rng.uniform() * (eb - ea)) / g.s;
}

class CountModel {
  private readonly segments: CountSegment[];
  private readonly weights: number[];
  readonly total: number;

  constructor(segments: CountSegment[]) {
    this.segments = segments.filter((g) => g.hi > g.lo);
    this.weights = this.segments.map(segmentIntegral);
    this.total = this.weights.reduce((a, b) => a + b, 0);
  }

  sample(rng: Rng): number {
    let u = rng.uniform() * this.total;
    for (let k = 0; k < this.segments.length; k++) {
      const w = this.weights[k] as number;
      if (u < w || k === this.segments.length - 1) return sampleSegment(rng, this.segments[k] as CountSegment);
      u -= w;
    }
    throw new Error('empty count model');
  }
}

/** Galaxies: dN/dm = 10^(4.65 + 0.31(m−24)) below 25, slope 0.22 fainter (§4.4). */
function galaxyCounts(lo: number, hi: number): CountModel {
  const a1 = 4.65 - 0.31 * 24;
  const a2 = a1 + 0.31 * 25 - 0.22 * 25;
  return new CountModel([
    { lo, hi: Math.min(hi, 25), a: a1, s: 0.31 },
    { lo: Math.max(lo, 25), hi, a: a2, s: 0.22 },
  ]);
}

/**
 * Stars: dN/dm = 500·f_b·10^(0.1(m−20)) (§4.4) above m = 17, steepening to slope 0.35 brighter so
 * that bright stars have realistic (few per deg²) counts.
 */
function starCounts(fb: number, lo: number, hi: number): CountModel {
  const a1 = Math.log10(500 * fb) - 2.0;
  const a0 = a1 + 0.1 * 17 - 0.35 * 17;
  return new CountModel([
    { lo, hi: Math.min(hi, 17), a: a0, s: 0.35 },
    { lo: Math.max(lo, 17), hi, a: a1, s: 0.1 },
  ]);
}

function starDensityFactor(galacticLatitude: number): number {
  return Math.min(3, 1 / Math.max(1e-3, Math.sin(Math.abs(galacticLatitude) * (Math.PI / 180))));
}

// --- colours ---------------------------------------------------------------------------------

const COLOR_Z = [0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0];
/** g−r, r−i, i−z, z−y at COLOR_Z, red then blue galaxies (§4.4). */
const RED_COLORS = [
  [0.75, 0.35, 0.2, 0.1], [1.25, 0.45, 0.25, 0.15], [1.7, 0.85, 0.35, 0.2], [1.9, 1.2, 0.6, 0.3],
  [1.8, 1.3, 0.9, 0.5], [1.2, 1.0, 0.8, 0.6], [0.8, 0.7, 0.6, 0.6],
];
const BLUE_COLORS = [
  [0.45, 0.2, 0.1, 0.05], [0.6, 0.25, 0.15, 0.08], [0.8, 0.35, 0.2, 0.1], [0.65, 0.45, 0.3, 0.15],
  [0.5, 0.5, 0.35, 0.2], [0.3, 0.3, 0.4, 0.3], [0.2, 0.15, 0.15, 0.2],
];

function colorAt(table: number[][], z: number, k: number): number {
  if (z <= 0) return (table[0] as number[])[k] as number;
  for (let j = 1; j < COLOR_Z.length; j++) {
    const z1 = COLOR_Z[j] as number;
    if (z <= z1) {
      const z0 = COLOR_Z[j - 1] as number;
      const t = (z - z0) / (z1 - z0);
      const c0 = (table[j - 1] as number[])[k] as number;
      const c1 = (table[j] as number[])[k] as number;
      return c0 + t * (c1 - c0);
    }
  }
  return (table[table.length - 1] as number[])[k] as number;
}

/** Magnitudes g, r, i, z, y from i and the four colours g−r, r−i, i−z, z−y. */
function magsFromColors(i: number, gr: number, ri: number, iz: number, zy: number, out: Float64Array): void {
  out[2] = i;
  out[1] = i + ri;
  out[0] = i + ri + gr;
  out[3] = i - iz;
  out[4] = i - iz - zy;
}

function starColors(rng: Rng, i: number, out: Float64Array): void {
  let gr = rng.chance(0.45) ? rng.gauss(0.35, 0.1) : 0.4 + 1.15 * rng.beta(1.2, 1.8);
  gr = Math.min(1.55, Math.max(0.2, gr));
  const ri = gr < 1.2 ? 0.12 + 0.3 * (gr - 0.25) : 0.495 + ((gr - 1.2) / 0.3) * (1.6 - 0.495);
  magsFromColors(i, gr, ri, 0.02 + 0.45 * ri, 0.25 * ri, out);
}

function galaxyColors(rng: Rng, i: number, z: number, red: boolean, out: Float64Array): void {
  const table = red ? RED_COLORS : BLUE_COLORS;
  const sigma = red ? 0.08 : Math.hypot(0.08, 0.15);
  const c = [0, 1, 2, 3].map((k) => colorAt(table, z, k) + rng.gauss(0, sigma));
  magsFromColors(i, c[0] as number, c[1] as number, c[2] as number, c[3] as number, out);
}

/** Redshift with median z_med(i) = max(0.05, 0.55 + 0.17(i−22)), p(z) ∝ z²·exp(−(z/z0)^1.5) (§4.4). */
function galaxyRedshift(rng: Rng, i: number): number {
  const zMed = Math.max(0.05, 0.55 + 0.17 * (i - 22));
  // With t = (z/z0)^1.5, t ~ Gamma(2); its median is 1.67835.
  const z0 = zMed / Math.pow(1.67835, 2 / 3);
  const t = -Math.log(rng.uniform() * rng.uniform());
  return Math.min(6, z0 * Math.pow(t, 2 / 3));
}

function redFraction(i: number): number {
  const t = Math.min(1, Math.max(0, (i - 19) / 6));
  return 0.4 - 0.3 * t;
}

// --- regions ---------------------------------------------------------------------------------

/** Region r = ry·3 + rx of the inner box; rx, ry ∈ {0: first 100 px, 1: core, 2: last 100 px}. */
export function regionBox(px: number, py: number, region: number): { x0: number; y0: number; width: number; height: number } {
  const inner = patchInnerBox(px, py);
  const span = (k: number): [number, number] =>
    k === 0 ? [0, PATCH_BORDER] : k === 1 ? [PATCH_BORDER, PATCH_INNER - 2 * PATCH_BORDER] : [PATCH_INNER - PATCH_BORDER, PATCH_BORDER];
  const [ox, w] = span(region % 3);
  const [oy, h] = span(Math.floor(region / 3));
  return { x0: inner.x0 + ox, y0: inner.y0 + oy, width: w, height: h };
}
const CORE_REGION = 4;

/** Bright stars (m_i < 17.5) of a patch's inner box, from their own stream: cheap for neighbours' masks. */
export interface BrightStar {
  x: number;
  y: number;
  /** i-band magnitude (the other bands follow the star's colours in its TruthObject). */
  magI: number;
  /** BRIGHT_OBJECT mask radius, tract pixels. */
  radiusPx: number;
}

const brightCache = new Map<string, BrightStar[]>();

export function brightStars(seed: StreamId, loc: PatchLocation): BrightStar[] {
  const key = `${String(seed)}/${loc.dataset}/${loc.tract}/${loc.px},${loc.py}`;
  const hit = brightCache.get(key);
  if (hit !== undefined) return hit;
  const cov = patchCoverage(seed, loc);
  const out: BrightStar[] = [];
  if (cov !== null) {
    const rng = streamFor(seed, 'bright-stars', datasetId(loc), loc.tract, loc.px, loc.py);
    const counts = starCounts(starDensityFactor(cov.context.galacticLatitude), BRIGHT_STAR_MIN, BRIGHT_STAR_LIMIT);
    const inner = patchInnerBox(loc.px, loc.py);
    const n = rng.poisson(counts.total * inner.width * inner.height * DEG2_PER_PX2);
    for (let k = 0; k < n; k++) {
      const magI = counts.sample(rng);
      const x = inner.x0 - 0.5 + rng.uniform() * inner.width;
      const y = inner.y0 - 0.5 + rng.uniform() * inner.height;
      out.push({ x, y, magI, radiusPx: brightObjectRadiusArcsec(magI) / PIXEL_SCALE_ARCSEC });
    }
  }
  if (brightCache.size > 4096) brightCache.clear();
  brightCache.set(key, out);
  return out;
}

function datasetId(loc: PatchLocation): number {
  return loc.dataset === 'pdr3_wide' ? 0 : 1;
}

/** Detection probability of §4.4 from the faintest margin below the 5σ depth over the bands. */
function detectionProbability(mags: Float64Array, cov: PatchCoverage, sizeLoss: (sigmaArcsec: number) => number): number {
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const c = cov.bands[BANDS[b] as (typeof BANDS)[number]];
    if (c.nVisits === 0) continue;
    const margin = (mags[b] as number) + sizeLoss(c.seeingFwhm / 2.355) - c.m5;
    if (margin < best) best = margin;
  }
  if (best === Infinity) return 0;
  return 1 / (1 + Math.exp((best - 0.3) / 0.25));
}

/** Stride of TruthObject.index between regions. */
export const REGION_INDEX_STRIDE = 1 << 20;

/** The truth objects of one region of a patch's inner box, in a fixed order. */
export function regionTruth(seed: StreamId, cov: PatchCoverage, region: number): TruthObject[] {
  const firstIndex = region * REGION_INDEX_STRIDE;
  const { loc } = cov.context;
  const rng = streamFor(seed, 'truth', datasetId(loc), loc.tract, loc.px, loc.py, region);
  const box = regionBox(loc.px, loc.py, region);
  const areaDeg2 = box.width * box.height * DEG2_PER_PX2;
  const proj = projectionFor(loc.tract);
  const iCov = cov.bands.i;
  const mMax = (Number.isFinite(iCov.m5) ? iCov.m5 : 26) + 1.5;
  const out: TruthObject[] = [];
  const mags = new Float64Array(5);
  const sky = { ra: 0, dec: 0 };

  const push = (kind: TruthKind, x: number, y: number, shape: Omit<TruthObject, 'kind' | 'ownerPx' | 'ownerPy' | 'index' | 'x' | 'y' | 'ra' | 'dec' | 'flux' | 'ebv'>): void => {
    proj.pixelToSky(x, y, sky);
    const ebv = ebvAt(cov.context, sky.ra, sky.dec);
    const flux = new Float64Array(5);
    if (kind !== 'sky') {
      for (let b = 0; b < 5; b++) {
        const m = (mags[b] as number) + extinction(BANDS[b] as (typeof BANDS)[number], ebv);
        flux[b] = Math.pow(10, -0.4 * (m - 27));
      }
    }
    out.push({ kind, ownerPx: loc.px, ownerPy: loc.py, index: firstIndex + out.length, x, y, ra: sky.ra, dec: sky.dec, flux, ebv, ...shape });
  };
  const pointLoss = (): number => 0;

  // Bright stars of the patch that fall in this region (from their own stream).
  for (const s of brightStars(seed, loc)) {
    if (!boxContains(box, s.x, s.y)) continue;
    starColors(rng, s.magI, mags);
    push('star', s.x, s.y, { rE: 0, q: 1, pa: 0, fracdev: 0, z: 0, red: false, clump: -1 });
  }

  const uniformX = (): number => box.x0 - 0.5 + rng.uniform() * box.width;
  const uniformY = (): number => box.y0 - 0.5 + rng.uniform() * box.height;

  // Faint stars.
  const stars = starCounts(starDensityFactor(cov.context.galacticLatitude), BRIGHT_STAR_LIMIT, mMax);
  const nStars = rng.poisson(stars.total * areaDeg2);
  for (let k = 0; k < nStars; k++) {
    const i = stars.sample(rng);
    starColors(rng, i, mags);
    const x = uniformX();
    const y = uniformY();
    if (rng.uniform() < detectionProbability(mags, cov, pointLoss)) {
      push('star', x, y, { rE: 0, q: 1, pa: 0, fracdev: 0, z: 0, red: false, clump: -1 });
    }
  }

  // Galaxies: field everywhere; in the core 30% of them come in Neyman–Scott clumps instead.
  const galaxies = galaxyCounts(14, mMax);
  const expected = galaxies.total * areaDeg2;
  const clustered = region === CORE_REGION ? 0.3 : 0;
  const addGalaxy = (x: number, y: number, i: number, z: number, red: boolean, clump: number): void => {
    galaxyColors(rng, i, z, red, mags);
    const fracdev = red ? rng.beta(5, 2) : rng.beta(1, 6);
    const rE = Math.min(8, Math.max(0.05, Math.pow(10, 0.15 - 0.1 * (i - 20) + rng.gauss(0, 0.25))));
    const q = rng.between(0.2, 1);
    const pa = rng.between(0, 180);
    const loss = (sigmaPsf: number): number => 1.25 * Math.log10(1 + (rE / sigmaPsf) ** 2 * q);
    if (rng.uniform() < detectionProbability(mags, cov, loss)) {
      push('galaxy', x, y, { rE, q, pa, fracdev, z, red, clump });
    }
  };
  const nField = rng.poisson(expected * (1 - clustered));
  for (let k = 0; k < nField; k++) {
    const i = galaxies.sample(rng);
    const red = rng.chance(redFraction(i));
    addGalaxy(uniformX(), uniformY(), i, galaxyRedshift(rng, i), red, -1);
  }
  if (clustered > 0) {
    const nClumps = rng.poisson((expected * clustered) / 8);
    for (let c = 0; c < nClumps; c++) {
      const cx = uniformX();
      const cy = uniformY();
      const scalePx = rng.between(20, 90) / PIXEL_SCALE_ARCSEC;
      const zc = galaxyRedshift(rng, 22);
      const members = rng.poisson(8);
      for (let k = 0; k < members; k++) {
        // Projected Plummer profile: M(<r) = r²/(r²+a²); members redrawn until inside the core.
        let x = NaN;
        let y = NaN;
        for (let attempt = 0; attempt < 5; attempt++) {
          const u = rng.uniform();
          const r = scalePx * Math.sqrt(u / (1 - u));
          const phi = rng.uniform() * 2 * Math.PI;
          const tx = cx + r * Math.cos(phi);
          const ty = cy + r * Math.sin(phi);
          if (boxContains(box, tx, ty)) {
            x = tx;
            y = ty;
            break;
          }
        }
        const i = galaxies.sample(rng);
        const red = rng.chance(Math.min(0.8, redFraction(i) + 0.3));
        const z = Math.max(0.01, zc + rng.gauss(0, 0.003));
        if (!Number.isNaN(x)) addGalaxy(x, y, i, z, red, c);
      }
    }
  }

  // Sky objects: ~1% of the detected objects, placed at random, no flux.
  const nSky = rng.poisson(out.length * 0.01);
  for (let k = 0; k < nSky; k++) {
    push('sky', uniformX(), uniformY(), { rE: 0, q: 1, pa: 0, fracdev: 0, z: 0, red: false, clump: -1 });
  }
  return out;
}

const REGIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** The objects a patch owns (positions in its inner box), all regions in order; empty if uncovered. */
export function patchTruth(seed: StreamId, loc: PatchLocation): TruthObject[] {
  const cov = patchCoverage(seed, loc);
  if (cov === null) return [];
  const out: TruthObject[] = [];
  for (const r of REGIONS) out.push(...regionTruth(seed, cov, r));
  return out;
}

/** Regions of neighbour (dx, dy) that touch this patch's outer box (their 100 px side facing it). */
function facingRegions(dx: number, dy: number): number[] {
  const pick = (d: number): number[] => (d === -1 ? [2] : d === 1 ? [0] : [0, 1, 2]);
  const out: number[] = [];
  for (const ry of pick(dy)) for (const rx of pick(dx)) out.push(ry * 3 + rx);
  return out;
}

export interface PatchTruthWithBorder {
  /** Objects owned by the patch (its inner box), as patchTruth(). */
  inner: TruthObject[];
  /** Neighbours' objects inside this patch's outer box (the 100 px overlap), owner and index kept. */
  border: TruthObject[];
}

/**
 * Everything inside a patch's outer box: its own objects and the overlap duplicates from its
 * neighbours (same truth as in the neighbour). Neighbours outside the dataset contribute nothing.
 */
export function patchTruthWithBorder(seed: StreamId, loc: PatchLocation): PatchTruthWithBorder {
  const inner = patchTruth(seed, loc);
  const outer = patchOuterBox(loc.px, loc.py);
  const border: TruthObject[] = [];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      const n = { ...loc, px: loc.px + dx, py: loc.py + dy };
      if (n.px < 0 || n.py < 0 || n.px > 8 || n.py > 8) continue;
      const cov = patchCoverage(seed, n);
      if (cov === null) continue;
      for (const r of facingRegions(dx, dy)) {
        for (const o of regionTruth(seed, cov, r)) if (boxContains(outer, o.x, o.y)) border.push(o);
      }
    }
  }
  return { inner, border };
}
