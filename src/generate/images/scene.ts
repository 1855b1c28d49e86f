// Everything needed to render any box of one calexp (patch × band) from the generator's truth
// (hsc-data.md §4.7): PSF, the objects' Gaussians sorted by row, saturation, cosmic rays, the
// background ripple and the noise streams. A scene renders the full image strip by strip or a
// cutout box alone, with identical pixels.
import { PatchCoverageMap, type PatchBandCoverage } from '../coverage.ts';
import { BANDS, type Band, type Dataset, type PatchLocation } from '../fields.ts';
import { BrightStarMasks, MASK_BRIGHT_OBJECT } from '../masks.ts';
import { streamFor, type StreamId } from '../rng.ts';
import { PATCH_INNER, PIXEL_SCALE_ARCSEC, patchOuterBox } from '../skymap.ts';
import { patchTruthWithBorder } from '../truth.ts';
import { BIT } from './mask-planes.ts';
import { fillNoise } from './noise.ts';
import { objectGaussians, psfModel, type Gaussian, type PsfModel } from './profiles.ts';
import { PACKED, addPacked, packGaussian, type PixelBox } from './raster.ts';

/** One calexp: a patch of a dataset (schema) in one band. */
export interface CalexpAddress {
  dataset: Dataset;
  tract: number;
  px: number;
  py: number;
  band: Band;
}

/** The three planes of a box, row-major, box in patch-local pixels. */
export interface CalexpPlanes {
  box: PixelBox;
  image: Float32Array;
  mask: Int32Array;
  variance: Float32Array;
}

/** Star magnitude whose peak pixel saturates, per band (§4.5: m_sat ≈ 17.8 g, r / 18.0 i / 17.0 z, y). */
const SATURATION_MAG: Record<Band, number> = { g: 17.8, r: 17.8, i: 18.0, z: 17.0, y: 17.0 };
/** Stars brighter than this bleed along columns (§4.7). */
const BLEED_MAG = 14;
/** Effective gain per visit, e⁻ per coadd count (§4.5). */
const GAIN_PER_VISIT = 770;
/** Cosmic-ray blobs per patch-band (§4.7). */
const CR_BLOBS = 20;
/** Gap-strip edge widths (px) for SENSOR_EDGE, REJECTED, CLIPPED and INEXACT_PSF. */
const SENSOR_EDGE_PX = 2;
const REJECTED_PX = 4;
const CLIPPED_PX = 2;
const INEXACT_PSF_PX = 12;

interface BleedTrail {
  x: number;
  y: number;
  halfWidth: number;
  halfLength: number;
}

export class CalexpScene {
  readonly address: CalexpAddress;
  /** The patch outer box in tract pixels: the image's pixel (0,0) is tract (x0, y0). */
  readonly outer: PixelBox;
  readonly coverage: PatchBandCoverage;
  readonly psf: PsfModel;
  /** Model counts above which a pixel saturates. */
  readonly saturationLevel: number;
  readonly objectCount: number;
  private readonly map: PatchCoverageMap;
  private readonly masks: BrightStarMasks;
  private readonly packed: Float64Array;
  /** Packed Gaussian indices sorted by their top row. */
  private readonly order: Int32Array;
  private readonly tops: Float64Array;
  private readonly maxHalf: number;
  private readonly trails: BleedTrail[] = [];
  /** Cosmic-ray pixels, tract coordinates, as x, y pairs. */
  private readonly crPixels: Int32Array;
  private readonly ripple: { ax: number; kx: number; px: number; ay: number; ky: number; py: number };
  private readonly noiseIds: number[];

