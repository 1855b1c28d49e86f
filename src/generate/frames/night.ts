// Rows of one observing night (hsc-data.md §4.8, §4.9): for every exposure its raw headers (as
// written, and the final truth after approved corrections), the processed science frames, the
// coadd-input rows of mosaicframe and the keyword-correction records that link the two headers.

import type { Band } from '../fields.ts';
import type { StreamId } from '../rng.ts';
import { streamFor } from '../rng.ts';
import type { Cell } from '../table.ts';
import { CAMERA, type Ccd } from './camera.ts';
import { formatValue, type CorrectionRecord, type HeaderRow } from './corrections.ts';
import { exposureRecords, type HeaderFix, type PlannedRecord } from './events.ts';
import { FIELD_RADIUS_DEG, ccdCorners, ccdWcs, patchesUnderCcd } from './footprint.ts';
import { ccdExposureId, ccdName, expId, frameId, pointingOf, visitFrameRange } from './ids.ts';
import { ccdConstants, ccdQa, median, nightConditions, visitConditions, type CcdConstants, type CcdQa, type NightConditions } from './qa.ts';
import { civilTime, formatHours, horizontal, hstTime, lstHours, moonIllumination, sexagesimalDec, sexagesimalRa } from './site.ts';
import { coaddFilter, skymapIdOf, type NightPlan, type PlannedExposure, type SurveyPlan } from './survey.ts';
import { QA_KEYWORDS, type QaKeyword } from './tables.ts';
import { PIXEL_SCALE_DEG } from '../skymap.ts';

/** Everything one exposure contributes. Rows are keyed by column name. */
export interface ExposureRows {
  exposure: PlannedExposure;
  /** raw_frame rows as written (before OK corrections). */
  raw: HeaderRow[];
  /** The same frames' final header truth (after OK corrections; APPLIED ones are already in raw). */
  truth: HeaderRow[];
  /** frame rows (science CCDs of science visits). */
  frames: Record<string, Cell>[];
  mosaicframe: Record<string, Cell>[];
  corrections: CorrectionRecord[];
}

const constantsCache = new Map<string, CcdConstants[]>();
function cameraConstants(seed: StreamId): CcdConstants[] {
  const key = String(seed);
  let c = constantsCache.get(key);
  if (c === undefined) {
    c = CAMERA.map((ccd) => ccdConstants(streamFor(seed, 'frames-camera', ccd.detId)));
    constantsCache.set(key, c);
  }
  return c;
}

/** TAI − UTC, seconds (leap seconds of 2015-07-01 and 2017-01-01). */
function taiMinusUtc(mjd: number): number {
  return mjd < 57204 ? 35 : mjd < 57754 ? 36 : 37;
}

const QA_COLUMN: Record<QaKeyword, string> = Object.fromEntries(QA_KEYWORDS.map(([k]) => [k, k.toLowerCase()])) as Record<QaKeyword, string>;

/** OSQAH keyword values of a science CCD. */
function qaKeywords(qa: CcdQa): Record<QaKeyword, number | null> {
  const os = qa.oslevel;
  return {
    T_SEEING: qa.seeing,
    T_TRANSP: null, // filled by the caller: a visit value
    T_MAGZER: qa.magzero,
    T_PSFELL: qa.ellipt,
    T_PSFPA: qa.ellPa,
    T_WCSRMS: qa.wcsRms,
    T_ZPRMS: qa.magzeroRms,
    T_N_WCS: qa.wcsNobj,
    T_N_ZP: qa.magzeroNobj,
    T_OSLVL: Number(((os[0] + os[1] + os[2] + os[3]) / 4).toFixed(1)),
    T_FLTNSS: qa.flatnessPp,
  };
}

const OBJECT_TYPOS: Record<string, string> = { GAMA09H: 'GAMA09', COSMOS: 'COSM0S' };

