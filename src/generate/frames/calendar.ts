// The observing calendar of the synthetic survey (hsc-data.md §4.8): SSP runs of 3–6 dark/grey
// nights inside the real semesters S14A–S21A, and the visit-number clock of §3.4.

import type { Rng } from '../rng.ts';
import { LUNATION_DAYS, civilTime, mjdOfDate, moonIllumination, nearestNewMoon } from './site.ts';

/** First and last night of the SSP semesters used (S14A starts 2014-02-01, S21A ends 2021-07-31). */
export const SURVEY_START_MJD = mjdOfDate(2014, 3, 1);
export const SURVEY_END_MJD = mjdOfDate(2021, 7, 31);

/**
 * Measured (MJD, visit) anchors: 40900 on 2015-10-10 and 227770 on 2020-10-09 (§3.4); the first
 * anchor stands for the early SSP, when the counter grew slower than the 101.6/day fit.
 */
const VISIT_ANCHORS: ReadonlyArray<readonly [number, number]> = [
  [mjdOfDate(2014, 3, 1), 1000],
  [57305, 40900],
  [59131, 227770],
];

/** The visit counter's trend value at `mjd` (piecewise linear through the anchors, rounded to even). */
export function visitClock(mjd: number): number {
  let i = 0;
  while (i < VISIT_ANCHORS.length - 2 && mjd > VISIT_ANCHORS[i + 1]![0]) i++;
  const [m0, v0] = VISIT_ANCHORS[i]!;
  const [m1, v1] = VISIT_ANCHORS[i + 1]!;
  const v = v0 + ((v1 - v0) * (mjd - m0)) / (m1 - m0);
  return 2 * Math.max(1, Math.round(v / 2));
}

/** Semester name of a night: S14A = Feb–Jul 2014, S14B = Aug 2014–Jan 2015. */
export function semesterOf(mjd: number): string {
  const [y, m] = civilTime(mjd).date.split('-').map(Number) as [number, number];
  if (m >= 2 && m <= 7) return `S${String(y % 100).padStart(2, '0')}A`;
  const year = m === 1 ? y - 1 : y;
  return `S${String(year % 100).padStart(2, '0')}B`;
}

/** UT months (1–12) in which the spring fields (RA 120–160) are up for most of the night. */
const SPRING_FIELD_MONTHS = new Set([12, 1, 2, 3, 4, 5]);

/**
 * Nights (integer MJD of the UT date; a Maunakea night runs ≈05–16 h UT on that date) for
 * `count` nights: runs of 3–6 consecutive nights around new moons of the months when the spring
 * fields are observable, chosen at random from the survey's semesters, in time order.
 */
export function chooseNights(rng: Rng, count: number): number[] {
  const lunations: number[] = [];
  for (let nm = nearestNewMoon(SURVEY_START_MJD); nm < SURVEY_END_MJD; nm += LUNATION_DAYS) {
    const month = Number(civilTime(nm).date.slice(5, 7));
    if (nm >= SURVEY_START_MJD && SPRING_FIELD_MONTHS.has(month)) lunations.push(nm);
  }
  const nights = new Set<number>();
  const pool = [...lunations];
  while (nights.size < count && pool.length > 0) {
    const pick = pool.splice(rng.int(pool.length), 1)[0]!;
    const length = Math.min(3 + rng.int(4), count - nights.size);
    // Runs start up to 5 nights before the new moon: dark and grey time.
    const first = Math.floor(pick) - rng.int(6);
    for (let k = 0; k < length; k++) {
      const night = first + k;
      if (night >= SURVEY_START_MJD && night <= SURVEY_END_MJD && moonIllumination(night + 0.4) < 0.6) nights.add(night);
    }
  }
  return [...nights].sort((a, b) => a - b).slice(0, count);
}
