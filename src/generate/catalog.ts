// Measured catalog rows of one patch (hsc-data.md §4.5, §4.6): forced photometry of the truth with
// the patch's noise, deblend families, overlap duplicates, flags, masks, photo-z, spec-z, patch QA.

import { NJY_PER_COUNT, PatchCoverageMap, extinction, type PatchCoverage } from './coverage.ts';
import { catalogTables, type CatalogTables } from './catalog-tables.ts';
import { BANDS, type Band, type PatchLocation } from './fields.ts';
import { BRIGHTSTAR_COMPONENTS, BrightStarMasks, MASK_BRIGHT_OBJECT } from './masks.ts';
import { streamFor, type Rng, type StreamId } from './rng.ts';
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
} from './skymap.ts';
import type { Cell, TableChunk, TableSpec } from './table.ts';
import { patchTruthWithBorder, type TruthObject } from './truth.ts';

const LOG10 = Math.LN10;
/** Magnitude error factor 2.5/ln(10). */
const MAGERR = 2.5 / LOG10;
const AB_NJY = 31.4;

export interface PatchCatalogOptions {
  /** Rows per TableChunk (default 5000). */
  chunkRows?: number;
  /** Also write synth.truth rows for the objects this patch owns (default true). */
  truth?: boolean;
}

/** A deblend family: the members (indices into the object list) and the parent's pseudo-truth. */
interface Family {
  members: number[];
  parent: TruthObject;
}

/**
 * Groups objects closer than the linking length into deblend families (union–find on a grid).
 * The length is 1.5·FWHM_i plus the objects' half-light radii, so footprints of extended galaxies
 * merge as they do in the real deblender (parents are ~5–7% of rows).
 */
function findFamilies(objs: readonly TruthObject[], fwhmPx: number): Family[] {
  const base = 1.5 * fwhmPx;
  const rePx = (o: TruthObject): number => o.rE / PIXEL_SCALE_ARCSEC;
  let maxRe = 0;
  for (const o of objs) if (o.kind !== 'sky') maxRe = Math.max(maxRe, Math.min(rePx(o), 20));
  const cell = base + maxRe;
  const parent = new Int32Array(objs.length).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] as number;
      parent[i] = parent[p] as number;
      i = p;
    }
    return i;
  };
  const grid = new Map<number, number[]>();
  const keyOf = (cx: number, cy: number): number => cx * 100003 + cy;
  objs.forEach((o, i) => {
    if (o.kind === 'sky') return;
    const k = keyOf(Math.floor(o.x / cell), Math.floor(o.y / cell));
    const list = grid.get(k);
    if (list === undefined) grid.set(k, [i]);
    else list.push(i);
  });
  objs.forEach((o, i) => {
    if (o.kind === 'sky') return;
    const cx = Math.floor(o.x / cell);
    const cy = Math.floor(o.y / cell);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (const j of grid.get(keyOf(cx + dx, cy + dy)) ?? []) {
          if (j <= i) continue;
          const p = objs[j] as TruthObject;
          const link = base + 0.5 * (Math.min(rePx(o), 20) + Math.min(rePx(p), 20));
          const ddx = o.x - p.x;
          const ddy = o.y - p.y;
          if (ddx * ddx + ddy * ddy < link * link) {
            const a = find(i);
            const b = find(j);
            if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
          }
        }
      }
    }
  });
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < objs.length; i++) {
    if ((objs[i] as TruthObject).kind === 'sky') continue;
    const r = find(i);
    const list = byRoot.get(r);
    if (list === undefined) byRoot.set(r, [i]);
    else list.push(i);
  }
  const families: Family[] = [];
  for (const members of byRoot.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => a - b);
    families.push({ members, parent: blendOf(members.map((m) => objs[m] as TruthObject)) });
  }
  families.sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
  return families;
}