/** The keyword, CURRENT and UPDATED values of a fix on an exposure. */
function fixValues(fix: HeaderFix, e: PlannedExposure, truthOf: (column: string) => Cell): { keyword: string; current: Cell; updated: Cell; comment: string } {
  switch (fix.kind) {
    case 'qa-backfill':
      return { keyword: fix.keyword, current: null, updated: truthOf(QA_COLUMN[fix.keyword]), comment: 'update for QA keyword' };
    case 'test-datatyp':
      return { keyword: 'DATA-TYP', current: 'OBJECT', updated: 'BIAS', comment: 'test bias, not science' };
    case 'test-purpose':
      return { keyword: 'T_PURPOS', current: 'OBJECT', updated: 'TEST', comment: 'test exposure' };
    case 'datatyp-mislabel':
      return { keyword: 'DATA-TYP', current: 'DOMEFLAT', updated: 'OBJECT', comment: 'mislabelled flat: on-sky exposure' };
    case 'prog-swap':
      return { keyword: 'T_PROG', current: e.prog === 'SSP-Wide' ? 'SSP-Deep' : 'SSP-Wide', updated: e.prog, comment: 'program tag fix' };
    case 'filter-i2':
      return { keyword: 'FILTER01', current: 'HSC-i', updated: 'HSC-i2', comment: 'filter name after the i2 exchange' };
    case 'object-typo':
      return { keyword: 'OBJECT', current: OBJECT_TYPOS[e.object] ?? `${e.object}_`, updated: e.object, comment: 'field name' };
    case 'radec-typo': {
      const ra = String(truthOf('ra2000'));
      const digit = ra.charAt(1) === '9' ? '8' : String(Number(ra.charAt(1)) + 1);
      return { keyword: 'RA2000', current: `${ra.charAt(0)}${digit}${ra.slice(2)}`, updated: ra, comment: 'RA2000 typo' };
    }
    default: {
      const never: never = fix;
      throw new Error(`unknown fix ${JSON.stringify(never)}`);
    }
  }
}

const DATATYPE: Record<string, CorrectionRecord['datatype']> = { T_N_WCS: 'int', T_N_ZP: 'int' };
function datatypeOf(keyword: string): CorrectionRecord['datatype'] {
  return DATATYPE[keyword] ?? (keyword.startsWith('T_') && keyword !== 'T_PROG' && keyword !== 'T_PURPOS' ? 'float' : 'string');
}

function isoAt(mjd: number): string {
  return new Date(Math.round((mjd - 40587) * 86_400_000)).toISOString();
}

export interface NightContext {
  plan: SurveyPlan;
  night: NightPlan;
  /** sheet_row of the night's first record. */
  sheetRowBase: number;
  /** The first exposure of the next night (for NG records whose range crosses nights), if any. */
  nextNightVisit: number | null;
}