  constructor(
    readonly seed: StreamId,
    address: CalexpAddress,
  ) {
    this.address = address;
    const loc: PatchLocation = { dataset: address.dataset, tract: address.tract, px: address.px, py: address.py };
    this.outer = patchOuterBox(address.px, address.py);
    this.map = new PatchCoverageMap(seed, loc);
    this.masks = new BrightStarMasks(seed, loc);
    this.coverage = this.map.own.bands[address.band];
    const bandIndex = BANDS.indexOf(address.band);
    const ds = address.dataset === 'pdr3_wide' ? 0 : 1;
    this.noiseIds = [ds, address.tract, address.px, address.py, bandIndex];

    const psfRng = streamFor(seed, 'psf', ...this.noiseIds);
    const e = Math.min(0.08, Math.abs(psfRng.gauss(0.03, 0.01)));
    this.psf = psfModel(this.coverage.seeingFwhm / PIXEL_SCALE_ARCSEC, e, psfRng.between(0, Math.PI));
    this.saturationLevel = peakOf(Math.pow(10, -0.4 * (SATURATION_MAG[address.band] - 27)), this.psf);

    const sigma = Number.isFinite(this.coverage.sigmaPix) ? this.coverage.sigmaPix : 0.1;
    const floor = 0.005 * sigma;
    const minFlux = 0.02 * sigma;
    const { inner, border } = patchTruthWithBorder(seed, loc);
    const gaussians: Gaussian[] = [];
    let objects = 0;
    for (const o of [...inner, ...border]) {
      const flux = o.flux[bandIndex] as number;
      if (o.kind === 'sky' || !(flux > 0)) continue;
      objects++;
      const shape = o.kind === 'galaxy' ? { rePx: o.rE / PIXEL_SCALE_ARCSEC, q: o.q, paDeg: o.pa, fracdev: o.fracdev } : null;
      objectGaussians(flux, o.x, o.y, shape, this.psf, minFlux, gaussians);
      const mag = 27 - 2.5 * Math.log10(flux);
      if (o.kind === 'star' && mag < BLEED_MAG) {
        this.trails.push({
          x: o.x,
          y: o.y,
          halfWidth: Math.ceil(this.psf.sigmaCore),
          halfLength: Math.min(150, 15 * Math.pow(10, 0.4 * (BLEED_MAG - mag))),
        });
      }
    }
    this.objectCount = objects;
    this.packed = new Float64Array(gaussians.length * PACKED);
    gaussians.forEach((g, k) => packGaussian(g, floor, 3, 8, this.packed, k * PACKED));
    this.tops = new Float64Array(gaussians.length);
    let maxHalf = 0;
    for (let k = 0; k < gaussians.length; k++) {
      const half = this.packed[k * PACKED + 7] as number;
      this.tops[k] = (this.packed[k * PACKED + 1] as number) - half;
      if (half > maxHalf) maxHalf = half;
    }
    this.maxHalf = maxHalf;
    this.order = Int32Array.from(gaussians.keys()).sort((a, b) => (this.tops[a] as number) - (this.tops[b] as number));

    const crRng = streamFor(seed, 'cosmic-rays', ...this.noiseIds);
    const cr: number[] = [];
    const nBlobs = crRng.poisson(CR_BLOBS);
    for (let k = 0; k < nBlobs; k++) {
      let x = this.outer.x0 + crRng.int(this.outer.width);
      let y = this.outer.y0 + crRng.int(this.outer.height);
      const len = 3 + crRng.int(8);
      for (let s = 0; s < len; s++) {
        cr.push(x, y);
        const step = crRng.int(4);
        x += step === 0 ? 1 : step === 1 ? -1 : 0;
        y += step === 2 ? 1 : step === 3 ? -1 : 0;
      }
    }
    this.crPixels = Int32Array.from(cr);

    const bgRng = streamFor(seed, 'background', ...this.noiseIds);
    const amp = 0.05 * sigma;
    this.ripple = {
      ax: amp * bgRng.between(0.5, 1),
      kx: (2 * Math.PI) / bgRng.between(3000, 9000),
      px: bgRng.between(0, 2 * Math.PI),
      ay: amp * bgRng.between(0.5, 1),
      ky: (2 * Math.PI) / bgRng.between(3000, 9000),
      py: bgRng.between(0, 2 * Math.PI),
    };
  }

  /** Image size in pixels (the patch outer box). */
  get width(): number {
    return this.outer.width;
  }

