// On-site QA values of a visit and its CCDs (hsc-data.md §4.8 table; OSQAH keys of §1.6) as pure
// functions of random streams: night seeing, transparency classes, zero points, sky, PSF shape.

import { SEEING_MEDIAN, type Band } from '../fields.ts';
import type { Rng } from '../rng.ts';
import { PIXEL_SCALE_ARCSEC } from '../skymap.ts';

/** Zero point for 1 ADU/s at airmass 1 (NAOJ "1 e⁻/s" values minus 2.5·log10(gain 3.3)). */
export const MAGZERO_NOMINAL: Record<Band, number> = { g: 27.5, r: 27.6, i: 27.2, z: 26.2, y: 25.9 };
/** Extinction per airmass, mag. */
export const EXTINCTION_K: Record<Band, number> = { g: 0.17, r: 0.1, i: 0.06, z: 0.05, y: 0.05 };
/** Dark-sky surface brightness, mag/arcsec² (estimate). */
export const DARK_SKY: Record<Band, number> = { g: 22.0, r: 21.1, i: 20.3, z: 19.3, y: 18.2 };
/** How much of the 0–1.5 mag moonlight each band sees. */
const MOON_WEIGHT: Record<Band, number> = { g: 1, r: 0.8, i: 0.5, z: 0.35, y: 0.25 };
const PIXEL_AREA_ARCSEC2 = PIXEL_SCALE_ARCSEC * PIXEL_SCALE_ARCSEC;
const READ_NOISE_E = 4.5;

/** Conditions shared by every visit of a night. */
export interface NightConditions {
  /** Multiplies the band's median seeing: lognormal σ 0.2, with a bad-seeing tail. */
  seeingFactor: number;
  /** Overscan drift of the night, ADU (±3). */
  overscanDrift: number;
}

/** Bad-seeing nights (jet stream, ground layer): 12% of nights, seeing ×1.5–2.2. */
const BAD_NIGHT_RATE = 0.12;

export function nightConditions(rng: Rng): NightConditions {
  let seeingFactor = rng.lognormal(0, 0.2);
  if (rng.chance(BAD_NIGHT_RATE)) seeingFactor *= rng.between(1.5, 2.2);
  return { seeingFactor, overscanDrift: rng.between(-3, 3) };
}

export type TransparencyClass = 'photometric' | 'thin' | 'cloudy';

/** Transparency: 0.85–1.0 for 80% of visits, 0.4–0.85 for 15%, < 0.4 (0.1–0.4) for 5%. */
export function transparency(rng: Rng): number {
  const u = rng.uniform();
  if (u < 0.8) return rng.between(0.85, 1.0);
  if (u < 0.95) return rng.between(0.4, 0.85);
  return rng.between(0.1, 0.4);
}

export function transparencyClass(t: number): TransparencyClass {
  return t >= 0.85 ? 'photometric' : t >= 0.4 ? 'thin' : 'cloudy';
}

/** What a visit's conditions were: the inputs of the per-CCD values. */
export interface VisitConditions {
  band: Band;
  exptime: number;
  airmass: number;
  /** Moon illumination 0–1 when the Moon is up (0 otherwise). */
  moon: number;
  /** Visit-level seeing FWHM, arcsec. */
  seeing: number;
  transp: number;
  /** Visit-level magzero (mag for 1 ADU/s). */
  magzero: number;
  /** Sky surface brightness, mag/arcsec². */
  skyMu: number;
  ellipt: number;
  ellPa: number;
  /** The visit had a tracking problem (elongated PSF). */
  tracking: boolean;
  /** Photometric calibration failed (too few stars through the clouds). */
  zpFailed: boolean;
}

export function visitConditions(rng: Rng, night: NightConditions, band: Band, exptime: number, airmass: number, moon: number): VisitConditions {
  const seeing = SEEING_MEDIAN[band] * night.seeingFactor * rng.lognormal(0, 0.08);
  const transp = transparency(rng);
  const magzero = MAGZERO_NOMINAL[band] - EXTINCTION_K[band] * (airmass - 1) + 2.5 * Math.log10(transp) + rng.gauss(0, 0.02);
  const skyMu = DARK_SKY[band] - MOON_WEIGHT[band] * moon * rng.between(0, 1.5) - 0.3 * Math.min(1, airmass - 1) * rng.uniform();
  const tracking = rng.chance(0.02);
  let ellipt = rng.beta(2, 40);
  if (tracking) ellipt += rng.between(0.05, 0.1);
  const ellPa = rng.between(-90, 90);
  return { band, exptime, airmass, moon, seeing, transp, magzero, skyMu, ellipt, ellPa, tracking, zpFailed: transp < 0.15 };
}

/** Per-CCD and per-amplifier constants of the camera (stable over the survey). */
export interface CcdConstants {
  gain: [number, number, number, number];
  oslevel: [number, number, number, number];
}

export function ccdConstants(rng: Rng): CcdConstants {
  const four = (lo: number, hi: number): [number, number, number, number] => [
    rng.between(lo, hi),
    rng.between(lo, hi),
    rng.between(lo, hi),
    rng.between(lo, hi),
  ];
  return { gain: four(3.0, 3.8), oslevel: four(900, 1500) };
}

