// Celestial gnomonic (TAN) WCS (FITS WCS Paper II §5.1.3, Calabretta & Greisen 2002) with a
// CD matrix (or PC+CDELT, CROTA2) and optional SIP distortion: pixel <-> sky, footprints.
// Pixel coordinates here are 0-based (the centre of the first pixel is 0,0), like LSST and
// astropy's origin=0; FITS CRPIX stays 1-based in headers.
import {
  FitsError,
  findCard,
  headerNumber,
  headerString,
  realCard,
  stringCard,
  type HeaderCard,
} from '../fits/header.ts';
import { evaluate, hasSipCtype, readSip, sipCards, type SipDistortion } from './sip.ts';

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;

export interface TanWcsParams {
  /** FITS CRPIX (1-based). */
  crpix: readonly [number, number];
  /** CRVAL1, CRVAL2 (RA, Dec of the tangent point), degrees. */
  crval: readonly [number, number];
  /** [[CD1_1, CD1_2], [CD2_1, CD2_2]], degrees per pixel. */
  cd: readonly [readonly [number, number], readonly [number, number]];
  sip?: SipDistortion;
}

export type SkyPoint = [ra: number, dec: number];
export type PixelPoint = [x: number, y: number];

export class TanWcs {
  private readonly sinDec0: number;
  private readonly cosDec0: number;
  private readonly inv: [number, number, number, number];

  constructor(readonly params: TanWcsParams) {
    this.sinDec0 = Math.sin(params.crval[1] * D2R);
    this.cosDec0 = Math.cos(params.crval[1] * D2R);
    const [[a, b], [c, d]] = params.cd;
    const det = a * d - b * c;
    if (det === 0 || !Number.isFinite(det)) throw new FitsError('singular CD matrix');
    this.inv = [d / det, -b / det, -c / det, a / det];
  }

  /** Sky position (degrees, RA in [0, 360)) of a 0-based pixel position. */
  pixelToSky(x: number, y: number): SkyPoint {
    let u = x + 1 - this.params.crpix[0];
    let v = y + 1 - this.params.crpix[1];
    const sip = this.params.sip;
    if (sip) {
      const du = evaluate(sip.a, u, v);
      const dv = evaluate(sip.b, u, v);
      u += du;
      v += dv;
    }
    const [[a, b], [c, d]] = this.params.cd;
    const xi = (a * u + b * v) * D2R;
    const eta = (c * u + d * v) * D2R;
    const denom = this.cosDec0 - eta * this.sinDec0;
    const ra = this.params.crval[0] + Math.atan2(xi, denom) * R2D;
    const dec = Math.atan2(eta * this.cosDec0 + this.sinDec0, Math.hypot(xi, denom)) * R2D;
    return [normalizeRa(ra), dec];
  }

  /** 0-based pixel position of a sky position; NaN for points 90° or more from the tangent point. */
  skyToPixel(ra: number, dec: number): PixelPoint {
    const dra = (ra - this.params.crval[0]) * D2R;
    const sd = Math.sin(dec * D2R);
    const cdec = Math.cos(dec * D2R);
    const cosc = sd * this.sinDec0 + cdec * this.cosDec0 * Math.cos(dra);
    if (cosc <= 0) return [NaN, NaN];
    const xi = ((cdec * Math.sin(dra)) / cosc) * R2D;
    const eta = ((sd * this.cosDec0 - cdec * this.sinDec0 * Math.cos(dra)) / cosc) * R2D;
    const [ia, ib, ic, id] = this.inv;
    const qu = ia * xi + ib * eta;
    const qv = ic * xi + id * eta;
    const [u, v] = this.params.sip ? undistort(this.params.sip, qu, qv) : [qu, qv];
    return [u + this.params.crpix[0] - 1, v + this.params.crpix[1] - 1];
  }

  /**
   * Sky corners of a width×height image, counter-clockwise in pixel order (0,0), (w,0), (w,h),
   * (0,h). 'outer' uses the outer pixel edges (what s_region wants), 'centers' the corner pixel centres.
   */
  footprint(width: number, height: number, edges: 'outer' | 'centers' = 'outer'): SkyPoint[] {
    const lo = edges === 'outer' ? -0.5 : 0;
    const hx = edges === 'outer' ? width - 0.5 : width - 1;
    const hy = edges === 'outer' ? height - 0.5 : height - 1;
    return [
      this.pixelToSky(lo, lo),
      this.pixelToSky(hx, lo),
      this.pixelToSky(hx, hy),
      this.pixelToSky(lo, hy),
    ];
  }

  /** The WCS of a sub-image whose pixel (0,0) is this image's (x0, y0): every pixel keeps its sky position. */
  shifted(x0: number, y0: number): TanWcs {
    return new TanWcs({ ...this.params, crpix: [this.params.crpix[0] - x0, this.params.crpix[1] - y0] });
  }

  /** Mean pixel scale in arcseconds (square root of |det CD|). */
  pixelScaleArcsec(): number {
    const [[a, b], [c, d]] = this.params.cd;
    return Math.sqrt(Math.abs(a * d - b * c)) * 3600;
  }