/** Generates one exposure's rows; `recordIndex` numbers the night's records so far. */
export function exposureRows(ctx: NightContext, e: PlannedExposure, recordIndex: number): ExposureRows {
  const { seed } = ctx.plan;
  const nightCond: NightConditions = nightConditions(streamFor(seed, 'frames-night', e.night));
  const consts = cameraConstants(seed);
  const midMjd = e.mjd + e.exptime / 2 / 86400;
  const science = e.kind === 'science';
  const hz = science ? horizontal(e.pointing.ra, e.pointing.dec, midMjd) : { altitude: 90, azimuth: 0, airmass: 1, hourAngle: 0 };
  const t = civilTime(e.mjd);
  const vrng = streamFor(seed, 'frames-visit', e.visit);
  const moon = moonIllumination(e.mjd) * (vrng.chance(0.6) ? 1 : 0);
  const cond = science ? visitConditions(vrng, nightCond, e.band, e.exptime, hz.airmass, moon) : null;
  const ptRa = science ? e.pointing.ra : (lstHours(e.mjd) * 15) % 360;
  const ptDec = e.pointing.dec;
  const datatyp = e.kind === 'science' || e.kind === 'TEST' ? 'OBJECT' : e.kind;
  const purpose = e.kind === 'science' || e.kind === 'TEST' ? 'OBJECT' : e.kind;

  // Base headers (what was right at write time) and per-CCD QA of science CCDs.
  const qaByDet = new Map<number, CcdQa>();
  const base: HeaderRow[] = [];
  for (const ccd of CAMERA) {
    const k = consts[ccd.detId]!;
    const crng = streamFor(seed, 'frames-ccd', e.visit, ccd.detId);
    const h: HeaderRow = {
      frame_id: frameId(e.visit, ccd.half, ccd.sdo),
      exp_id: expId(e.visit, e.night),
      visit: e.visit,
      det_id: ccd.detId,
      t_sdoid: ccd.sdo,
      ccdname: ccdName(ccd.half, ccd.sdo),
      data_typ: datatyp,
      obs_mod: 'IMAG',
      object: e.object,
      t_prog: e.prog,
      t_purpos: purpose,
      t_pntgid: e.pntgid || null,
      filter01: e.filter01,
      exptime: e.exptime,
      date_obs: t.date,
      ut: t.time,
      mjd: Number(e.mjd.toFixed(8)),
      ra2000: sexagesimalRa(ptRa),
      dec2000: sexagesimalDec(ptDec),
      airmass: Number(hz.airmass.toFixed(3)),
      azimuth: Number(hz.azimuth.toFixed(3)),
      altitude: Number(hz.altitude.toFixed(3)),
      inst_pa: e.pointing.pa,
      t_ccdtv: Number(crng.between(-101.5, -98.5).toFixed(2)),
      t_gain1: Number(k.gain[0].toFixed(3)),
      t_gain2: Number(k.gain[1].toFixed(3)),
      t_gain3: Number(k.gain[2].toFixed(3)),
      t_gain4: Number(k.gain[3].toFixed(3)),
    };
    for (const [kw] of QA_KEYWORDS) h[QA_COLUMN[kw]] = null;
    if (cond !== null && ccd.kind === 'science') {
      const radius = (Math.hypot(ccd.cx, ccd.cy) * PIXEL_SCALE_DEG) / FIELD_RADIUS_DEG;
      const qa = ccdQa(crng, cond, k, nightCond, radius);
      qaByDet.set(ccd.detId, qa);
      const kv = qaKeywords(qa);
      kv.T_TRANSP = Number(cond.transp.toFixed(3));
      for (const [kw] of QA_KEYWORDS) h[QA_COLUMN[kw]] = kv[kw];
    }
    base.push(h);
  }

  // Corrections: a QA back-fill replaces the per-CCD values by the visit medians on every frame.
  const planned = exposureRecords(seed, e, ctx.nextNightVisit !== null);
  const visitMedian = (column: string): Cell => {
    const v = median(base.map((h) => (typeof h[column] === 'number' ? (h[column] as number) : null)));
    if (v === null) return null;
    return column === 't_n_wcs' || column === 't_n_zp' ? Math.round(v) : Number(v.toFixed(4));
  };
  const raw = base.map((h) => ({ ...h }));
  const truth = base.map((h) => ({ ...h }));
  const records: CorrectionRecord[] = [];
  const range = visitFrameRange(e.visit);
  const rrng = streamFor(seed, 'frames-records', e.visit);
  planned.forEach((p: PlannedRecord) => {
    const truthOf = (column: string): Cell => (p.fix.kind === 'qa-backfill' ? visitMedian(column) : truth[0]![column] ?? null);
    const { keyword, current, updated, comment } = fixValues(p.fix, e, truthOf);
    if (updated === null) return; // nothing to back-fill (e.g. every WCS fit failed)
    const column = keyword.toLowerCase().replace(/-/g, '_');
    if (p.status !== 'NG') {
      for (let f = 0; f < raw.length; f++) {
        raw[f]![column] = p.status === 'APPLIED' ? updated : current;
        truth[f]![column] = p.status === 'PENDING' ? current : updated;
      }
    }
    const created = e.night + 1 + rrng.between(0, 30);
    const checked = p.status === 'PENDING' ? null : created + rrng.between(0, 5);
    let rec: CorrectionRecord = {
      correctionId: pointingOf(e.night) * 10000 + recordIndex + records.length,
      sheetRow: ctx.sheetRowBase + recordIndex + records.length,
      startFrame: range.start,
      endFrame: range.end,
      keyword,
      currentValue: current === null ? null : formatValue(current),
      updatedValue: formatValue(updated),
      datatype: datatypeOf(keyword),
      comment,
      checkStatus: p.status,
      checkedBy: checked === null ? null : `qa${1 + rrng.int(4)}`,
      checkedAt: checked === null ? null : isoAt(checked),
      createdAt: isoAt(created),
    };
    if (p.flaw !== undefined) rec = flawed(rec, p.flaw, ctx.nextNightVisit);
    records.push(rec);
  });

  const frames: Record<string, Cell>[] = [];
  const mosaicframe: Record<string, Cell>[] = [];
  if (cond !== null) {
    const visitMagzero = median([...qaByDet.values()].map((q) => q.magzero));
    for (const ccd of CAMERA) {
      const qa = qaByDet.get(ccd.detId);
      if (qa === undefined) continue;
      const tr = truth[ccd.detId]!;
      frames.push(frameRow(e, ccd, qa, cond.transp, hz, tr, visitMagzero));
      const corners = ccdCorners(ccdWcs(e.pointing, ccd));
      const under = new Map<number, Set<number>>();
      for (const tract of new Set(e.inputs.map((l) => l.tract))) {
        under.set(tract, new Set(patchesUnderCcd(corners, tract).map((p) => p.px * 100 + p.py)));
      }
      for (const loc of e.inputs) {
        if (!under.get(loc.tract)!.has(loc.px * 100 + loc.py)) continue;
        mosaicframe.push({
          skymap_id: skymapIdOf(loc),
          filter01: coaddFilter(e.band),
          pointing: pointingOf(e.night),
          frame_num: ccdExposureId(e.visit, ccd.detId),
          frame_id: tr.frame_id,
          visit: e.visit,
          ccd: ccd.detId,
        });
      }
    }
  }
  return { exposure: e, raw, truth, frames, mosaicframe, corrections: records };
}