  get height(): number {
    return this.outer.height;
  }

  /** The noiseless model (counts) of a box of patch-local pixels. */
  renderModel(box: PixelBox): Float32Array {
    const t = this.toTract(box);
    const model = new Float32Array(box.width * box.height);
    const yEnd = t.y0 + t.height;
    let lo = 0;
    let hi = this.order.length;
    const from = t.y0 - this.maxHalf;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.tops[this.order[mid] as number] as number) < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.order.length; i++) {
      const k = this.order[i] as number;
      if ((this.tops[k] as number) >= yEnd) break;
      addPacked(model, t, this.packed, k * PACKED);
    }
    return model;
  }

  /** Image, mask and variance of a box of patch-local pixels. */
  render(box: PixelBox): CalexpPlanes {
    const t = this.toTract(box);
    const n = box.width * box.height;
    const model = this.renderModel(box);
    const image = new Float32Array(n);
    fillNoise(this.seed, this.noiseIds, box, image);
    const mask = new Int32Array(n);
    const variance = new Float32Array(n);
    const counts = new Int32Array(box.width);
    const edgeBits = new Int32Array(box.width);
    const bgX = new Float64Array(box.width);
    for (let i = 0; i < box.width; i++) bgX[i] = this.ripple.ax * Math.sin(this.ripple.kx * (box.x0 + i) + this.ripple.px);
    const own = this.coverage;
    const sat = this.saturationLevel;
    const band = this.address.band;
    for (let r = 0; r < box.height; r++) {
      const y = t.y0 + r;
      const bgY = this.ripple.ay * Math.cos(this.ripple.ky * (box.y0 + r) + this.ripple.py);
      this.coverageRow(y, t.x0, box.width, counts, edgeBits);
      const base = r * box.width;
      for (let c = 0; c < box.width; c++) {
        const i = base + c;
        const nIn = counts[c] as number;
        let bits = edgeBits[c] as number;
        if (own.nVisits === 0 || nIn === 0) {
          image[i] = NaN;
          variance[i] = NaN;
          mask[i] = bits | BIT.NO_DATA | BIT.EDGE;
          continue;
        }
        const sigma = own.sigmaPix * Math.sqrt(own.nVisits / nIn);
        const m = model[i] as number;
        const v = sigma * sigma + (m > 0 ? m / (GAIN_PER_VISIT * nIn) : 0);
        if (m > sigma) bits |= BIT.DETECTED;
        let value = m;
        if (m > sat) {
          value = sat * (1 + 0.1 * Math.tanh((m - sat) / sat));
          bits |= BIT.SAT | BIT.INTRP;
        }
        const pixel = value + bgX[c]! + bgY + Math.sqrt(v) * (image[i] as number);
        if (pixel < -3 * sigma) bits |= BIT.DETECTED_NEGATIVE;
        if (this.masks.at(band, t.x0 + c, y) & MASK_BRIGHT_OBJECT) bits |= BIT.BRIGHT_OBJECT;
        image[i] = pixel;
        variance[i] = v;
        mask[i] = bits;
      }
    }
    this.applyTrails(t, image, mask);
    this.applyCosmicRays(t, mask);
    return { box, image, mask, variance };
  }

  private toTract(box: PixelBox): PixelBox {
    return { x0: box.x0 + this.outer.x0, y0: box.y0 + this.outer.y0, width: box.width, height: box.height };
  }

  /**
   * inputcount (as PatchCoverageMap.inputCount) and the gap-strip edge planes along one row of
   * tract pixels, computed per owner-patch segment rather than per pixel.
   */
  private coverageRow(y: number, x0: number, width: number, counts: Int32Array, bits: Int32Array): void {
    bits.fill(0);
    const x1 = x0 + width;
    for (let sx = Math.floor(x0 / PATCH_INNER) * PATCH_INNER; sx < x1; sx += PATCH_INNER) {
      const a = Math.max(x0, sx);
      const b = Math.min(x1, sx + PATCH_INNER);
      const owner = this.map.ownerAt(a, y);
      const bc = owner?.bands[this.address.band];
      counts.fill(bc ? bc.nVisits : 0, a - x0, b - x0);
      if (!bc) continue;
      for (const g of bc.gaps) {
        if (g.axis === 'x') {
          if (y < g.from || y >= g.to) continue;
          const last = g.start + g.width - 1;
          for (let x = Math.max(a, g.start - INEXACT_PSF_PX); x < Math.min(b, last + INEXACT_PSF_PX + 1); x++) {
            if (x >= g.start && x <= last) counts[x - x0] = (counts[x - x0] as number) - 1;
            bits[x - x0] = (bits[x - x0] as number) | stripEdgeBits(x, g.start, last);
          }
        } else {
          const last = g.start + g.width - 1;
          if (y < g.start - INEXACT_PSF_PX || y > last + INEXACT_PSF_PX) continue;
          const inside = y >= g.start && y <= last;
          const eb = stripEdgeBits(y, g.start, last);
          for (let x = Math.max(a, g.from); x < Math.min(b, g.to); x++) {
            if (inside) counts[x - x0] = (counts[x - x0] as number) - 1;
            bits[x - x0] = (bits[x - x0] as number) | eb;
          }
        }
      }
    }
    for (let i = 0; i < width; i++) if ((counts[i] as number) < 0) counts[i] = 0;
  }

  private applyTrails(t: PixelBox, image: Float32Array, mask: Int32Array): void {
    for (const tr of this.trails) {
      const xs = Math.max(t.x0, Math.round(tr.x) - tr.halfWidth);
      const xe = Math.min(t.x0 + t.width - 1, Math.round(tr.x) + tr.halfWidth);
      const ys = Math.max(t.y0, Math.round(tr.y - tr.halfLength));
      const ye = Math.min(t.y0 + t.height - 1, Math.round(tr.y + tr.halfLength));
      for (let y = ys; y <= ye; y++) {
        for (let x = xs; x <= xe; x++) {
          const i = (y - t.y0) * t.width + (x - t.x0);
          if ((mask[i] as number) & BIT.NO_DATA) continue;
          image[i] = Math.max(image[i] as number, this.saturationLevel);
          mask[i] = (mask[i] as number) | BIT.SAT | BIT.INTRP | BIT.DETECTED;
        }
      }
    }
  }

  private applyCosmicRays(t: PixelBox, mask: Int32Array): void {
    for (let k = 0; k < this.crPixels.length; k += 2) {
      const x = (this.crPixels[k] as number) - t.x0;
      const y = (this.crPixels[k + 1] as number) - t.y0;
      if (x < 0 || y < 0 || x >= t.width || y >= t.height) continue;
      const i = y * t.width + x;
      mask[i] = (mask[i] as number) | BIT.CR | BIT.INTRP;
    }
  }
}

/** SENSOR_EDGE / REJECTED inside a strip near its edges, CLIPPED just outside, INEXACT_PSF around both. */
function stripEdgeBits(coord: number, start: number, last: number): number {
  let bits = 0;
  if (coord >= start && coord <= last) {
    const d = Math.min(coord - start, last - coord);
    if (d < SENSOR_EDGE_PX) bits |= BIT.SENSOR_EDGE;
    else if (d < REJECTED_PX) bits |= BIT.REJECTED;
    if (d < INEXACT_PSF_PX) bits |= BIT.INEXACT_PSF;
  } else {
    const d = coord < start ? start - coord : coord - last;
    if (d <= CLIPPED_PX) bits |= BIT.CLIPPED;
    if (d <= INEXACT_PSF_PX) bits |= BIT.INEXACT_PSF;
  }
  return bits;
}

/** Peak pixel value of a point source of `flux` counts with this PSF. */
function peakOf(flux: number, psf: PsfModel): number {
  let peak = 0;
  for (const c of psf.components) peak += c.w / (2 * Math.PI * Math.sqrt(c.vxx * c.vyy - c.vxy * c.vxy));
  return flux * peak;
}
