// Measured catalog rows of one patch (hsc-data.md §4.5, §4.6): forced photometry of the truth with
// the patch's noise, deblend families, overlap duplicates, flags, masks, photo-z, spec-z, patch QA.

import { NJY_PER_COUNT, PatchCoverageMap, extinction, type PatchCoverage } from './coverage.ts';
import { FORCED_COLUMNS, catalogTables, type CatalogTables } from './catalog-tables.ts';
import { BANDS, projectionFor, type Band, type PatchLocation } from './fields.ts';
import { BRIGHTSTAR_COMPONENTS, BrightStarMasks, MASK_BRIGHT_OBJECT } from './masks.ts';
import { streamFor, type Rng, type StreamId } from './rng.ts';
import { roundDecimals, roundSignificant } from './rounding.ts';
import {
  PIXEL_SCALE_ARCSEC,
  boxContains,
  objectIdBase,
  patchInnerBox,
  patchInt,
  patchOuterBox,
  patchString,
  skymapId,
  tractAt,
  type PixelBox,
  type SkyPosition,
  type TractProjection,
} from './skymap.ts';
import type { Cell, TableChunk, TableSpec } from './table.ts';
import { KIND_GALAXY, KIND_SKY, KIND_STAR, TRUTH_KIND_NAMES, patchTruthColumns, type TruthColumns } from './truth.ts';

const LOG10 = Math.LN10;
/** Magnitude error factor 2.5/ln(10). */
const MAGERR = 2.5 / LOG10;
const AB_NJY = 31.4;
const FORCED_WIDTH = FORCED_COLUMNS.length;

export interface PatchCatalogOptions {
  /** Rows per TableChunk (default 500: small chunks die young, which keeps garbage collection cheap). */
  chunkRows?: number;
  /** Also write synth.truth rows for the objects this patch owns (default true). */
  truth?: boolean;
}

/** Deblend families: the member lists (indices into the truth columns) of groups of ≥ 2 objects. */
interface Families {
  count: number;
  /** Family of each object, or −1. */
  familyOf: Int32Array;
  /** Members of family f: members[start[f] .. start[f+1]), ascending. */
  start: Int32Array;
  members: Int32Array;
}

/**
 * Indices 0..n−1 grouped by key (counting sort, keys in [0, nBuckets), negative keys left out):
 * bucket b holds items[start[b] .. start[b+1]), in ascending index order.
 */
function bucketsOf(keys: Int32Array, nBuckets: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(nBuckets + 1);
  for (const key of keys) if (key >= 0) start[key + 1] = (start[key + 1] as number) + 1;
  for (let b = 0; b < nBuckets; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const next = start.slice(0, nBuckets);
  const items = new Int32Array(start[nBuckets] as number);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as number;
    if (key < 0) continue;
    const at = next[key] as number;
    items[at] = i;
    next[key] = at + 1;
  }
  return { start, items };
}

/** Half-light radius in pixels, capped at 20 (the linking-length term of a galaxy). */
const linkRadiusPx = (rE: number): number => Math.min(rE / PIXEL_SCALE_ARCSEC, 20);

/**
 * Groups objects closer than the linking length into deblend families (union–find on a grid).
 * The length is 1.5·FWHM_i plus the objects' half-light radii, so footprints of extended galaxies
 * merge as they do in the real deblender (parents are ~5–7% of rows). Families are numbered by
 * their first member.
 */