/** Pseudo-truth of a deblend parent: summed flux at the i-flux-weighted centre, size from the spread. */
function blendOf(members: TruthObject[]): TruthObject {
  const flux = new Float64Array(5);
  let w = 0;
  let x = 0;
  let y = 0;
  for (const m of members) {
    for (let b = 0; b < 5; b++) flux[b] = (flux[b] as number) + (m.flux[b] as number);
    const wi = Math.max(1e-6, m.flux[2] as number);
    w += wi;
    x += wi * m.x;
    y += wi * m.y;
  }
  x /= w;
  y /= w;
  let spread = 0;
  let re = 0;
  for (const m of members) {
    const wi = Math.max(1e-6, m.flux[2] as number);
    spread += (wi * ((m.x - x) ** 2 + (m.y - y) ** 2)) / w;
    re += (wi * m.rE) / w;
  }
  const first = members[0] as TruthObject;
  return {
    ...first,
    kind: 'galaxy',
    x,
    y,
    flux,
    rE: Math.hypot(re, Math.sqrt(spread) * PIXEL_SCALE_ARCSEC),
    q: 1,
    clump: -1,
  };
}

/** Per-band scratch values of one measured row. */
class BandScratch {
  readonly cmFlux = new Float64Array(5);
  readonly cmErr = new Float64Array(5);
  readonly psfFlux = new Float64Array(5);
  readonly psfErr = new Float64Array(5);
  readonly kronFlux = new Float64Array(5);
  readonly kronErr = new Float64Array(5);
  readonly count = new Int32Array(5);
  readonly bright = new Uint8Array(5);
}

const magOf = (fluxCounts: number): number | null => (fluxCounts > 0 ? AB_NJY - 2.5 * Math.log10(fluxCounts * NJY_PER_COUNT) : null);
const magErrOf = (fluxCounts: number, err: number): number | null => (fluxCounts > 0 ? (MAGERR * err) / fluxCounts : null);

/** Chunked writer: collects rows per table and hands out TableChunks of bounded size. */
class ChunkBuffer {
  private rows: Cell[][] = [];
  constructor(
    readonly table: TableSpec,
    private readonly limit: number,
  ) {}
  push(row: Cell[]): TableChunk | null {
    this.rows.push(row);
    return this.rows.length >= this.limit ? this.take() : null;
  }
  take(): TableChunk | null {
    if (this.rows.length === 0) return null;
    const chunk = { table: this.table, rows: this.rows };
    this.rows = [];
    return chunk;
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
    this.opts = { chunkRows: opts.chunkRows ?? 5000, truth: opts.truth ?? true };
  }

  /** All rows of the patch as TableChunks: forced, masks, photoz_demp, specz, synth.truth, then patch_qa. */
  *chunks(): Generator<TableChunk> {
    const { inner, border } = patchTruthWithBorder(this.seed, this.loc);
    const objs = inner.concat(border);
    const nInner = inner.length;
    const families = findFamilies(objs, this.cov.bands.i.seeingFwhm / PIXEL_SCALE_ARCSEC);
    const familyOf = new Int32Array(objs.length).fill(-1);
    families.forEach((f, k) => {
      for (const m of f.members) familyOf[m] = k;
    });
    const parentSeq = (k: number): number => objs.length + k + 1;
    const limit = this.opts.chunkRows;
    const t = this.tables;
    const buffers = {
      forced: new ChunkBuffer(t.forced, limit),
      masks: new ChunkBuffer(t.masks, limit),
      photoz: new ChunkBuffer(t.photozDemp, limit),
      specz: new ChunkBuffer(t.specz, limit),
      truth: new ChunkBuffer(t.truth, limit),
    };
    let forcedRows = 0;
    const stars: Float64Array[] = [];

    const ready: TableChunk[] = [];
    const put = (buffer: ChunkBuffer, row: Cell[]): void => {
      const c = buffer.push(row);
      if (c) ready.push(c);
    };
    // Measures one object into forced and masks rows (and photo-z, spec-z for primaries).
    const emit = (o: TruthObject, seq: number, parentId: bigint, nchild: number, patchInner: boolean): void => {
      const objectId = this.idBase + BigInt(seq);
      const m = this.measure(o, objectId, parentId, nchild, patchInner);
      forcedRows++;
      put(buffers.forced, m.forced);
      put(buffers.masks, m.masks);
      if (m.primary && o.kind !== 'sky') {
        put(buffers.photoz, this.photoz(o, objectId, m.iMag));
        const sz = this.specz(o, objectId, m.iMag);
        if (sz) put(buffers.specz, sz);
        if (o.kind === 'star' && m.starMags) stars.push(m.starMags);
      }
    };

    for (let k = 0; k < objs.length; k++) {
      const o = objs[k] as TruthObject;
      const fam = familyOf[k] as number;
      const parentId = fam >= 0 ? this.idBase + BigInt(parentSeq(fam)) : 0n;
      emit(o, k + 1, parentId, 0, k < nInner);
      if (this.opts.truth && k < nInner) put(buffers.truth, this.truthRow(o, this.idBase + BigInt(k + 1)));
      if (ready.length > 0) yield* ready.splice(0);
    }
    for (let f = 0; f < families.length; f++) {
      const fam = families[f] as Family;
      emit(fam.parent, parentSeq(f), 0n, fam.members.length, boxContains(this.inner, fam.parent.x, fam.parent.y));
      if (ready.length > 0) yield* ready.splice(0);
    }
    for (const b of Object.values(buffers)) {
      const c = b.take();
      if (c) yield c;
    }
    yield { table: t.patchQa, rows: [this.patchQaRow(forcedRows, stars)] };
  }

