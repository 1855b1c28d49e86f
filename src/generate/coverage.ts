// Coverage of a patch in one band (hsc-data.md §4.3, §4.5): visit count, seeing, 5σ depth, pixel
// noise, E(B−V), and the inputcount map with CCD-gap strips. Images and catalog both read this.

import {
  BANDS,
  EXTINCTION_R,
  M5_NOMINAL,
  SEEING_MEDIAN,
  VISITS_NOMINAL,
  patchContext,
  type Band,
  type PatchContext,
  type PatchLocation,
} from './fields.ts';
import { streamFor, type StreamId } from './rng.ts';
import { PATCH_INNER, PIXEL_SCALE_ARCSEC, patchAt, patchInnerBox } from './skymap.ts';

/** Coadd zero point (AB mag of 1 count) and the nJy value of one count. */
export const COADD_ZEROPOINT = 27.0;
export const NJY_PER_COUNT = Math.pow(10, (31.4 - COADD_ZEROPOINT) / 2.5);
/** Width of a CCD-gap strip in pixels (§4.3). */
export const GAP_STRIP_WIDTH = 60;

/** A strip of the coadd where one visit fell into a CCD gap: inputcount is one lower inside it. */
export interface GapStrip {
  /** 'x': a vertical strip x ∈ [start, start+width); 'y': a horizontal strip. Tract pixels. */
  axis: 'x' | 'y';
  start: number;
  width: number;
  /** Extent along the strip, tract pixels (the owning patch's inner box). */
  from: number;
  to: number;
}

export interface PatchBandCoverage {
  loc: PatchLocation;
  band: Band;
  /** Visits contributing to the patch (0 = no data in this band). */
  nVisits: number;
  /** PSF FWHM of the coadd, arcsec. */
  seeingFwhm: number;
  /** Gaussian PSF sigma, pixels. */
  psfSigmaPx: number;
  /** 5σ point-source depth at nVisits, AB mag (NaN when nVisits = 0). */
  m5: number;
  /** Sky noise per coadd pixel at nVisits, counts (Infinity when nVisits = 0). */
  sigmaPix: number;
  /** Effective gain of the coadd, e⁻ per count: 770·N_visits (§4.5). */
  gainEff: number;
  /** CCD-gap strips inside the patch's inner box. */
  gaps: readonly GapStrip[];
}

/** Everything the catalog and images need about one patch: context plus coverage in the five bands. */
export interface PatchCoverage {
  context: PatchContext;
  bands: Record<Band, PatchBandCoverage>;
  /** E(B−V) at the patch centre. */
  ebv: number;
}