function findFamilies(T: TruthColumns, n: number, fwhmPx: number): Families {
  const base = 1.5 * fwhmPx;
  let maxRe = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  // Half of each object's linking-radius term, computed once (pairs would recompute it ~5 times).
  const halfLink = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (T.kind[i] === KIND_SKY) continue;
    const r = linkRadiusPx(T.rE[i] as number);
    halfLink[i] = 0.5 * r;
    maxRe = Math.max(maxRe, r);
    const x = T.x[i] as number;
    const y = T.y[i] as number;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const familyOf = new Int32Array(n).fill(-1);
  if (x0 === Infinity) return { count: 0, familyOf, start: new Int32Array(1), members: new Int32Array(0) };
  const cell = base + maxRe;
  const nx = Math.floor((x1 - x0) / cell) + 1;
  const ny = Math.floor((y1 - y0) / cell) + 1;
  const cellOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (T.kind[i] === KIND_SKY) continue;
    cellOf[i] = Math.floor(((T.y[i] as number) - y0) / cell) * nx + Math.floor(((T.x[i] as number) - x0) / cell);
  }
  const cells = bucketsOf(cellOf, nx * ny);
  const xs = T.x;
  const ys = T.y;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] as number;
      parent[i] = parent[p] as number;
      i = p;
    }
    return i;
  };
  for (let i = 0; i < n; i++) {
    const c = cellOf[i] as number;
    if (c < 0) continue;
    const cx = c % nx;
    const cy = (c - cx) / nx;
    const xi = xs[i] as number;
    const yi = ys[i] as number;
    const ri = base + (halfLink[i] as number);
    for (let gy = Math.max(0, cy - 1); gy <= Math.min(ny - 1, cy + 1); gy++) {
      for (let gx = Math.max(0, cx - 1); gx <= Math.min(nx - 1, cx + 1); gx++) {
        const g = gy * nx + gx;
        for (let s = cells.start[g] as number, e = cells.start[g + 1] as number; s < e; s++) {
          const j = cells.items[s] as number;
          if (j <= i) continue;
          const link = ri + (halfLink[j] as number);
          const dx = xi - (xs[j] as number);
          const dy = yi - (ys[j] as number);
          if (dx * dx + dy * dy < link * link) {
            const a = find(i);
            const b = find(j);
            if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
          }
        }
      }
    }
  }
  // Roots are the smallest member (unions keep the minimum), so families come in first-member order.
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if ((cellOf[i] as number) < 0) continue;
    const r = find(i);
    size[r] = (size[r] as number) + 1;
  }
  const famOfRoot = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if ((cellOf[i] as number) < 0 || (size[i] as number) < 2 || parent[i] !== i) continue;
    famOfRoot[i] = count++;
  }
  for (let i = 0; i < n; i++) if ((cellOf[i] as number) >= 0) familyOf[i] = famOfRoot[find(i)] as number;
  const { start, items: members } = bucketsOf(familyOf, count);
  return { count, familyOf, start, members };
}

/**
 * Appends the pseudo-truth of a deblend parent to T: summed flux at the i-flux-weighted centre,
 * size from the spread; other properties from the first member. Returns its index.
 */
function appendBlend(T: TruthColumns, fams: Families, f: number, proj: TractProjection, sky: SkyPosition): number {
  const from = fams.start[f] as number;
  const to = fams.start[f + 1] as number;
  const first = fams.members[from] as number;
  const k = T.copyFrom(T, first);
  let w = 0;
  let x = 0;
  let y = 0;
  for (let b = 0; b < 5; b++) T.flux[5 * k + b] = 0;
  for (let s = from; s < to; s++) {
    const m = fams.members[s] as number;
    for (let b = 0; b < 5; b++) T.flux[5 * k + b] = (T.flux[5 * k + b] as number) + (T.flux[5 * m + b] as number);
    const wi = Math.max(1e-6, T.flux[5 * m + 2] as number);
    w += wi;
    x += wi * (T.x[m] as number);
    y += wi * (T.y[m] as number);
  }
  x /= w;
  y /= w;
  let spread = 0;
  let re = 0;
  for (let s = from; s < to; s++) {
    const m = fams.members[s] as number;
    const wi = Math.max(1e-6, T.flux[5 * m + 2] as number);
    spread += (wi * (((T.x[m] as number) - x) ** 2 + ((T.y[m] as number) - y) ** 2)) / w;
    re += (wi * (T.rE[m] as number)) / w;
  }
  proj.pixelToSky(x, y, sky);
  T.kind[k] = KIND_GALAXY;
  T.x[k] = x;
  T.y[k] = y;
  T.ra[k] = sky.ra;
  T.dec[k] = sky.dec;
  T.rE[k] = Math.hypot(re, Math.sqrt(spread) * PIXEL_SCALE_ARCSEC);
  T.q[k] = 1;
  T.clump[k] = -1;
  return k;
}

