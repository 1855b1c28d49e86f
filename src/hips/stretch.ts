// Display stretches for PNG/JPEG tiles: cut levels computed once from the source pixels, the
// asinh stretch of one band, and the Lupton et al. (2004) asinh colour composite of three.

/** Display cut (hips_pixel_cut) and asinh softening, in data units. */
export interface StretchParams {
  lo: number;
  hi: number;
  /** Softening of the asinh: below it the stretch is linear, above logarithmic. */
  soft: number;
}

/** Lupton colour parameters (astropy make_lupton_rgb: minimum, stretch, Q). */
export interface LuptonParams {
  minimum: number;
  stretch: number;
  q: number;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const a = sorted[i] as number;
  const b = sorted[Math.min(i + 1, sorted.length - 1)] as number;
  return a + (b - a) * (pos - i);
}

/**
 * Cut levels from a sample of data values: the low cut one noise sigma (from the median
 * absolute deviation) below the median sky, the high cut at the 99.9th percentile, and the
 * asinh softening at two sigma so the noise stays linear and bright sources compress.
 */
export function cutFromSample(values: Float64Array): StretchParams & { min: number; max: number } {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  if (finite.length === 0) return { lo: 0, hi: 1, soft: 0.1, min: 0, max: 1 };
  const median = quantile(finite, 0.5);
  const dev = finite.map((v) => Math.abs(v - median)).sort();
  const sigma = 1.4826 * quantile(dev, 0.5) || (quantile(finite, 0.99) - median) / 10 || 1;
  const lo = median - sigma;
  const hi = Math.max(quantile(finite, 0.999), lo + 10 * sigma);
  return { lo, hi, soft: 2 * sigma, min: finite[0] as number, max: finite[finite.length - 1] as number };
}

/** 0..255 grey level of a value under the asinh stretch. */
export function stretchValue(v: number, s: StretchParams): number {
  const t = Math.asinh((v - s.lo) / s.soft) / Math.asinh((s.hi - s.lo) / s.soft);
  return Math.round(255 * Math.min(1, Math.max(0, t)));
}

/** Uniform bins over the grey-level thresholds, each holding a level to start the search from. */
const LEVEL_BINS = 4096;

/**
 * The 8-bit grey levels of an asinh stretch as 255 thresholds on the data value: level k for
 * values in [t[k−1], t[k]), where t[k] is the value at which 255·stretch crosses k + 0.5, i.e.
 * stretchValue's rounding without an asinh per pixel (they can differ only for a value within
 * an ulp of a threshold). A uniform bin table gives the starting level, so a pixel costs a
 * multiplication and a comparison or two.
 */
export class GreyLevels {
  readonly thresholds = new Float64Array(255);
  private readonly start = new Uint8Array(LEVEL_BINS + 1);
  private readonly first: number;
  private readonly binsPerUnit: number;

  constructor(s: StretchParams) {
    const range = Math.asinh((s.hi - s.lo) / s.soft);
    for (let k = 0; k < 255; k++) this.thresholds[k] = s.lo + s.soft * Math.sinh(((k + 0.5) / 255) * range);
    this.first = this.thresholds[0] as number;
    this.binsPerUnit = LEVEL_BINS / ((this.thresholds[254] as number) - this.first);
    for (let j = 0, k = 0; j <= LEVEL_BINS; j++) {
      const edge = this.first + j / this.binsPerUnit;
      while (k < 255 && edge >= (this.thresholds[k] as number)) k++;
      // One level lower than at the computed bin edge: safe when rounding puts a value of
      // this bin just below the edge; the search in level() only moves up.
      this.start[j] = Math.max(0, k - 1);
    }
  }

  /** Grey level 0..255 of a (non-NaN) data value. */
  level(v: number): number {
    if (!(v >= this.first)) return 0;
    const bin = (v - this.first) * this.binsPerUnit;
    let k = bin >= LEVEL_BINS ? 254 : (this.start[Math.floor(bin)] as number);
    while (k < 255 && v >= (this.thresholds[k] as number)) k++;
    return k;
  }
}

/**
 * Lupton et al. (2004) colour: I = mean of the three bands above the minimum, each band
 * scaled by asinh(Q·I/stretch)/(Q·I), and saturated pixels scaled down to keep their hue.
 * Writes r, g, b (0..255) into out[o..o+2]. Blank bands count as the minimum.
 */
export function luptonPixel(r: number, g: number, b: number, p: LuptonParams, out: Uint8Array, o: number): void {
  const rr = Number.isNaN(r) ? 0 : Math.max(0, r - p.minimum);
  const gg = Number.isNaN(g) ? 0 : Math.max(0, g - p.minimum);
  const bb = Number.isNaN(b) ? 0 : Math.max(0, b - p.minimum);
  const i = (rr + gg + bb) / 3;
  const fac = i > 0 ? Math.asinh((p.q * i) / p.stretch) / (p.q * i) : 1 / p.stretch;
  let R = rr * fac;
  let G = gg * fac;
  let B = bb * fac;
  const m = Math.max(R, G, B);
  if (m > 1) {
    R /= m;
    G /= m;
    B /= m;
  }
  out[o] = Math.round(255 * R);
  out[o + 1] = Math.round(255 * G);
  out[o + 2] = Math.round(255 * B);
}

/** Lupton parameters from the three bands' cuts: their mean sky and mean range. */
export function luptonFromCuts(cuts: readonly StretchParams[], q = 8): LuptonParams {
  const minimum = cuts.reduce((a, c) => a + c.lo, 0) / cuts.length;
  const stretch = cuts.reduce((a, c) => a + (c.hi - c.lo), 0) / cuts.length / 4;
  return { minimum, stretch, q };
}