/** An NG copy of a record: a value out of range, a value of the wrong type, or a range into the next night. */
function flawed(rec: CorrectionRecord, flaw: 'out-of-range' | 'type-mismatch' | 'crosses-nights', nextNightVisit: number | null): CorrectionRecord {
  const ng = { ...rec, checkStatus: 'NG' as const, comment: `${rec.comment} (NG)` };
  switch (flaw) {
    case 'out-of-range':
      return { ...ng, updatedValue: rec.datatype === 'string' ? `${rec.updatedValue}?` : rec.datatype === 'int' ? '-5' : '99999.9' };
    case 'type-mismatch':
      return rec.datatype === 'string' ? { ...ng, datatype: 'int' } : { ...ng, updatedValue: 'n/a' };
    case 'crosses-nights':
      return { ...ng, endFrame: visitFrameRange(nextNightVisit ?? 0).end };
    default: {
      const never: never = flaw;
      return never;
    }
  }
}

function frameRow(
  e: PlannedExposure,
  ccd: Ccd,
  qa: CcdQa,
  transp: number,
  hz: { altitude: number; azimuth: number; airmass: number; hourAngle: number },
  header: HeaderRow,
  visitMagzero: number | null,
): Record<string, Cell> {
  const truth = (column: string): Cell => header[column] ?? null;
  const w = ccdWcs(e.pointing, ccd);
  const c = ccdCorners(w);
  const mid = ccdCentre(w);
  const t = civilTime(e.mjd);
  const parallactic = parallacticAngle(hz.hourAngle, e.pointing.dec);
  const round = (v: number, d: number): number => Number(v.toFixed(d));
  const row: Record<string, Cell> = {
    frame_num: ccdExposureId(e.visit, ccd.detId),
    frame_id: truth('frame_id'),
    exp_id: truth('exp_id'),
    visit: e.visit,
    ccd: ccd.detId,
    ccdname: truth('ccdname'),
    pointing: pointingOf(e.night),
    ccdtemp: truth('t_ccdtv'),
    object: truth('object'),
    naxis1: 2048,
    naxis2: 4176,
    bin_fct1: 1,
    bin_fct2: 1,
    ra: round(mid.ra, 7),
    dec: round(mid.dec, 7),
    equinox: 2000,
    ra2000: round(e.pointing.ra, 7),
    dec2000: round(e.pointing.dec, 7),
    radecsys: 'ICRS',
    ctype1: 'RA---TAN',
    ctype2: 'DEC--TAN',
    cunit1: 'deg',
    cunit2: 'deg',
    crpix1: round(w.crpix1, 2),
    crpix2: round(w.crpix2, 2),
    crval1: round(w.crval1, 7),
    crval2: round(w.crval2, 7),
    cd1_1: w.cd1_1,
    cd1_2: w.cd1_2,
    cd2_1: w.cd2_1,
    cd2_2: w.cd2_2,
    llcra: round(c.ll.ra, 7),
    llcdec: round(c.ll.dec, 7),
    ulcra: round(c.ul.ra, 7),
    ulcdec: round(c.ul.dec, 7),
    urcra: round(c.ur.ra, 7),
    urcdec: round(c.ur.dec, 7),
    lrcra: round(c.lr.ra, 7),
    lrcdec: round(c.lr.dec, 7),
    pa: e.pointing.pa,
    insrot: round((((e.pointing.pa - parallactic) % 360) + 540) % 360 - 180, 3),
    date_obs: t.date,
    mjd: truth('mjd'),
    taiobs: civilTime(e.mjd + taiMinusUtc(e.mjd) / 86400).time,
    ut: t.time,
    hst: hstTime(e.mjd),
    lst: formatHours(lstHours(e.mjd)),
    azimuth: round(hz.azimuth, 3),
    elevation: round(hz.altitude, 3),
    airmass: round(hz.airmass, 3),
    filter01: e.filter01.toUpperCase(),
    filter: e.band,
    exptime: e.exptime,
    data_typ: 'OBJECT',
    gain1: qa.gain[0],
    gain2: qa.gain[1],
    gain3: qa.gain[2],
    gain4: qa.gain[3],
    oslevel0: qa.oslevel[0],
    oslevel1: qa.oslevel[1],
    oslevel2: qa.oslevel[2],
    oslevel3: qa.oslevel[3],
    ossigma0: qa.ossigma[0],
    ossigma1: qa.ossigma[1],
    ossigma2: qa.ossigma[2],
    ossigma3: qa.ossigma[3],
    skylevel: qa.skylevel,
    sigma_sky: qa.sigmaSky,
    flatness_pp: qa.flatnessPp,
    flatness_rms: qa.flatnessRms,
    flatness_ngrids: 32,
    flatness_meshx: 256,
    flatness_meshy: 512,
    seeing: qa.seeing,
    ellipt: qa.ellipt,
    ell_pa: qa.ellPa,
    wcs_nobj: qa.wcsNobj,
    wcs_siporder: 3,
    wcs_rms: qa.wcsRms,
    fluxmag0: qa.fluxmag0,
    fluxmag0err: qa.fluxmag0err,
    zeropt: qa.zeropt,
    zeropt_err: qa.magzeroRms === null ? null : round(qa.magzeroRms / Math.sqrt(Math.max(1, qa.magzeroNobj)), 5),
    zeropt_ccd: qa.magzero === null || visitMagzero === null ? null : round(qa.magzero - visitMagzero, 4),
    magzero: qa.magzero,
    magzero_rms: qa.magzeroRms,
    magzero_nobj: qa.magzeroNobj,
    transp: round(transp, 3),
    maglimit: qa.maglimit,
    colorterm1: COLOR_TERMS[e.band][0],
    colorterm2: COLOR_TERMS[e.band][1],
    colorterm3: COLOR_TERMS[e.band][2],
    color: COLOR_OF[e.band],
    nobj_bright: qa.nobjBright,
    nobj_matched: qa.nobjMatched,
    flag_auto: qa.flagAuto,
    regist_id: ccdExposureId(e.visit, ccd.detId),
    prog: truth('t_prog'),
    pntgid: truth('t_pntgid'),
    purpos: truth('t_purpos'),
    datset: `${e.prog}-${t.date}`,
    refcat: 'PS1',
  };
  return row;
}