/** Per-band scratch values of one measured row. */
class BandScratch {
  readonly cmFlux = new Float64Array(5);
  readonly cmErr = new Float64Array(5);
  readonly psfFlux = new Float64Array(5);
  readonly psfErr = new Float64Array(5);
  readonly kronFlux = new Float64Array(5);
  readonly count = new Int32Array(5);
  readonly bright = new Uint8Array(5);
}

// Written values are rounded to what their float4 columns hold (~7 digits; float8 positions to
// 1e-9 deg and 1e-6 px), which keeps the CSV short (rounding.ts).
const magOf = (fluxCounts: number): number | null => (fluxCounts > 0 ? roundDecimals(AB_NJY - 2.5 * Math.log10(fluxCounts * NJY_PER_COUNT), 5) : null);
const magErrOf = (fluxCounts: number, err: number): number | null => (fluxCounts > 0 ? roundDecimals((MAGERR * err) / fluxCounts, 7) : null);
const fluxNjy = (counts: number): number => roundSignificant(counts * NJY_PER_COUNT, 7);
const SKY_DECIMALS = 9;
const PIXEL_DECIMALS = 6;
/** Redshifts, shape parameters and the photo-z/spec-z quantities (all float4). */
const REAL_DECIMALS = 6;
/** A float4 quantity rounded to REAL_DECIMALS. */
const real = (v: number): number => roundDecimals(v, REAL_DECIMALS);
/** True i magnitude of counts (zero point 27), floored for zero flux. */
const trueMag = (fluxCounts: number): number => 27 - 2.5 * Math.log10(Math.max(1e-30, fluxCounts));

/** Mask bits of the masks-table columns, in column order. */
const COMPONENT_BITS = Int32Array.from(BRIGHTSTAR_COMPONENTS, ([, bit]) => bit);
const EXTINCTION_BY_BAND = Float64Array.from(BANDS, (b) => extinction(b, 1));
const SPECZ_RATE: Record<PatchCoverage['context']['layer'], number> = { wide: 0.008, deep: 0.03, udeep: 0.06 };

/** Chunked writer: collects rows per table and hands out TableChunks of bounded size. */
class ChunkBuffer {
  private rows: Cell[][] = [];
  constructor(
    readonly table: TableSpec,
    private readonly limit: number,
    private readonly ready: TableChunk[],
  ) {}
  push(row: Cell[]): void {
    this.rows.push(row);
    if (this.rows.length >= this.limit) this.flush();
  }
  flush(): void {
    if (this.rows.length === 0) return;
    this.ready.push({ table: this.table, rows: this.rows });
    this.rows = [];
  }
}

/** The generator of one patch's rows: construct, then iterate chunks(). */
export class PatchCatalog {
  readonly loc: PatchLocation;
  readonly cov: PatchCoverage;
  private readonly seed: StreamId;
  private readonly map: PatchCoverageMap;
  private readonly masks: BrightStarMasks;
  private readonly tables: CatalogTables;
  private readonly rng: Rng;
  private readonly scratch = new BandScratch();
  private readonly idBase: bigint;
  private readonly outer: PixelBox;
  private readonly inner: PixelBox;
  private readonly patchCells: { skymapId: number; patch: number; patchS: string; field: string };
  private readonly opts: Required<PatchCatalogOptions>;
  /** Per band: visits (0 = no data), pixel noise, PSF σ² in pixels. */
  private readonly nVisits = new Int32Array(5);
  private readonly sigmaPix = new Float64Array(5);
  private readonly psfSigma2 = new Float64Array(5);
  /** Results of the last measure(): primary flag, i CModel magnitude, and clean star magnitudes. */
  private primary = false;
  private iMag: number | null = null;
  private starMags: Float64Array | null = null;