  /** Header cards: CTYPE, CUNIT, CRVAL, CRPIX, CDi_j, RADESYS, EQUINOX and SIP terms. */
  toCards(): HeaderCard[] {
    const p = this.params;
    const suffix = p.sip ? '-SIP' : '';
    return [
      stringCard('RADESYS', 'ICRS'),
      realCard('EQUINOX', 2000),
      stringCard('CTYPE1', `RA---TAN${suffix}`),
      stringCard('CTYPE2', `DEC--TAN${suffix}`),
      stringCard('CUNIT1', 'deg'),
      stringCard('CUNIT2', 'deg'),
      realCard('CRVAL1', p.crval[0]),
      realCard('CRVAL2', p.crval[1]),
      realCard('CRPIX1', p.crpix[0]),
      realCard('CRPIX2', p.crpix[1]),
      realCard('CD1_1', p.cd[0][0]),
      realCard('CD1_2', p.cd[0][1]),
      realCard('CD2_1', p.cd[1][0]),
      realCard('CD2_2', p.cd[1][1]),
      ...(p.sip ? sipCards(p.sip) : []),
    ];
  }

  /** Reads a celestial TAN WCS (CD, or PC with CDELT, or CDELT with CROTA2) from header cards. */
  static fromHeader(cards: readonly HeaderCard[]): TanWcs {
    const ctype1 = headerString(cards, 'CTYPE1') ?? '';
    const ctype2 = headerString(cards, 'CTYPE2') ?? '';
    if (!/^RA---TAN(-SIP)?$/.test(ctype1) || !/^DEC--TAN(-SIP)?$/.test(ctype2)) {
      throw new FitsError(`unsupported celestial axes ${ctype1}/${ctype2} (RA---TAN/DEC--TAN expected)`);
    }
    const lonpole = headerNumber(cards, 'LONPOLE') ?? 180;
    if (lonpole !== 180) throw new FitsError(`LONPOLE ${lonpole} is not supported for TAN`);
    const num = (key: string, dflt?: number): number => {
      const v = headerNumber(cards, key) ?? dflt;
      if (v === undefined) throw new FitsError(`WCS keyword ${key} is missing`);
      return v;
    };
    const crpix: [number, number] = [num('CRPIX1', 0), num('CRPIX2', 0)];
    const crval: [number, number] = [num('CRVAL1'), num('CRVAL2')];
    const sip = hasSipCtype(cards) ? readSip(cards) : undefined;
    return new TanWcs({ crpix, crval, cd: linearTransform(cards, num), ...(sip ? { sip } : {}) });
  }
}

function linearTransform(
  cards: readonly HeaderCard[],
  num: (key: string, dflt?: number) => number,
): [[number, number], [number, number]] {
  const hasCd = ['CD1_1', 'CD1_2', 'CD2_1', 'CD2_2'].some((k) => findCard(cards, k));
  if (hasCd) return [[num('CD1_1', 0), num('CD1_2', 0)], [num('CD2_1', 0), num('CD2_2', 0)]];
  const c1 = num('CDELT1', 1);
  const c2 = num('CDELT2', 1);
  const hasPc = ['PC1_1', 'PC1_2', 'PC2_1', 'PC2_2'].some((k) => findCard(cards, k));
  if (hasPc) {
    return [
      [c1 * num('PC1_1', 1), c1 * num('PC1_2', 0)],
      [c2 * num('PC2_1', 0), c2 * num('PC2_2', 1)],
    ];
  }
  // Classic AIPS rotation (Paper II §6.1, eq. 189).
  const rho = num('CROTA2', 0) * D2R;
  const cos = Math.cos(rho);
  const sin = Math.sin(rho);
  return [
    [c1 * cos, -c2 * sin],
    [c1 * sin, c2 * cos],
  ];
}

/** Solves q = p + f(p) for the undistorted pixel offset p, from the AP/BP guess by Newton steps. */
function undistort(sip: SipDistortion, qu: number, qv: number): [number, number] {
  let u = sip.ap ? qu + evaluate(sip.ap, qu, qv) : qu;
  let v = sip.bp ? qv + evaluate(sip.bp, qu, qv) : qv;
  for (let i = 0; i < 50; i++) {
    const fu = u + evaluate(sip.a, u, v) - qu;
    const fv = v + evaluate(sip.b, u, v) - qv;
    if (Math.abs(fu) < 1e-12 && Math.abs(fv) < 1e-12) break;
    // Jacobian by central differences (the polynomials are smooth and low order).
    const h = 1e-3;
    const j11 = 1 + (evaluate(sip.a, u + h, v) - evaluate(sip.a, u - h, v)) / (2 * h);
    const j12 = (evaluate(sip.a, u, v + h) - evaluate(sip.a, u, v - h)) / (2 * h);
    const j21 = (evaluate(sip.b, u + h, v) - evaluate(sip.b, u - h, v)) / (2 * h);
    const j22 = 1 + (evaluate(sip.b, u, v + h) - evaluate(sip.b, u, v - h)) / (2 * h);
    const det = j11 * j22 - j12 * j21;
    u -= (j22 * fu - j12 * fv) / det;
    v -= (-j21 * fu + j11 * fv) / det;
  }
  return [u, v];
}

export function normalizeRa(ra: number): number {
  const r = ra % 360;
  return r < 0 ? r + 360 : r;
}
