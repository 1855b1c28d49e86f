// Times in FITS headers (FITS 4.0 §9.2, §4.4.2.1): MJD and ISO date values, and the span of
// observations behind an image (MJD-BEG to MJD-END), shared by the generator that writes them
// and the HiPS tiler that reads them.

/** Start and end of the observations behind an image, MJD (UTC). */
export interface ObservingSpan {
  mjdBeg: number;
  mjdEnd: number;
}

/** MJD of 1970-01-01T00:00 UTC. */
const MJD_OF_UNIX_EPOCH = 40587;
const MS_PER_DAY = 86_400_000;
const FITS_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d(?:\.\d*)?))?$/;

/** MJD of a FITS date value ('YYYY-MM-DD' or 'YYYY-MM-DDThh:mm:ss[.s…]'). */
export function mjdOfFitsDate(text: string): number | undefined {
  const m = FITS_DATE.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((s) => Number(s ?? 0)) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute) + second * 1000;
  return Number.isFinite(ms) ? ms / MS_PER_DAY + MJD_OF_UNIX_EPOCH : undefined;
}

/** The FITS date value 'YYYY-MM-DDThh:mm:ss.sss' (UTC) of an MJD. */
export function fitsDateOfMjd(mjd: number): string {
  return new Date(Math.round((mjd - MJD_OF_UNIX_EPOCH) * MS_PER_DAY)).toISOString().slice(0, 23);
}
