// When the data of a HiPS were observed (HiPS 1.0 §4.4.1 t_min, t_max, MJD): the span of each
// source image from its FITS time cards (FITS 4.0 §9.2: MJD-BEG/END, DATE-BEG/END, MJD-OBS,
// DATE-OBS), and the span of a whole HiPS as the properties file states it.
import { headerNumber, headerString, type HeaderCard } from '../fits/header.ts';
import { mjdOfFitsDate, type ObservingSpan } from '../fits/time.ts';

/** An instant given by an MJD card or, failing that, by a DATE card. */
function cardInstant(cards: readonly HeaderCard[], mjdKey: string, dateKey: string): number | undefined {
  const mjd = headerNumber(cards, mjdKey);
  if (mjd !== undefined && Number.isFinite(mjd)) return mjd;
  const date = headerString(cards, dateKey);
  return date === undefined ? undefined : mjdOfFitsDate(date);
}

/**
 * The span an image header states: MJD-BEG/DATE-BEG (else MJD-OBS/DATE-OBS) to MJD-END/DATE-END
 * (else the start: a header that gives only a start claims only that instant). Null when the
 * header gives no time. The time scale (TIMESYS) is taken as is: at most a minute, far below
 * what t_min/t_max serve for.
 */
export function observingSpanOf(cards: readonly HeaderCard[]): ObservingSpan | null {
  const beg = cardInstant(cards, 'MJD-BEG', 'DATE-BEG') ?? cardInstant(cards, 'MJD-OBS', 'DATE-OBS');
  if (beg === undefined) return null;
  const end = cardInstant(cards, 'MJD-END', 'DATE-END') ?? beg;
  return end >= beg ? { mjdBeg: beg, mjdEnd: end } : null;
}

/**
 * The span of every source together; null when any source has none (`undefined` is a source
 * recorded by a build before sources carried their span), since a range over only some of the
 * inputs would claim less than the HiPS shows.
 */
export function combinedSpan(spans: readonly (ObservingSpan | null | undefined)[]): ObservingSpan | null {
  if (spans.length === 0) return null;
  let mjdBeg = Infinity;
  let mjdEnd = -Infinity;
  for (const s of spans) {
    if (!s) return null;
    mjdBeg = Math.min(mjdBeg, s.mjdBeg);
    mjdEnd = Math.max(mjdEnd, s.mjdEnd);
  }
  return { mjdBeg, mjdEnd };
}

/** Decimals of t_min/t_max: 1e-5 d is under a second. */
const T_DECIMALS = 5;

/** t_min and t_max, rounded outwards so that the stated range still holds every input epoch. */
export function timeProperties(span: ObservingSpan | null): [string, string][] {
  if (!span) return [];
  const f = 10 ** T_DECIMALS;
  return [
    ['t_min', (Math.floor(span.mjdBeg * f) / f).toFixed(T_DECIMALS)],
    ['t_max', (Math.ceil(span.mjdEnd * f) / f).toFixed(T_DECIMALS)],
  ];
}
