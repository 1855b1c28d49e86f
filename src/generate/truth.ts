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
import { BANDS, projectionFor, type PatchContext, type PatchLocation } from './fields.ts';
import { streamFor, type Rng, type StreamId } from './rng.ts';
import {
  PATCH_BORDER,
  PATCH_INNER,
  PIXEL_SCALE_ARCSEC,
  boxContains,
  patchInnerBox,
  patchOuterBox,
  type SkyPosition,
  type TractProjection,
} from './skymap.ts';

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

/** Magnitudes drawn by inversion: m = log10(e_lo + u·(e_hi − e_lo))/s with e = 10^(s·m) per segment. */
class CountModel {
  private readonly weights: Float64Array;
  private readonly eLo: Float64Array;
  private readonly eSpan: Float64Array;
  private readonly invS: Float64Array;
  readonly total: number;

  constructor(segments: CountSegment[]) {
    const used = segments.filter((g) => g.hi > g.lo);
    if (used.length === 0) throw new Error('empty count model');
    this.weights = Float64Array.from(used, segmentIntegral);
    this.eLo = Float64Array.from(used, (g) => Math.pow(10, g.s * g.lo));
    this.eSpan = Float64Array.from(used, (g) => Math.pow(10, g.s * g.hi) - Math.pow(10, g.s * g.lo));
    this.invS = Float64Array.from(used, (g) => 1 / g.s);
    this.total = this.weights.reduce((a, b) => a + b, 0);
  }