/** PS1 → HSC colour terms (c0, c1, c2) per band and the colour they use (illustrative values). */
const COLOR_TERMS: Record<Band, [number, number, number]> = {
  g: [-0.00569, -0.0427, 0],
  r: [0.00261, 0.0266, 0],
  i: [0.00166, -0.0136, 0],
  z: [-0.00907, 0.0105, 0],
  y: [-0.00156, 0.0117, 0],
};
const COLOR_OF: Record<Band, string> = { g: 'g-r', r: 'r-i', i: 'r-i', z: 'i-z', y: 'z-y' };

function ccdCentre(w: ReturnType<typeof ccdWcs>): { ra: number; dec: number } {
  const c = ccdCorners(w);
  // The mean of the corners is within a fraction of an arcsecond of the true centre at this scale.
  const ra0 = c.ll.ra;
  const dra = (ra: number): number => ((ra - ra0 + 540) % 360) - 180;
  const ra = ra0 + (dra(c.ll.ra) + dra(c.ul.ra) + dra(c.ur.ra) + dra(c.lr.ra)) / 4;
  return { ra: ((ra % 360) + 360) % 360, dec: (c.ll.dec + c.ul.dec + c.ur.dec + c.lr.dec) / 4 };
}

function parallacticAngle(hourAngleH: number, decDeg: number): number {
  const DEG = Math.PI / 180;
  const h = hourAngleH * 15 * DEG;
  const lat = 19.8255 * DEG;
  const d = decDeg * DEG;
  return Math.atan2(Math.sin(h), Math.tan(lat) * Math.cos(d) - Math.sin(d) * Math.cos(h)) / DEG;
}

/** Generates a whole night exposure by exposure (a generator, so callers can stream). */
export function* nightRows(ctx: NightContext): Generator<ExposureRows> {
  let recordIndex = 0;
  for (const e of ctx.night.exposures) {
    const rows = exposureRows(ctx, e, recordIndex);
    recordIndex += rows.corrections.length;
    yield rows;
  }
}