  constructor(seed: StreamId, loc: PatchLocation, opts: PatchCatalogOptions = {}) {
    this.seed = seed;
    this.loc = loc;
    this.map = new PatchCoverageMap(seed, loc);
    this.cov = this.map.own;
    this.masks = new BrightStarMasks(seed, loc);
    this.tables = catalogTables(loc.dataset);
    this.rng = streamFor(seed, 'measure', loc.dataset === 'pdr3_wide' ? 0 : 1, loc.tract, loc.px, loc.py);
    this.idBase = objectIdBase(loc.tract, loc.px, loc.py);
    this.outer = patchOuterBox(loc.px, loc.py);
    this.inner = patchInnerBox(loc.px, loc.py);
    this.patchCells = {
      skymapId: skymapId(loc.tract, loc.px, loc.py),
      patch: patchInt(loc.px, loc.py),
      patchS: patchString(loc.px, loc.py),
      field: this.cov.context.fieldTag,
    };
    this.opts = { chunkRows: opts.chunkRows ?? 500, truth: opts.truth ?? true };
    BANDS.forEach((band, b) => {
      const bc = this.cov.bands[band];
      this.nVisits[b] = bc.nVisits;
      this.sigmaPix[b] = bc.sigmaPix;
      this.psfSigma2[b] = bc.psfSigmaPx * bc.psfSigmaPx;
    });
  }

  /** All rows of the patch as TableChunks: forced, masks, photoz_demp, specz, synth.truth, then patch_qa. */
  *chunks(): Generator<TableChunk> {
    const { objects: T, nInner } = patchTruthColumns(this.seed, this.loc);
    const nObjs = T.length;
    const fams = findFamilies(T, nObjs, this.cov.bands.i.seeingFwhm / PIXEL_SCALE_ARCSEC);
    const proj = projectionFor(this.loc.tract);
    const sky = { ra: 0, dec: 0 };
    // Parents follow the objects in T (and in sequence numbers: object k has seq k + 1).
    for (let f = 0; f < fams.count; f++) appendBlend(T, fams, f, proj, sky);
    const limit = this.opts.chunkRows;
    const t = this.tables;
    const ready: TableChunk[] = [];
    const forced = new ChunkBuffer(t.forced, limit, ready);
    const masks = new ChunkBuffer(t.masks, limit, ready);
    const photoz = new ChunkBuffer(t.photozDemp, limit, ready);
    const specz = new ChunkBuffer(t.specz, limit, ready);
    const truth = new ChunkBuffer(t.truth, limit, ready);
    const stars: Float64Array[] = [];

    for (let k = 0; k < T.length; k++) {
      const isParent = k >= nObjs;
      const f = isParent ? k - nObjs : (fams.familyOf[k] as number);
      const parentId = !isParent && f >= 0 ? this.idBase + BigInt(nObjs + f + 1) : 0n;
      const nchild = isParent ? (fams.start[f + 1] as number) - (fams.start[f] as number) : 0;
      const patchInner = isParent ? boxContains(this.inner, T.x[k] as number, T.y[k] as number) : k < nInner;
      const objectId = this.idBase + BigInt(k + 1);
      const kind = T.kind[k] as number;
      const maskRow = new Array<Cell>(1 + 5 * COMPONENT_BITS.length);
      forced.push(this.measure(T, k, objectId, parentId, nchild, patchInner, maskRow));
      masks.push(maskRow);
      if (this.primary && kind !== KIND_SKY) {
        photoz.push(this.photoz(T, k, objectId, this.iMag));
        if (kind === KIND_GALAXY) {
          const sz = this.specz(T, k, objectId, this.iMag);
          if (sz) specz.push(sz);
        }
        if (kind === KIND_STAR && this.starMags) stars.push(this.starMags);
      }
      if (this.opts.truth && k < nInner) truth.push(this.truthRow(T, k, objectId));
      if (ready.length > 0) yield* ready.splice(0);
    }
    for (const b of [forced, masks, photoz, specz, truth]) b.flush();
    yield* ready.splice(0);
    yield { table: t.patchQa, rows: [this.patchQaRow(T.length, stars)] };
  }