  sample(rng: Rng): number {
    let u = rng.uniform() * this.total;
    const last = this.weights.length - 1;
    let k = 0;
    while (k < last && u >= (this.weights[k] as number)) u -= this.weights[k++] as number;
    return Math.log10((this.eLo[k] as number) + rng.uniform() * (this.eSpan[k] as number)) * (this.invS[k] as number);
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
/** g−r, r−i, i−z, z−y at COLOR_Z, red then blue galaxies (§4.4), row-major (4 per redshift). */
const RED_COLORS = Float64Array.from([
  [0.75, 0.35, 0.2, 0.1], [1.25, 0.45, 0.25, 0.15], [1.7, 0.85, 0.35, 0.2], [1.9, 1.2, 0.6, 0.3],
  [1.8, 1.3, 0.9, 0.5], [1.2, 1.0, 0.8, 0.6], [0.8, 0.7, 0.6, 0.6],
].flat());
const BLUE_COLORS = Float64Array.from([
  [0.45, 0.2, 0.1, 0.05], [0.6, 0.25, 0.15, 0.08], [0.8, 0.35, 0.2, 0.1], [0.65, 0.45, 0.3, 0.15],
  [0.5, 0.5, 0.35, 0.2], [0.3, 0.3, 0.4, 0.3], [0.2, 0.15, 0.15, 0.2],
].flat());
const RED_SIGMA = 0.08;
const BLUE_SIGMA = Math.hypot(0.08, 0.15);

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

/** Mean colours interpolated linearly in z (clamped to the table), plus Gaussian scatter. */
function galaxyColors(rng: Rng, i: number, z: number, red: boolean, out: Float64Array): void {
  const table = red ? RED_COLORS : BLUE_COLORS;
  const sigma = red ? RED_SIGMA : BLUE_SIGMA;
  const last = COLOR_Z.length - 1;
  let j0 = 0;
  let t = 0;
  if (z >= (COLOR_Z[last] as number)) j0 = last;
  else if (z > 0) {
    let j = 1;
    while (z > (COLOR_Z[j] as number)) j++;
    j0 = j - 1;
    const z0 = COLOR_Z[j0] as number;
    t = (z - z0) / ((COLOR_Z[j] as number) - z0);
  }
  const a = 4 * j0;
  const b = t === 0 ? a : a + 4;
  const gr = colorAt(table, a, b, t, 0) + sigma * rng.normal();
  const ri = colorAt(table, a, b, t, 1) + sigma * rng.normal();
  const iz = colorAt(table, a, b, t, 2) + sigma * rng.normal();
  const zy = colorAt(table, a, b, t, 3) + sigma * rng.normal();
  magsFromColors(i, gr, ri, iz, zy, out);
}

/** Colour k interpolated between table rows starting at a and b with weight t. */
function colorAt(table: Float64Array, a: number, b: number, t: number, k: number): number {
  const c0 = table[a + k] as number;
  return c0 + t * ((table[b + k] as number) - c0);
}

/** t = (z/z0)^1.5 follows Gamma(2), whose median is 1.67835: z0 = z_med / 1.67835^(2/3). */
const Z0_PER_ZMED = 1 / Math.pow(1.67835, 2 / 3);

/** Redshift with median z_med(i) = max(0.05, 0.55 + 0.17(i−22)), p(z) ∝ z²·exp(−(z/z0)^1.5) (§4.4). */
function galaxyRedshift(rng: Rng, i: number): number {
  const z0 = Math.max(0.05, 0.55 + 0.17 * (i - 22)) * Z0_PER_ZMED;
  const t = -Math.log(rng.uniform() * rng.uniform());
  return Math.min(6, z0 * Math.cbrt(t * t));
}

function redFraction(i: number): number {
  const t = Math.min(1, Math.max(0, (i - 19) / 6));
  return 0.4 - 0.3 * t;
}

// --- the truth as columns --------------------------------------------------------------------

/** Kind codes of TruthColumns.kind. */
export const KIND_STAR = 0;
export const KIND_GALAXY = 1;
export const KIND_SKY = 2;
/** TruthKind of each kind code. */
export const TRUTH_KIND_NAMES: readonly TruthKind[] = ['star', 'galaxy', 'sky'];

type Column = Float64Array | Int32Array | Uint8Array;
/** The one-value-per-object columns of TruthColumns (flux has five). */
const SCALAR_COLUMNS = ['kind', 'ownerPx', 'ownerPy', 'index', 'x', 'y', 'ra', 'dec', 'rE', 'q', 'pa', 'fracdev', 'z', 'red', 'clump', 'ebv'] as const;

/**
 * Truth objects as a struct of typed arrays (one entry per object, flux 5 per object in g..y
 * order), appendable. The catalog reads these in its hot loop; TruthObject views are built on demand.
 */
export class TruthColumns {
  length = 0;
  kind: Uint8Array = new Uint8Array(0);
  ownerPx: Uint8Array = new Uint8Array(0);
  ownerPy: Uint8Array = new Uint8Array(0);
  index: Int32Array = new Int32Array(0);
  x: Float64Array = new Float64Array(0);
  y: Float64Array = new Float64Array(0);
  ra: Float64Array = new Float64Array(0);
  dec: Float64Array = new Float64Array(0);
  flux: Float64Array = new Float64Array(0);
  rE: Float64Array = new Float64Array(0);
  q: Float64Array = new Float64Array(0);
  pa: Float64Array = new Float64Array(0);
  fracdev: Float64Array = new Float64Array(0);
  z: Float64Array = new Float64Array(0);
  red: Uint8Array = new Uint8Array(0);
  clump: Int32Array = new Int32Array(0);
  ebv: Float64Array = new Float64Array(0);

  constructor(capacity = 1024) {
    this.reserve(capacity);
  }

  /** Appends an object with zero fields and returns its index. */
  add(): number {
    if (this.length === this.kind.length) this.reserve(2 * this.kind.length);
    const k = this.length++;
    for (let b = 0; b < 5; b++) this.flux[5 * k + b] = 0;
    return k;
  }

  /** Appends a copy of object k of src; returns its index here. */
  copyFrom(src: TruthColumns, k: number): number {
    const j = this.add();
    for (const name of SCALAR_COLUMNS) {
      const to: Column = this[name];
      to[j] = src[name][k] as number;
    }
    for (let b = 0; b < 5; b++) this.flux[5 * j + b] = src.flux[5 * k + b] as number;
    return j;
  }

  /** Object k as a TruthObject (a copy). */
  object(k: number): TruthObject {
    if (k < 0 || k >= this.length) throw new RangeError(`no truth object ${k}`);
    return {
      kind: TRUTH_KIND_NAMES[this.kind[k] as number] as TruthKind,
      ownerPx: this.ownerPx[k] as number,
      ownerPy: this.ownerPy[k] as number,
      index: this.index[k] as number,
      x: this.x[k] as number,
      y: this.y[k] as number,
      ra: this.ra[k] as number,
      dec: this.dec[k] as number,
      flux: this.flux.slice(5 * k, 5 * k + 5),
      rE: this.rE[k] as number,
      q: this.q[k] as number,
      pa: this.pa[k] as number,
      fracdev: this.fracdev[k] as number,
      z: this.z[k] as number,
      red: this.red[k] === 1,
      clump: this.clump[k] as number,
      ebv: this.ebv[k] as number,
    };
  }

  /** Objects [from, to) as TruthObjects. */
  objects(from = 0, to = this.length): TruthObject[] {
    const out: TruthObject[] = [];
    for (let k = from; k < to; k++) out.push(this.object(k));
    return out;
  }

  private reserve(capacity: number): void {
    const n = Math.max(16, capacity);
    const grown = <A extends Column>(a: A, per = 1): A => {
      const b = new (a.constructor as new (length: number) => A)(n * per);
      b.set(a.subarray(0, this.length * per));
      return b;
    };
    this.kind = grown(this.kind);
    this.ownerPx = grown(this.ownerPx);
    this.ownerPy = grown(this.ownerPy);
    this.index = grown(this.index);
    this.x = grown(this.x);
    this.y = grown(this.y);
    this.ra = grown(this.ra);
    this.dec = grown(this.dec);
    this.flux = grown(this.flux, 5);
    this.rE = grown(this.rE);
    this.q = grown(this.q);
    this.pa = grown(this.pa);
    this.fracdev = grown(this.fracdev);
    this.z = grown(this.z);
    this.red = grown(this.red);
    this.clump = grown(this.clump);
    this.ebv = grown(this.ebv);
  }
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

/** Stride of TruthObject.index between regions. */
export const REGION_INDEX_STRIDE = 1 << 20;

const EXTINCTION_BY_BAND = Float64Array.from(BANDS, (b) => extinction(b, 1));
/** Counts of magnitude m: 10^(−0.4(m − 27)) = exp(FLUX_K·(m − 27)). */
const FLUX_K = -0.4 * Math.LN10;

/** Per-band constants of the §4.4 detection model for one patch coverage. */
interface DetectionBands {
  /** Bands with data. */
  active: Uint8Array;
  m5: Float64Array;
  /** 1/σ_PSF² with σ_PSF in arcsec (galaxy size loss 1.25·log10(1 + r_e²·q/σ²)). */
  invSigma2: Float64Array;
}

function detectionBands(cov: PatchCoverage): DetectionBands {
  const active = new Uint8Array(5);
  const m5 = new Float64Array(5);
  const invSigma2 = new Float64Array(5);
  BANDS.forEach((band, b) => {
    const c = cov.bands[band];
    active[b] = c.nVisits > 0 ? 1 : 0;
    m5[b] = c.m5;
    const s = c.seeingFwhm / 2.355;
    invSigma2[b] = 1 / (s * s);
  });
  return { active, m5, invSigma2 };
}

/**
 * Detection probability of §4.4 from the faintest margin below the 5σ depth over the bands;
 * extent = r_e²·q (arcsec², 0 for point sources) sets the size loss.
 */
function detectionProbability(mags: Float64Array, det: DetectionBands, extent: number): number {
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    if (det.active[b] === 0) continue;
    const loss = extent > 0 ? 1.25 * Math.log10(1 + extent * (det.invSigma2[b] as number)) : 0;
    const margin = (mags[b] as number) + loss - (det.m5[b] as number);
    if (margin < best) best = margin;
  }
  if (best === Infinity) return 0;
  return 1 / (1 + Math.exp((best - 0.3) / 0.25));
}

/** What the object writer of one region needs: output, patch, projection and scratch. */
interface RegionWriter {
  out: TruthColumns;
  ctx: PatchContext;
  proj: TractProjection;
  px: number;
  py: number;
  firstIndex: number;
  /** Objects written for this region so far. */
  count: number;
  sky: SkyPosition;
}

/** Appends an object (magnitudes in `mags` before extinction, unused for sky objects); returns its index. */
function writeObject(w: RegionWriter, kind: number, x: number, y: number, mags: Float64Array): number {
  const out = w.out;
  const k = out.add();
  w.proj.pixelToSky(x, y, w.sky);
  const ebv = ebvAt(w.ctx, w.sky.ra, w.sky.dec);
  out.kind[k] = kind;
  out.ownerPx[k] = w.px;
  out.ownerPy[k] = w.py;
  out.index[k] = w.firstIndex + w.count++;
  out.x[k] = x;
  out.y[k] = y;
  out.ra[k] = w.sky.ra;
  out.dec[k] = w.sky.dec;
  out.ebv[k] = ebv;
  out.q[k] = 1;
  out.clump[k] = -1;
  if (kind !== KIND_SKY) {
    for (let b = 0; b < 5; b++) out.flux[5 * k + b] = Math.exp(FLUX_K * ((mags[b] as number) + (EXTINCTION_BY_BAND[b] as number) * ebv - 27));
  }
  return k;
}

/** Draws a galaxy's colours and shape; appends it if detected (§4.4). */
function addGalaxy(w: RegionWriter, rng: Rng, det: DetectionBands, mags: Float64Array, x: number, y: number, i: number, z: number, red: boolean, clump: number): void {
  galaxyColors(rng, i, z, red, mags);
  const fracdev = red ? rng.betaInt(5, 2) : rng.betaInt(1, 6);
  const rE = Math.min(8, Math.max(0.05, Math.exp(Math.LN10 * (0.15 - 0.1 * (i - 20) + 0.25 * rng.normal()))));
  const q = rng.between(0.2, 1);
  const pa = rng.between(0, 180);
  if (rng.uniform() >= detectionProbability(mags, det, rE * rE * q)) return;
  const k = writeObject(w, KIND_GALAXY, x, y, mags);
  const out = w.out;
  out.rE[k] = rE;
  out.q[k] = q;
  out.pa[k] = pa;
  out.fracdev[k] = fracdev;
  out.z[k] = z;
  out.red[k] = red ? 1 : 0;
  out.clump[k] = clump;
}

/** Appends the truth objects of one region of a patch's inner box to `out`, in a fixed order. */
export function regionTruth(seed: StreamId, cov: PatchCoverage, region: number, out: TruthColumns): void {
  const { loc } = cov.context;
  const rng = streamFor(seed, 'truth', datasetId(loc), loc.tract, loc.px, loc.py, region);
  const box = regionBox(loc.px, loc.py, region);
  const areaDeg2 = box.width * box.height * DEG2_PER_PX2;
  const iCov = cov.bands.i;
  const mMax = (Number.isFinite(iCov.m5) ? iCov.m5 : 26) + 1.5;
  const det = detectionBands(cov);
  const mags = new Float64Array(5);
  const w: RegionWriter = {
    out,
    ctx: cov.context,
    proj: projectionFor(loc.tract),
    px: loc.px,
    py: loc.py,
    firstIndex: region * REGION_INDEX_STRIDE,
    count: 0,
    sky: { ra: 0, dec: 0 },
  };
  const bx = box.x0 - 0.5;
  const by = box.y0 - 0.5;

  // Bright stars of the patch that fall in this region (from their own stream).
  for (const s of brightStars(seed, loc)) {
    if (!boxContains(box, s.x, s.y)) continue;
    starColors(rng, s.magI, mags);
    writeObject(w, KIND_STAR, s.x, s.y, mags);
  }

  // Faint stars.
  const stars = starCounts(starDensityFactor(cov.context.galacticLatitude), BRIGHT_STAR_LIMIT, mMax);
  const nStars = rng.poisson(stars.total * areaDeg2);
  for (let k = 0; k < nStars; k++) {
    const i = stars.sample(rng);
    starColors(rng, i, mags);
    const x = bx + rng.uniform() * box.width;
    const y = by + rng.uniform() * box.height;
    if (rng.uniform() < detectionProbability(mags, det, 0)) writeObject(w, KIND_STAR, x, y, mags);
  }

  // Galaxies: field everywhere; in the core 30% of them come in Neyman–Scott clumps instead.
  const galaxies = galaxyCounts(14, mMax);
  const expected = galaxies.total * areaDeg2;
  const clustered = region === CORE_REGION ? 0.3 : 0;
  const nField = rng.poisson(expected * (1 - clustered));
  for (let k = 0; k < nField; k++) {
    const i = galaxies.sample(rng);
    const red = rng.chance(redFraction(i));
    const x = bx + rng.uniform() * box.width;
    const y = by + rng.uniform() * box.height;
    addGalaxy(w, rng, det, mags, x, y, i, galaxyRedshift(rng, i), red, -1);
  }
  if (clustered > 0) {
    const nClumps = rng.poisson((expected * clustered) / 8);
    for (let c = 0; c < nClumps; c++) {
      const cx = bx + rng.uniform() * box.width;
      const cy = by + rng.uniform() * box.height;
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
        if (!Number.isNaN(x)) addGalaxy(w, rng, det, mags, x, y, i, z, red, c);
      }
    }
  }

  // Sky objects: ~1% of the detected objects, placed at random, no flux.
  const nSky = rng.poisson(w.count * 0.01);
  for (let k = 0; k < nSky; k++) {
    const x = bx + rng.uniform() * box.width;
    const y = by + rng.uniform() * box.height;
    writeObject(w, KIND_SKY, x, y, mags);
  }
}

/** Appends the objects a patch owns (positions in its inner box), all regions in order. */
function appendPatchTruth(seed: StreamId, cov: PatchCoverage, out: TruthColumns): void {
  for (let r = 0; r < 9; r++) regionTruth(seed, cov, r, out);
}

/** The objects a patch owns (positions in its inner box), all regions in order; empty if uncovered. */
export function patchTruth(seed: StreamId, loc: PatchLocation): TruthObject[] {
  const cov = patchCoverage(seed, loc);
  if (cov === null) return [];
  const cols = new TruthColumns(16384);
  appendPatchTruth(seed, cov, cols);
  return cols.objects();
}

/** Regions of neighbour (dx, dy) that touch this patch's outer box (their 100 px side facing it). */
function facingRegions(dx: number, dy: number): number[] {
  const pick = (d: number): number[] => (d === -1 ? [2] : d === 1 ? [0] : [0, 1, 2]);
  const out: number[] = [];
  for (const ry of pick(dy)) for (const rx of pick(dx)) out.push(ry * 3 + rx);
  return out;
}

/** Everything in a patch's outer box as columns: objects [0, nInner) are its own, the rest the neighbours' overlap duplicates. */
export interface PatchTruthColumns {
  objects: TruthColumns;
  nInner: number;
}

/**
 * The truth inside a patch's outer box: its own objects (as patchTruth) followed by the overlap
 * duplicates from its neighbours (same truth, owner and index as in the neighbour). Neighbours
 * outside the dataset contribute nothing; an uncovered patch has no objects.
 */
export function patchTruthColumns(seed: StreamId, loc: PatchLocation): PatchTruthColumns {
  const objects = new TruthColumns(16384);
  const cov = patchCoverage(seed, loc);
  if (cov !== null) appendPatchTruth(seed, cov, objects);
  const nInner = objects.length;
  const outer = patchOuterBox(loc.px, loc.py);
  const scratch = new TruthColumns(4096);
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      const n = { ...loc, px: loc.px + dx, py: loc.py + dy };
      if (n.px < 0 || n.py < 0 || n.px > 8 || n.py > 8) continue;
      const ncov = patchCoverage(seed, n);
      if (ncov === null) continue;
      for (const r of facingRegions(dx, dy)) {
        scratch.length = 0;
        regionTruth(seed, ncov, r, scratch);
        for (let k = 0; k < scratch.length; k++) {
          if (boxContains(outer, scratch.x[k] as number, scratch.y[k] as number)) objects.copyFrom(scratch, k);
        }
      }
    }
  }
  return { objects, nInner };
}

export interface PatchTruthWithBorder {
  /** Objects owned by the patch (its inner box), as patchTruth(). */
  inner: TruthObject[];
  /** Neighbours' objects inside this patch's outer box (the 100 px overlap), owner and index kept. */
  border: TruthObject[];
}

/**
 * Everything inside a patch's outer box as objects: its own and the overlap duplicates from its
 * neighbours (patchTruthColumns as TruthObjects).
 */
export function patchTruthWithBorder(seed: StreamId, loc: PatchLocation): PatchTruthWithBorder {
  const { objects, nInner } = patchTruthColumns(seed, loc);
  return { inner: objects.objects(0, nInner), border: objects.objects(nInner) };
}