  /** One forced row (and its masks row) for an object seen by this patch. */
  private measure(
    o: TruthObject,
    objectId: bigint,
    parentId: bigint,
    nchild: number,
    patchInner: boolean,
  ): { forced: Cell[]; masks: Cell[]; primary: boolean; iMag: number | null; starMags: Float64Array | null } {
    const rng = this.rng;
    const s = this.scratch;
    const isSky = o.kind === 'sky';
    const isGalaxy = o.kind === 'galaxy';
    const sizePx = o.rE / PIXEL_SCALE_ARCSEC / 1.18;
    const sigmaS2 = isGalaxy ? sizePx * sizePx * o.q : 0;
    const inFamily = parentId !== 0n;
    let maskBits = 0;
    const maskCells: Cell[] = new Array<Cell>(1 + 5 * BRIGHTSTAR_COMPONENTS.length);
    maskCells[0] = objectId;
    let mc = 1;
    let anyPeak = false;
    let bestSnr = -Infinity;
    let bestBand = 2;
    const peaks = [false, false, false, false, false];
    for (let b = 0; b < 5; b++) {
      const band = BANDS[b] as Band;
      const bc = this.cov.bands[band];
      const n = this.map.inputCount(band, o.x, o.y);
      s.count[b] = n;
      const bits = this.masks.at(band, o.x, o.y);
      maskBits |= bits;
      s.bright[b] = bits & MASK_BRIGHT_OBJECT ? 1 : 0;
      for (const [, bit] of BRIGHTSTAR_COMPONENTS) maskCells[mc++] = (bits & bit) !== 0;
      if (bc.nVisits === 0 || n === 0) {
        s.cmFlux[b] = NaN;
        continue;
      }
      const sigmaPix = bc.sigmaPix * Math.sqrt(bc.nVisits / n);
      const sp2 = bc.psfSigmaPx * bc.psfSigmaPx;
      const F = o.flux[b] as number;
      const poisson = F > 0 ? F / (770 * n) : 0;
      const eta = isGalaxy ? 1 / (1 + sigmaS2 / (2 * sp2)) : 1;
      const psfErr = Math.sqrt(sigmaPix * sigmaPix * 4 * Math.PI * sp2 + poisson * eta);
      const cmErr = Math.sqrt(sigmaPix * sigmaPix * 4 * Math.PI * (sp2 + sigmaS2) + poisson);
      const kronErr = cmErr * 1.15;
      s.psfErr[b] = psfErr;
      s.cmErr[b] = cmErr;
      s.kronErr[b] = kronErr;
      s.psfFlux[b] = F * eta + psfErr * rng.normal();
      s.cmFlux[b] = F * (1 + 0.02 * rng.normal()) + cmErr * rng.normal();
      s.kronFlux[b] = F * (isGalaxy ? 0.94 + 0.03 * rng.normal() : 0.98) + kronErr * rng.normal();
      const snr = (s.psfFlux[b] as number) / psfErr;
      if (snr > 5 && !isSky) {
        peaks[b] = true;
        anyPeak = true;
      }
      if (snr > bestSnr) {
        bestSnr = snr;
        bestBand = b;
      }
    }
    if (!anyPeak && !isSky) peaks[bestBand] = true;
    const tractInner = tractAt(o.ra, o.dec) === this.loc.tract;
    const primary = patchInner && tractInner && nchild === 0 && !isSky;
    const row: Cell[] = new Array<Cell>(this.tables.forced.columns.length);
    let k = 0;
    row[k++] = objectId;
    row[k++] = o.ra;
    row[k++] = o.dec;
    row[k++] = this.patchCells.skymapId;
    row[k++] = this.loc.tract;
    row[k++] = this.patchCells.patch;
    row[k++] = this.patchCells.patchS;
    row[k++] = parentId;
    row[k++] = nchild;
    row[k++] = primary;
    row[k++] = this.patchCells.field;
    row[k++] = patchInner;
    row[k++] = tractInner;
    row[k++] = isSky;
    for (let b = 0; b < 5; b++) row[k++] = peaks[b] as boolean;
    for (let b = 0; b < 5; b++) row[k++] = extinction(BANDS[b] as Band, o.ebv);
    const nearEdge =
      o.x - this.outer.x0 < 12 || o.y - this.outer.y0 < 12 || this.outer.x0 + this.outer.width - o.x < 12 || this.outer.y0 + this.outer.height - o.y < 12;
    let iMag: number | null = null;
    for (let b = 0; b < 5; b++) {
      const cm = s.cmFlux[b] as number;
      if (Number.isNaN(cm)) {
        row[k++] = null;
        row[k++] = null;
        row[k++] = null;
        row[k++] = null;
        row[k++] = true;
        row[k++] = null;
        row[k++] = null;
        row[k++] = null;
        row[k++] = null;
        row[k++] = s.count[b] as number;
        row[k++] = s.bright[b] === 1;
        continue;
      }
      const cmErr = s.cmErr[b] as number;
      const psf = s.psfFlux[b] as number;
      const cmMag = magOf(cm);
      const psfMag = magOf(psf);
      if (b === 2) iMag = cmMag;
      row[k++] = cm * NJY_PER_COUNT;
      row[k++] = cmErr * NJY_PER_COUNT;
      row[k++] = cmMag;
      row[k++] = magErrOf(cm, cmErr);
      row[k++] = rng.uniform() < (inFamily || nearEdge ? 0.07 : 0.02);
      row[k++] = psfMag;
      row[k++] = magErrOf(psf, s.psfErr[b] as number);
      row[k++] = magOf(s.kronFlux[b] as number);
      row[k++] = cmMag === null || psfMag === null ? null : psfMag - cmMag > 0.0164 ? 1 : 0;
      row[k++] = s.count[b] as number;
      row[k++] = s.bright[b] === 1;
    }
    const iBand = this.cov.bands.i;
    const iMagTrue = 27 - 2.5 * Math.log10(Math.max(1e-30, o.flux[2] as number));
    row[k++] = nearEdge || s.count[2] === 0;
    row[k++] = o.kind === 'star' && iMagTrue < 18.0 + rng.between(-0.3, 0.3);
    row[k++] = rng.uniform() < 0.015;
    row[k++] = rng.uniform() < 0.002;
    row[k++] = rng.uniform() < 0.015;
    row[k++] = 2.5 * 1.2 * Math.sqrt(iBand.psfSigmaPx * iBand.psfSigmaPx + sigmaS2) * (1 + 0.05 * rng.normal());
    let starMags: Float64Array | null = null;
    if (o.kind === 'star' && maskBits === 0) {
      const mags = new Float64Array(5);
      let ok = true;
      for (let b = 0; b < 5; b++) {
        const m = magOf(s.psfFlux[b] as number);
        if (m === null || Number.isNaN(s.cmFlux[b] as number)) ok = false;
        else mags[b] = m;
      }
      if (ok) starMags = mags;
    }
    return { forced: row, masks: maskCells, primary, iMag, starMags };
  }