  /**
   * The forced row of object k as seen by this patch; fills its masks row and sets primary, iMag
   * and starMags.
   */
  private measure(T: TruthColumns, k: number, objectId: bigint, parentId: bigint, nchild: number, patchInner: boolean, maskCells: Cell[]): Cell[] {
    const rng = this.rng;
    const s = this.scratch;
    const kind = T.kind[k] as number;
    const isSky = kind === KIND_SKY;
    const isGalaxy = kind === KIND_GALAXY;
    const x = T.x[k] as number;
    const y = T.y[k] as number;
    const ra = T.ra[k] as number;
    const dec = T.dec[k] as number;
    const ebv = T.ebv[k] as number;
    const sizePx = (T.rE[k] as number) / PIXEL_SCALE_ARCSEC / 1.18;
    const sigmaS2 = isGalaxy ? sizePx * sizePx * (T.q[k] as number) : 0;
    const inFamily = parentId !== 0n;
    let maskBits = 0;
    maskCells[0] = objectId;
    let mc = 1;
    let peaks = 0;
    let bestSnr = -Infinity;
    let bestBand = 2;
    for (let b = 0; b < 5; b++) {
      const band = BANDS[b] as Band;
      const n = this.map.inputCount(band, x, y);
      s.count[b] = n;
      const bits = this.masks.at(band, x, y);
      maskBits |= bits;
      s.bright[b] = bits & MASK_BRIGHT_OBJECT ? 1 : 0;
      for (let c = 0; c < COMPONENT_BITS.length; c++) maskCells[mc++] = (bits & (COMPONENT_BITS[c] as number)) !== 0;
      const nVisits = this.nVisits[b] as number;
      if (nVisits === 0 || n === 0) {
        s.cmFlux[b] = NaN;
        continue;
      }
      const sigmaPix = (this.sigmaPix[b] as number) * Math.sqrt(nVisits / n);
      const sp2 = this.psfSigma2[b] as number;
      const F = T.flux[5 * k + b] as number;
      const poisson = F > 0 ? F / (770 * n) : 0;
      const eta = isGalaxy ? 1 / (1 + sigmaS2 / (2 * sp2)) : 1;
      const noise2 = sigmaPix * sigmaPix * 4 * Math.PI;
      const psfErr = Math.sqrt(noise2 * sp2 + poisson * eta);
      const cmErr = Math.sqrt(noise2 * (sp2 + sigmaS2) + poisson);
      const kronErr = cmErr * 1.15;
      const psfFlux = F * eta + psfErr * rng.normal();
      s.psfErr[b] = psfErr;
      s.cmErr[b] = cmErr;
      s.psfFlux[b] = psfFlux;
      s.cmFlux[b] = F * (1 + 0.02 * rng.normal()) + cmErr * rng.normal();
      s.kronFlux[b] = F * (isGalaxy ? 0.94 + 0.03 * rng.normal() : 0.98) + kronErr * rng.normal();
      const snr = psfFlux / psfErr;
      if (snr > 5 && !isSky) peaks |= 1 << b;
      if (snr > bestSnr) {
        bestSnr = snr;
        bestBand = b;
      }
    }
    if (peaks === 0 && !isSky) peaks = 1 << bestBand;
    const tractInner = tractAt(ra, dec) === this.loc.tract;
    const primary = patchInner && tractInner && nchild === 0 && !isSky;
    const row: Cell[] = new Array<Cell>(FORCED_WIDTH);
    let c = 0;
    row[c++] = objectId;
    row[c++] = roundDecimals(ra, SKY_DECIMALS);
    row[c++] = roundDecimals(dec, SKY_DECIMALS);
    row[c++] = this.patchCells.skymapId;
    row[c++] = this.loc.tract;
    row[c++] = this.patchCells.patch;
    row[c++] = this.patchCells.patchS;
    row[c++] = parentId;
    row[c++] = nchild;
    row[c++] = primary;
    row[c++] = this.patchCells.field;
    row[c++] = patchInner;
    row[c++] = tractInner;
    row[c++] = isSky;
    for (let b = 0; b < 5; b++) row[c++] = (peaks & (1 << b)) !== 0;
    for (let b = 0; b < 5; b++) row[c++] = roundDecimals((EXTINCTION_BY_BAND[b] as number) * ebv, 7);
    const o = this.outer;
    const nearEdge = x - o.x0 < 12 || y - o.y0 < 12 || o.x0 + o.width - x < 12 || o.y0 + o.height - y < 12;
    const flagRate = inFamily || nearEdge ? 0.07 : 0.02;
    let iMag: number | null = null;
    for (let b = 0; b < 5; b++) {
      const cm = s.cmFlux[b] as number;
      if (Number.isNaN(cm)) {
        row[c++] = null;
        row[c++] = null;
        row[c++] = null;
        row[c++] = null;
        row[c++] = true;
        row[c++] = null;
        row[c++] = null;
        row[c++] = null;
        row[c++] = null;
        row[c++] = s.count[b] as number;
        row[c++] = s.bright[b] === 1;
        continue;
      }
      const cmErr = s.cmErr[b] as number;
      const psf = s.psfFlux[b] as number;
      const cmMag = magOf(cm);
      const psfMag = magOf(psf);
      if (b === 2) iMag = cmMag;
      row[c++] = fluxNjy(cm);
      row[c++] = fluxNjy(cmErr);
      row[c++] = cmMag;
      row[c++] = magErrOf(cm, cmErr);
      row[c++] = rng.uniform() < flagRate;
      row[c++] = psfMag;
      row[c++] = magErrOf(psf, s.psfErr[b] as number);
      row[c++] = magOf(s.kronFlux[b] as number);
      row[c++] = cmMag === null || psfMag === null ? null : psfMag - cmMag > 0.0164 ? 1 : 0;
      row[c++] = s.count[b] as number;
      row[c++] = s.bright[b] === 1;
    }
    const iMagTrue = trueMag(T.flux[5 * k + 2] as number);
    row[c++] = nearEdge || s.count[2] === 0;
    row[c++] = kind === KIND_STAR && iMagTrue < 18.0 + rng.between(-0.3, 0.3);
    row[c++] = rng.uniform() < 0.015;
    row[c++] = rng.uniform() < 0.002;
    row[c++] = rng.uniform() < 0.015;
    row[c++] = roundDecimals(2.5 * 1.2 * Math.sqrt((this.psfSigma2[2] as number) + sigmaS2) * (1 + 0.05 * rng.normal()), 5);
    this.starMags = null;
    if (kind === KIND_STAR && maskBits === 0) {
      const mags = new Float64Array(5);
      let ok = true;
      for (let b = 0; b < 5; b++) {
        const m = magOf(s.psfFlux[b] as number);
        if (m === null || Number.isNaN(s.cmFlux[b] as number)) ok = false;
        else mags[b] = m;
      }
      if (ok) this.starMags = mags;
    }
    this.primary = primary;
    this.iMag = iMag;
    return row;
  }

