// Time and position at Subaru (Maunakea): MJD to the DATE-OBS/UT/HST/LST header strings, hour
// angle to altitude/azimuth/airmass, and the Moon's phase, for the synthetic frames of §4.8.

const DEG = Math.PI / 180;
export const SUBARU_LATITUDE = 19.8255;
/** East longitude, degrees (Maunakea is west of Greenwich). */
export const SUBARU_LONGITUDE = -155.4761;
/** MJD of the new moon of 2000-01-06 18:14 UT and the mean synodic month. */
const NEW_MOON_MJD = 51549.7597;
const SYNODIC_MONTH = 29.530588853;

export interface CivilTime {
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:MM:SS.sss' */
  time: string;
}

/** UT calendar date and time of an MJD. */
export function civilTime(mjd: number): CivilTime {
  const ms = Math.round((mjd - 40587) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 23) };
}

/** The MJD of a UT calendar date at 00:00. */
export function mjdOfDate(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000 + 40587;
}

/** Hawaii standard time (UT − 10 h) as 'HH:MM:SS.sss'. */
export function hstTime(mjd: number): string {
  return civilTime(mjd - 10 / 24).time;
}

/** Local sidereal time at Subaru, hours in [0, 24). */
export function lstHours(mjd: number): number {
  const d = mjd - 51544.5;
  const gmst = 18.697374558 + 24.06570982441908 * d;
  return mod(gmst + SUBARU_LONGITUDE / 15, 24);
}

/** LST as 'HH:MM:SS.sss'. */
export function formatHours(hours: number): string {
  const ms = Math.round(mod(hours, 24) * 3_600_000);
  return new Date(ms).toISOString().slice(11, 23);
}

/** Sexagesimal RA (hours) and Dec strings, as the RA2000/DEC2000 header cards. */
export function sexagesimalRa(raDeg: number): string {
  return formatHours(raDeg / 15);
}

export function sexagesimalDec(decDeg: number): string {
  const sign = decDeg < 0 ? '-' : '+';
  const totalCentiArcsec = Math.round(Math.abs(decDeg) * 360_000);
  const d = Math.floor(totalCentiArcsec / 360_000);
  const m = Math.floor((totalCentiArcsec % 360_000) / 6000);
  const s = (totalCentiArcsec % 6000) / 100;
  return `${sign}${pad2(d)}:${pad2(m)}:${s.toFixed(2).padStart(5, '0')}`;
}

export interface Horizontal {
  /** Altitude, degrees. */
  altitude: number;
  /** Azimuth, degrees from north through east. */
  azimuth: number;
  /** Airmass (Hardie 1962), +∞ below the horizon. */
  airmass: number;
  /** Hour angle, hours in (−12, 12]. */
  hourAngle: number;
}

/** Where (ra, dec) stands in the sky at Subaru at `mjd`. */
export function horizontal(raDeg: number, decDeg: number, mjd: number): Horizontal {
  const ha = mod(lstHours(mjd) - raDeg / 15 + 12, 24) - 12;
  const h = ha * 15 * DEG;
  const dec = decDeg * DEG;
  const lat = SUBARU_LATITUDE * DEG;
  const sinAlt = Math.sin(dec) * Math.sin(lat) + Math.cos(dec) * Math.cos(lat) * Math.cos(h);
  const alt = Math.asin(sinAlt);
  const az = Math.atan2(-Math.cos(dec) * Math.sin(h), Math.sin(dec) * Math.cos(lat) - Math.cos(dec) * Math.sin(lat) * Math.cos(h));
  return { altitude: alt / DEG, azimuth: mod(az / DEG, 360), airmass: airmassAt(alt / DEG), hourAngle: ha };
}

function airmassAt(altitudeDeg: number): number {
  if (altitudeDeg <= 0) return Number.POSITIVE_INFINITY;
  const secz = 1 / Math.sin(altitudeDeg * DEG) - 1;
  return 1 + secz - 0.0018167 * secz - 0.002875 * secz * secz - 0.0008083 * secz * secz * secz;
}

/** Illuminated fraction of the Moon (0 new, 1 full), from the mean synodic month. */
export function moonIllumination(mjd: number): number {
  const phase = mod((mjd - NEW_MOON_MJD) / SYNODIC_MONTH, 1);
  return (1 - Math.cos(2 * Math.PI * phase)) / 2;
}

/** MJD of the mean new moon nearest `mjd`. */
export function nearestNewMoon(mjd: number): number {
  return NEW_MOON_MJD + Math.round((mjd - NEW_MOON_MJD) / SYNODIC_MONTH) * SYNODIC_MONTH;
}

export const LUNATION_DAYS = SYNODIC_MONTH;

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