function clip(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Pixel noise from depth and seeing: σ_pix = F5/(5·√(4πσ_p²)), F5 = 10^(−0.4(m5−27)) counts (§4.5). */
export function sigmaPixFor(m5: number, psfSigmaPx: number): number {
  const f5 = Math.pow(10, -0.4 * (m5 - COADD_ZEROPOINT));
  return f5 / (5 * Math.sqrt(4 * Math.PI * psfSigmaPx * psfSigmaPx));
}

function bandCoverage(seed: StreamId, ctx: PatchContext, band: Band, bandIndex: number): PatchBandCoverage {
  const { loc, layer } = ctx;
  const rng = streamFor(seed, 'coverage', loc.tract, loc.px, loc.py, bandIndex, loc.dataset === 'pdr3_wide' ? 0 : 1);
  const nominal = VISITS_NOMINAL[layer][band];
  const [lo, hi] = layer === 'wide' ? (nominal === 4 ? [2, 7] : [3, 9]) : [Math.round(nominal * 0.5), Math.round(nominal * 1.5)];
  let n = clip(rng.poisson(nominal), lo, hi);
  // Field-edge patches: about a third of their bands lose some or all visits (PDR3 partial area).
  const partialDraw = rng.uniform();
  const partialFrac = rng.uniform();
  if (ctx.nearFieldEdge && partialDraw < 0.3) n = Math.floor(n * partialFrac);
  const seeing = clip(rng.lognormal(Math.log(SEEING_MEDIAN[band]), 0.15), 0.45, 1.3);
  const psfSigmaPx = seeing / 2.355 / PIXEL_SCALE_ARCSEC;
  const depthNoise = rng.gauss(0, 0.1);
  const m5 = n > 0 ? M5_NOMINAL[layer][band] + 1.25 * Math.log10(n / nominal) + depthNoise : NaN;
  const sigmaPix = n > 0 ? sigmaPixFor(m5, psfSigmaPx) : Infinity;
  const inner = patchInnerBox(loc.px, loc.py);
  const nGaps = n > 1 ? 2 + rng.int(3) : 0;
  const gaps: GapStrip[] = [];
  for (let k = 0; k < nGaps; k++) {
    const axis = rng.chance(0.5) ? 'x' : 'y';
    const origin = axis === 'x' ? inner.x0 : inner.y0;
    const along = axis === 'x' ? inner.y0 : inner.x0;
    gaps.push({
      axis,
      start: origin + Math.floor(rng.uniform() * (PATCH_INNER - GAP_STRIP_WIDTH)),
      width: GAP_STRIP_WIDTH,
      from: along,
      to: along + PATCH_INNER,
    });
  }
  return { loc, band, nVisits: n, seeingFwhm: seeing, psfSigmaPx, m5, sigmaPix, gainEff: 770 * n, gaps };
}

/** E(B−V) at a sky position of a field: field mean plus smooth ±0.01 ripples (§4.3). */
export function ebvAt(ctx: PatchContext, ra: number, dec: number): number {
  const d = ctx.field.ebvBase;
  return d + 0.006 * Math.sin(ra * 2.1 + d * 100) * Math.cos(dec * 1.7) + 0.004 * Math.sin((ra + dec) * 5.3);
}

/** Galactic extinction a_b = R_b·E(B−V) in magnitudes. */
export function extinction(band: Band, ebv: number): number {
  return EXTINCTION_R[band] * ebv;
}

const coverageCache = new Map<string, PatchCoverage | null>();
const CACHE_LIMIT = 4096;

/**
 * Coverage of a patch in all five bands, or null when the dataset does not cover the patch.
 * Deterministic in (seed, dataset, tract, patch); cached, since neighbouring patches ask too.
 */
export function patchCoverage(seed: StreamId, loc: PatchLocation): PatchCoverage | null {
  const key = `${String(seed)}/${loc.dataset}/${loc.tract}/${loc.px},${loc.py}`;
  const hit = coverageCache.get(key);
  if (hit !== undefined) return hit;
  const context = patchContext(loc);
  let cov: PatchCoverage | null = null;
  if (context !== null) {
    const bands = {} as Record<Band, PatchBandCoverage>;
    BANDS.forEach((b, i) => {
      bands[b] = bandCoverage(seed, context, b, i);
    });
    cov = { context, bands, ebv: ebvAt(context, context.center.ra, context.center.dec) };
  }
  if (coverageCache.size >= CACHE_LIMIT) coverageCache.clear();
  coverageCache.set(key, cov);
  return cov;
}

/** Number of gap strips of a band coverage containing tract pixel (x, y). */
function gapsAt(cov: PatchBandCoverage, x: number, y: number): number {
  let k = 0;
  for (const g of cov.gaps) {
    const across = g.axis === 'x' ? x : y;
    const along = g.axis === 'x' ? y : x;
    if (across >= g.start - 0.5 && across < g.start + g.width - 0.5 && along >= g.from - 0.5 && along < g.to - 0.5) k++;
  }
  return k;
}

/**
 * inputcount at a tract pixel, as seen by any patch: the visit count of the patch whose inner box
 * holds the pixel, minus its gap strips there. 0 outside covered patches. The same value for a
 * pixel in the overlap of two patches, whichever patch asks.
 */
export function inputCountAt(seed: StreamId, dataset: PatchLocation['dataset'], tract: number, band: Band, x: number, y: number): number {
  const owner = patchAt(x, y);
  if (owner === null) return 0;
  const cov = patchCoverage(seed, { dataset, tract, px: owner.px, py: owner.py });
  if (cov === null) return 0;
  const bc = cov.bands[band];
  return Math.max(0, bc.nVisits - gapsAt(bc, x, y));
}

/**
 * The coverage of one patch plus its eight neighbours, for fast per-pixel lookups over the patch's
 * outer box (catalog rows, image noise and masks). Pixels are tract pixels.
 */
export class PatchCoverageMap {
  readonly seed: StreamId;
  /** Coverage of the patch itself (the map is only built for covered patches). */
  readonly own: PatchCoverage;
  private readonly grid: (PatchCoverage | null)[] = [];
  private readonly px: number;
  private readonly py: number;

  constructor(seed: StreamId, loc: PatchLocation) {
    const own = patchCoverage(seed, loc);
    if (own === null) throw new RangeError(`${loc.dataset} does not cover tract ${loc.tract} patch ${loc.px},${loc.py}`);
    this.seed = seed;
    this.own = own;
    this.px = loc.px;
    this.py = loc.py;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = loc.px + dx;
        const ny = loc.py + dy;
        const inside = nx >= 0 && ny >= 0 && nx < 9 && ny < 9;
        this.grid.push(inside ? patchCoverage(seed, { ...loc, px: nx, py: ny }) : null);
      }
    }
  }

  /** Coverage of the patch whose inner box holds (x, y), if it is this patch or a neighbour. */
  ownerAt(x: number, y: number): PatchCoverage | null {
    const dx = Math.floor((x + 0.5) / PATCH_INNER) - this.px;
    const dy = Math.floor((y + 0.5) / PATCH_INNER) - this.py;
    if (dx < -1 || dx > 1 || dy < -1 || dy > 1) return null;
    return this.grid[(dy + 1) * 3 + (dx + 1)] ?? null;
  }

  /** inputcount at (x, y): same value as inputCountAt(). */
  inputCount(band: Band, x: number, y: number): number {
    const owner = this.ownerAt(x, y);
    if (owner === null) return 0;
    const bc = owner.bands[band];
    return Math.max(0, bc.nVisits - gapsAt(bc, x, y));
  }

  /** Pixel noise of this patch's image at (x, y): σ_pix·√(N/inputcount); Infinity where unobserved. */
  sigmaPix(band: Band, x: number, y: number): number {
    const bc = this.own.bands[band];
    if (bc.nVisits === 0) return Infinity;
    const n = this.inputCount(band, x, y);
    return n > 0 ? bc.sigmaPix * Math.sqrt(bc.nVisits / n) : Infinity;
  }

  /** Whether (x, y) lies in a gap strip of the owning patch in this band (SENSOR_EDGE-like areas). */
  inGap(band: Band, x: number, y: number): boolean {
    const owner = this.ownerAt(x, y);
    return owner !== null && gapsAt(owner.bands[band], x, y) > 0;
  }
}
