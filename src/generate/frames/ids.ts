// HSC frame and exposure identifiers (hsc-data.md §3.4): FRAMEID `HSCA{shot:06d}{sdo:02d}`,
// EXP-ID (`HSCA{visit:06d}00`, `HSCE{visit:08d}` from 2016-06-14), ccdname `{half}_{sdo:02d}`.

/** MJD of 2016-06-14, the first night with `HSCE` exposure ids. */
export const HSCE_SINCE_MJD = 57553;
/** MJD of 2012-01-01: `pointing` counts days from it. */
export const POINTING_EPOCH_MJD = 55927;

export interface ParsedFrameId {
  /** Even shot number of the exposure (the visit). */
  visit: number;
  /** 0 for the even shot, 1 for the odd one (the other half of the CCDs). */
  half: 0 | 1;
  /** SDO-ID 00–57 (T_SDOID). */
  sdo: number;
  ccdname: string;
}

const FRAME_ID = /^HSC([A-Z])(\d{6})(\d{2})$/;

/** The 12-character FRAMEID of CCD (half, sdo) of a visit; shots past 999999 take the next letter. */
export function frameId(visit: number, half: 0 | 1, sdo: number): string {
  const shot = visit + half;
  const letter = String.fromCharCode(65 + Math.floor(shot / 1_000_000));
  return `HSC${letter}${pad(shot % 1_000_000, 6)}${pad(sdo, 2)}`;
}

/** Parses a FRAMEID, or returns null when the text is not one. */
export function parseFrameId(id: string): ParsedFrameId | null {
  const m = FRAME_ID.exec(id);
  if (!m) return null;
  const shot = (m[1]!.charCodeAt(0) - 65) * 1_000_000 + Number(m[2]);
  const sdo = Number(m[3]);
  if (sdo > 57) return null;
  const half = (shot % 2) as 0 | 1;
  return { visit: shot - half, half, sdo, ccdname: ccdName(half, sdo) };
}

export function ccdName(half: 0 | 1, sdo: number): string {
  return `${half}_${pad(sdo, 2)}`;
}

/** EXP-ID of a visit observed on night `mjd`. */
export function expId(visit: number, mjd: number): string {
  if (mjd >= HSCE_SINCE_MJD) return `HSCE${pad(visit, 8)}`;
  const letter = String.fromCharCode(65 + Math.floor(visit / 1_000_000));
  return `HSC${letter}${pad(visit % 1_000_000, 6)}00`;
}

/** First and last FRAMEID of a visit's range, `HSCA{v}00`…`HSCA{v+1}57` (compared as strings). */
export function visitFrameRange(visit: number): { start: string; end: string } {
  return { start: frameId(visit, 0, 0), end: frameId(visit, 1, 57) };
}

/** `pointing` column: whole days since 2012-01-01. */
export function pointingOf(mjd: number): number {
  return Math.floor(mjd) - POINTING_EPOCH_MJD;
}

/** CCD exposure id `visit*200 + ccd` (hscMapper), used as `frame_num`. */
export function ccdExposureId(visit: number, detId: number): number {
  return visit * 200 + detId;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
