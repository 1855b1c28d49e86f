// The events behind keyword-correction records (hsc-data.md §4.9): which exposures get a QA
// back-fill or a header fix, and each record's check status. Decided per exposure from its own
// random stream, without computing frame values, so sheet rows can be numbered over the survey.

import { streamFor, type Rng, type StreamId } from '../rng.ts';
import type { CheckStatus } from './corrections.ts';
import type { PlannedExposure, SurveyPlan } from './survey.ts';
import { QA_KEYWORDS, type QaKeyword } from './tables.ts';

export type HeaderFix =
  | { kind: 'qa-backfill'; keyword: QaKeyword }
  | { kind: 'test-datatyp' }
  | { kind: 'test-purpose' }
  | { kind: 'datatyp-mislabel' }
  | { kind: 'prog-swap' }
  | { kind: 'filter-i2' }
  | { kind: 'object-typo' }
  | { kind: 'radec-typo' };

export type NgFlaw = 'out-of-range' | 'type-mismatch' | 'crosses-nights';

/** One record to write: a fix with its status, or a flawed (NG) copy of a fix. */
export interface PlannedRecord {
  fix: HeaderFix;
  status: CheckStatus;
  /** Present on NG records: what is wrong with them. */
  flaw?: NgFlaw;
}

function drawStatus(rng: Rng): CheckStatus {
  const u = rng.uniform();
  return u < 0.1 ? 'APPLIED' : u < 0.13 ? 'PENDING' : 'OK';
}

/** The fixes an exposure needs (before statuses). */
function fixesOf(rng: Rng, e: PlannedExposure): HeaderFix[] {
  if (e.kind === 'TEST') return [{ kind: 'test-datatyp' }, { kind: 'test-purpose' }];
  if (e.kind !== 'science') return [];
  const fixes: HeaderFix[] = [];
  if (rng.chance(0.1)) for (const [keyword] of QA_KEYWORDS) fixes.push({ kind: 'qa-backfill', keyword });
  if (rng.chance(0.01)) fixes.push({ kind: 'datatyp-mislabel' });
  if (rng.chance(0.02)) fixes.push({ kind: 'prog-swap' });
  if (e.filter01 === 'HSC-i2' && rng.chance(0.05)) fixes.push({ kind: 'filter-i2' });
  if (rng.chance(0.02)) fixes.push({ kind: 'object-typo' });
  if (rng.chance(0.01)) fixes.push({ kind: 'radec-typo' });
  return fixes;
}

/** The records of one exposure in sheet order: each fix, sometimes followed by a flawed NG copy. */
export function exposureRecords(seed: StreamId, e: PlannedExposure, canCrossNights: boolean): PlannedRecord[] {
  const rng = streamFor(seed, 'frames-events', e.visit);
  const out: PlannedRecord[] = [];
  for (const fix of fixesOf(rng, e)) {
    out.push({ fix, status: drawStatus(rng) });
    if (rng.chance(0.025)) {
      const flaws: NgFlaw[] = canCrossNights ? ['out-of-range', 'type-mismatch', 'crosses-nights'] : ['out-of-range', 'type-mismatch'];
      out.push({ fix, status: 'NG', flaw: flaws[rng.int(flaws.length)]! });
    }
  }
  return out;
}

/** First sheet row of each night: records are numbered through the whole survey in time order. */
const basesCache = new WeakMap<SurveyPlan, Map<number, number>>();

export function sheetRowBases(plan: SurveyPlan): Map<number, number> {
  const hit = basesCache.get(plan);
  if (hit) return hit;
  const bases = new Map<number, number>();
  let row = 1;
  const multiNight = plan.nights.length > 1;
  for (const night of plan.nights) {
    bases.set(night.mjd, row);
    for (const e of night.exposures) row += exposureRecords(plan.seed, e, multiNight).length;
  }
  basesCache.set(plan, bases);
  return bases;
}