  /** photoz_demp row (§4.4): truth z plus magnitude-dependent scatter and outliers. */
  private photoz(T: TruthColumns, k: number, objectId: bigint, iMag: number | null): Cell[] {
    const rng = this.rng;
    const i = iMag ?? trueMag(T.flux[5 * k + 2] as number);
    const t = Math.min(1, Math.max(0, (i - 22) / 3));
    const sigma = 0.03 + 0.07 * t;
    const outlier = rng.uniform() < 0.03 + 0.12 * t;
    const z = T.z[k] as number;
    const s1 = sigma * (1 + z);
    const best = outlier ? rng.between(0, 4) : Math.max(0, z + s1 * rng.normal());
    const lo68 = Math.max(0, best - s1 * rng.between(0.8, 1.2));
    const hi68 = best + s1 * rng.between(0.8, 1.2);
    const mass = 9.0 + 0.4 * (22 - i) + 2 * Math.log10(1 + z) + 0.3 * rng.normal();
    const massErr = rng.between(0.1, 0.3);
    // Rounded as they are listed (the draws keep their order): no unrounded copy is allocated.
    return [
      objectId,
      real(best),
      real(Math.max(0, best + 0.3 * s1 * rng.normal())),
      real(Math.max(0, best + 0.2 * s1 * rng.normal())),
      real(Math.max(0, best + 0.2 * s1 * rng.normal())),
      real(Math.max(0, best + s1 * rng.normal())),
      real(s1 * rng.between(0.9, 1.1)),
      real(Math.min(1, Math.max(0, 1 - Math.exp(-Math.abs(best - z) / (0.15 * (1 + z))) + 0.05 * rng.uniform()))),
      real(Math.min(1, (0.03 / sigma) * rng.between(0.7, 1.0))),
      real(lo68),
      real(hi68),
      real(Math.max(0, best - 2 * (best - lo68) * rng.between(0.9, 1.1))),
      real(best + 2 * (hi68 - best) * rng.between(0.9, 1.1)),
      real(mass),
      real(mass - massErr),
      real(mass + massErr),
      real((T.red[k] === 1 ? -1 : 0.5) + 0.8 * (mass - 10) + 0.3 * rng.normal()),
      real(rng.lognormal(0, 0.5)),
    ];
  }