/** The OSQAH values of one science CCD, rounded as they are written to headers. */
export interface CcdQa {
  ccdtemp: number;
  gain: [number, number, number, number];
  oslevel: [number, number, number, number];
  ossigma: [number, number, number, number];
  skylevel: number;
  sigmaSky: number;
  flatnessPp: number;
  flatnessRms: number;
  seeing: number;
  ellipt: number;
  ellPa: number;
  /** null when the astrometric fit failed. */
  wcsRms: number | null;
  wcsNobj: number;
  magzero: number | null;
  magzeroRms: number | null;
  magzeroNobj: number;
  zeropt: number | null;
  fluxmag0: number | null;
  fluxmag0err: number | null;
  maglimit: number | null;
  nobjBright: number;
  nobjMatched: number;
  /** Bits: 1 seeing > 1.3″, 2 transp < 0.3, 4 WCS failed, 8 ZP failed. */
  flagAuto: number;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/**
 * One CCD's QA values. `radius` is the CCD centre's distance from the axis as a fraction of the
 * field radius: the PSF is 5% wider at the edge.
 */
export function ccdQa(rng: Rng, visit: VisitConditions, consts: CcdConstants, night: NightConditions, radius: number): CcdQa {
  const seeing = visit.seeing * (1 + 0.05 * radius * radius) * (1 + rng.gauss(0, 0.03));
  const ellipt = Math.max(0.001, visit.ellipt * (1 + rng.gauss(0, 0.15)) + 0.01 * radius * rng.uniform());
  let ellPa = visit.ellPa + rng.gauss(0, 5);
  if (ellPa > 90) ellPa -= 180;
  if (ellPa <= -90) ellPa += 180;
  const gainMean = (consts.gain[0] + consts.gain[1] + consts.gain[2] + consts.gain[3]) / 4;
  const ccdZp = rng.gauss(0, 0.01);
  const magzero = visit.magzero + ccdZp;
  const skyRate = PIXEL_AREA_ARCSEC2 * Math.pow(10, -0.4 * (visit.skyMu - magzero));
  const skylevel = visit.exptime * skyRate;
  const sigmaSky = Math.sqrt(skylevel / gainMean + (READ_NOISE_E / gainMean) ** 2);
  const wcsFailed = rng.chance(0.005);
  const starScale = Math.sqrt(0.7 / seeing) * Math.sqrt(Math.max(visit.transp, 0.1));
  const wcsNobj = wcsFailed ? rng.int(10) : Math.round(Math.min(400, Math.max(40, rng.between(80, 300) * starScale)));
  const magzeroNobj = visit.zpFailed ? rng.int(10) : Math.round(Math.min(300, Math.max(20, rng.between(40, 250) * starScale)));
  const magzeroRms = rng.between(0.01, 0.04);
  const zeropt = magzero + 2.5 * Math.log10(visit.exptime);
  const psfSigmaPx = seeing / 2.355 / PIXEL_SCALE_ARCSEC;
  const f5 = 5 * sigmaSky * Math.sqrt(4 * Math.PI * psfSigmaPx * psfSigmaPx);
  const flatnessPp = Math.min(0.03, rng.between(0.005, 0.02) + 0.01 * visit.moon + (visit.band === 'y' ? 0.004 : 0));
  const zp = !visit.zpFailed;
  const flagAuto = (seeing > 1.3 ? 1 : 0) | (visit.transp < 0.3 ? 2 : 0) | (wcsFailed ? 4 : 0) | (zp ? 0 : 8);
  return {
    ccdtemp: round(rng.between(-101.5, -98.5), 2),
    gain: consts.gain.map((g) => round(g, 3)) as CcdQa['gain'],
    oslevel: consts.oslevel.map((o) => round(o + night.overscanDrift + rng.gauss(0, 0.3), 1)) as CcdQa['oslevel'],
    ossigma: [0, 1, 2, 3].map(() => round(rng.between(1.2, 1.6), 3)) as CcdQa['ossigma'],
    skylevel: round(skylevel, 2),
    sigmaSky: round(sigmaSky, 3),
    flatnessPp: round(flatnessPp, 4),
    flatnessRms: round((flatnessPp / 4) * (1 + rng.gauss(0, 0.1)), 5),
    seeing: round(seeing, 3),
    ellipt: round(ellipt, 4),
    ellPa: round(ellPa, 2),
    wcsRms: wcsFailed ? null : round(Math.min(0.06, Math.max(0.02, rng.lognormal(Math.log(0.035), 0.2))), 4),
    wcsNobj,
    magzero: zp ? round(magzero, 4) : null,
    magzeroRms: zp ? round(magzeroRms, 4) : null,
    magzeroNobj,
    zeropt: zp ? round(zeropt, 4) : null,
    fluxmag0: zp ? round(Math.pow(10, 0.4 * zeropt), 1) : null,
    fluxmag0err: zp ? round(Math.pow(10, 0.4 * zeropt) * magzeroRms * 0.4 * Math.LN10, 1) : null,
    maglimit: zp ? round(zeropt - 2.5 * Math.log10(f5), 3) : null,
    nobjBright: Math.round(wcsNobj * rng.between(1.5, 3)),
    nobjMatched: wcsNobj,
    flagAuto,
  };
}

/** Median of the non-null values (null when there are none). */
export function median(values: ReadonlyArray<number | null>): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