  /** photoz_demp row (§4.4): truth z plus magnitude-dependent scatter and outliers. */
  private photoz(o: TruthObject, objectId: bigint, iMag: number | null): Cell[] {
    const rng = this.rng;
    const i = iMag ?? 27 - 2.5 * Math.log10(Math.max(1e-30, o.flux[2] as number));
    const t = Math.min(1, Math.max(0, (i - 22) / 3));
    const sigma = 0.03 + 0.07 * t;
    const outlier = rng.uniform() < 0.03 + 0.12 * t;
    const z = o.z;
    const s1 = sigma * (1 + z);
    const best = outlier ? rng.between(0, 4) : Math.max(0, z + s1 * rng.normal());
    const lo68 = Math.max(0, best - s1 * rng.between(0.8, 1.2));
    const hi68 = best + s1 * rng.between(0.8, 1.2);
    const mass = 9.0 + 0.4 * (22 - i) + 2 * Math.log10(1 + z) + 0.3 * rng.normal();
    const massErr = rng.between(0.1, 0.3);
    return [
      objectId,
      best,
      Math.max(0, best + 0.3 * s1 * rng.normal()),
      Math.max(0, best + 0.2 * s1 * rng.normal()),
      Math.max(0, best + 0.2 * s1 * rng.normal()),
      Math.max(0, best + s1 * rng.normal()),
      s1 * rng.between(0.9, 1.1),
      Math.min(1, Math.max(0, 1 - Math.exp(-Math.abs(best - z) / (0.15 * (1 + z))) + 0.05 * rng.uniform())),
      Math.min(1, (0.03 / sigma) * rng.between(0.7, 1.0)),
      lo68,
      hi68,
      Math.max(0, best - 2 * (best - lo68) * rng.between(0.9, 1.1)),
      best + 2 * (hi68 - best) * rng.between(0.9, 1.1),
      mass,
      mass - massErr,
      mass + massErr,
      (o.red ? -1 : 0.5) + 0.8 * (mass - 10) + 0.3 * rng.normal(),
      rng.lognormal(0, 0.5),
    ];
  }