  /** specz row for ~1% of bright galaxies, more in D/UD (§4.4); null for the rest. */
  private specz(T: TruthColumns, k: number, objectId: bigint, iMag: number | null): Cell[] | null {
    const rng = this.rng;
    const iTrue = trueMag(T.flux[5 * k + 2] as number);
    if (iTrue >= 23 || rng.uniform() >= SPECZ_RATE[this.cov.context.layer]) return null;
    const ra = T.ra[k] as number;
    const dec = T.dec[k] as number;
    const zTrue = T.z[k] as number;
    const survey = this.cov.context.fieldTag === 'cosmos' ? 'zCOSMOS-DR3' : iTrue < 19.8 ? 'SDSS-DR14' : ra > 120 && ra < 230 ? 'GAMA-DR3' : 'VIPERS-PDR2';
    const homogeneous = rng.uniform() < 0.93;
    const z = homogeneous ? zTrue + 0.0005 * (1 + zTrue) * rng.normal() : rng.between(0, 1.5);
    const dPos = rng.between(0.1, 0.5);
    const phi = rng.uniform() * 2 * Math.PI;
    const magI = iTrue + 0.05 * rng.normal();
    return [
      objectId,
      roundDecimals(dPos, REAL_DECIMALS),
      iMag === null ? null : roundDecimals(magI - iMag, REAL_DECIMALS),
      `${survey}-${objectId % 10000000n}`,
      roundDecimals(ra + ((dPos * Math.cos(phi)) / 3600) / Math.cos((dec * Math.PI) / 180), SKY_DECIMALS),
      roundDecimals(dec + (dPos * Math.sin(phi)) / 3600, SKY_DECIMALS),
      roundDecimals(z, REAL_DECIMALS),
      roundSignificant(0.0002 * (1 + zTrue) * rng.between(0.5, 2), 7),
      homogeneous ? (survey === 'SDSS-DR14' ? '0' : '4') : '1',
      homogeneous,
      roundDecimals(magI, REAL_DECIMALS),
      survey === 'SDSS-DR14',
      survey === 'zCOSMOS-DR3',
      survey === 'GAMA-DR3',
    ];
  }