  /** specz row for ~1% of bright galaxies, more in D/UD (§4.4); null for the rest. */
  private specz(o: TruthObject, objectId: bigint, iMag: number | null): Cell[] | null {
    if (o.kind !== 'galaxy') return null;
    const rng = this.rng;
    const iTrue = 27 - 2.5 * Math.log10(Math.max(1e-30, o.flux[2] as number));
    const rate = { wide: 0.008, deep: 0.03, udeep: 0.06 }[this.cov.context.layer];
    if (iTrue >= 23 || rng.uniform() >= rate) return null;
    const survey = this.cov.context.fieldTag === 'cosmos' ? 'zCOSMOS-DR3' : iTrue < 19.8 ? 'SDSS-DR14' : o.ra > 120 && o.ra < 230 ? 'GAMA-DR3' : 'VIPERS-PDR2';
    const homogeneous = rng.uniform() < 0.93;
    const z = homogeneous ? o.z + 0.0005 * (1 + o.z) * rng.normal() : rng.between(0, 1.5);
    const dPos = rng.between(0.1, 0.5);
    const phi = rng.uniform() * 2 * Math.PI;
    const magI = iTrue + 0.05 * rng.normal();
    return [
      objectId,
      dPos,
      iMag === null ? null : magI - iMag,
      `${survey}-${objectId % 10000000n}`,
      o.ra + ((dPos * Math.cos(phi)) / 3600) / Math.cos((o.dec * Math.PI) / 180),
      o.dec + (dPos * Math.sin(phi)) / 3600,
      z,
      0.0002 * (1 + o.z) * rng.between(0.5, 2),
      homogeneous ? (survey === 'SDSS-DR14' ? '0' : '4') : '1',
      homogeneous,
      magI,
      survey === 'SDSS-DR14',
      survey === 'zCOSMOS-DR3',
      survey === 'GAMA-DR3',
    ];
  }

  private truthRow(o: TruthObject, objectId: bigint): Cell[] {
    return [
      objectId,
      this.loc.dataset,
      o.kind,
      o.z,
      o.flux[0] as number,
      o.flux[1] as number,
      o.flux[2] as number,
      o.flux[3] as number,
      o.flux[4] as number,
      o.rE,
      o.q,
      o.pa,
      o.fracdev,
      this.loc.tract,
      this.patchCells.patch,
      o.x,
      o.y,
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