  private truthRow(T: TruthColumns, k: number, objectId: bigint): Cell[] {
    const f = 5 * k;
    return [
      objectId,
      this.loc.dataset,
      TRUTH_KIND_NAMES[T.kind[k] as number] as string,
      roundDecimals(T.z[k] as number, REAL_DECIMALS),
      roundSignificant(T.flux[f] as number, 10),
      roundSignificant(T.flux[f + 1] as number, 10),
      roundSignificant(T.flux[f + 2] as number, 10),
      roundSignificant(T.flux[f + 3] as number, 10),
      roundSignificant(T.flux[f + 4] as number, 10),
      roundDecimals(T.rE[k] as number, REAL_DECIMALS),
      roundDecimals(T.q[k] as number, REAL_DECIMALS),
      roundDecimals(T.pa[k] as number, REAL_DECIMALS - 2),
      roundDecimals(T.fracdev[k] as number, REAL_DECIMALS),
      this.loc.tract,
      this.patchCells.patch,
      roundDecimals(T.x[k] as number, PIXEL_DECIMALS),
      roundDecimals(T.y[k] as number, PIXEL_DECIMALS),
    ];
  }

  /** patch_qa row: coverage, row count and stellar-locus offset/scatter measured on clean stars. */
  private patchQaRow(forcedRows: number, stars: Float64Array[]): Cell[] {
    const rng = streamFor(this.seed, 'patch-qa', this.loc.dataset === 'pdr3_wide' ? 0 : 1, this.loc.tract, this.loc.px, this.loc.py);
    const c = this.cov.context.center;
    const bands = BANDS.map((b) => this.cov.bands[b]);
    const locus = (b0: number): [number, number] => {
      // Residual of the bluer colour from a linear fit against the redder colour, bright stars only.
      const xs: number[] = [];
      const ys: number[] = [];
      for (const m of stars) {
        if ((m[2] as number) > 22) continue;
        xs.push((m[b0 + 1] as number) - (m[b0 + 2] as number));
        ys.push((m[b0] as number) - (m[b0 + 1] as number));
      }
      if (xs.length < 5) return [0.01 * rng.normal(), rng.between(0.01, 0.03)];
      const n = xs.length;
      const mx = xs.reduce((a, v) => a + v, 0) / n;
      const my = ys.reduce((a, v) => a + v, 0) / n;
      let sxy = 0;
      let sxx = 0;
      for (let j = 0; j < n; j++) {
        sxy += ((xs[j] as number) - mx) * ((ys[j] as number) - my);
        sxx += ((xs[j] as number) - mx) ** 2;
      }
      const slope = sxx > 0 ? sxy / sxx : 0;
      let ss = 0;
      for (let j = 0; j < n; j++) ss += ((ys[j] as number) - my - slope * ((xs[j] as number) - mx)) ** 2;
      return [0.01 * rng.normal(), Math.sqrt(ss / n)];
    };
    const [griO, griS] = locus(0);
    const [rizO, rizS] = locus(1);
    const [izyO, izyS] = locus(2);
    return [
      this.patchCells.skymapId,
      this.loc.tract,
      this.patchCells.patch,
      this.patchCells.patchS,
      c.ra,
      c.dec,
      ...bands.map((b) => (b.nVisits > 0 ? b.m5 : null)),
      ...bands.map((b) => b.seeingFwhm),
      ...bands.map((b) => b.nVisits),
      forcedRows,
      griO,
      griS,
      rizO,
      rizS,
      izyO,
      izyS,
    ];
  }
}

/** All rows of one patch as chunks (see PatchCatalog). */
export function patchCatalogChunks(seed: StreamId, loc: PatchLocation, opts?: PatchCatalogOptions): Iterable<TableChunk> {
  return new PatchCatalog(seed, loc, opts).chunks();
}
