// Keyword-correction records (hsc-data.md §4.9, the curation spreadsheet): a syntax/range checker
// that flags NG records, and a pure replay that applies records to raw-frame headers. No DB access.

import type { Cell } from '../table.ts';
import { parseFrameId } from './ids.ts';

export type CheckStatus = 'OK' | 'NG' | 'PENDING' | 'APPLIED';
export const CHECK_STATUSES: readonly CheckStatus[] = ['OK', 'NG', 'PENDING', 'APPLIED'];
export type CorrectionDatatype = 'float' | 'int' | 'string' | 'bool';
export const CORRECTION_DATATYPES: readonly CorrectionDatatype[] = ['float', 'int', 'string', 'bool'];

/** One row of the correction sheet. Frame ranges are inclusive and compared as strings. */
export interface CorrectionRecord {
  correctionId: number;
  sheetRow: number;
  startFrame: string;
  endFrame: string;
  /** FITS keyword, e.g. 'T_SEEING', 'DATA-TYP'. */
  keyword: string;
  /** Old value as text; null (or '') = keyword absent. */
  currentValue: string | null;
  updatedValue: string;
  datatype: CorrectionDatatype;
  comment: string;
  checkStatus: CheckStatus;
  checkedBy: string | null;
  /** ISO timestamps. */
  checkedAt: string | null;
  createdAt: string;
}

/** What a correctable keyword may hold. */
export interface KeywordRule {
  keyword: string;
  datatype: CorrectionDatatype;
  /** Inclusive numeric range for float/int keywords. */
  range?: readonly [number, number];
  /** Allowed values for enumerated string keywords. */
  values?: readonly string[];
  /** Regular expression for free-form string keywords. */
  pattern?: RegExp;
}

const rule = (keyword: string, datatype: CorrectionDatatype, extra: Omit<KeywordRule, 'keyword' | 'datatype'> = {}): KeywordRule => ({
  keyword,
  datatype,
  ...extra,
});

/** The keywords the sheet may correct, with their types and plausible values. */
export const KEYWORD_RULES: ReadonlyMap<string, KeywordRule> = new Map(
  [
    rule('T_SEEING', 'float', { range: [0.2, 5] }),
    rule('T_TRANSP', 'float', { range: [0, 1.2] }),
    rule('T_MAGZER', 'float', { range: [20, 32] }),
    rule('T_PSFELL', 'float', { range: [0, 1] }),
    rule('T_PSFPA', 'float', { range: [-90, 90] }),
    rule('T_WCSRMS', 'float', { range: [0, 5] }),
    rule('T_ZPRMS', 'float', { range: [0, 1] }),
    rule('T_N_WCS', 'int', { range: [0, 100000] }),
    rule('T_N_ZP', 'int', { range: [0, 100000] }),
    rule('T_OSLVL', 'float', { range: [0, 65535] }),
    rule('T_FLTNSS', 'float', { range: [0, 1] }),
    rule('DATA-TYP', 'string', { values: ['OBJECT', 'STANDARD_STAR', 'SKYFLAT', 'FOCUSING', 'BIAS', 'DARK', 'DOMEFLAT', 'AGEXP'] }),
    rule('T_PURPOS', 'string', { values: ['OBJECT', 'TEST', 'BIAS', 'DARK', 'DOMEFLAT', 'SKYFLAT', 'FOCUSING'] }),
    rule('T_PROG', 'string', { pattern: /^SSP-(Wide|Deep|UDeep)$/ }),
    rule('FILTER01', 'string', { pattern: /^(HSC-[grizY]2?|NB\d{4}|IB\d{4})$/ }),
    rule('OBJECT', 'string', { pattern: /^[A-Za-z0-9_.+-]{1,40}$/ }),
    rule('RA2000', 'string', { pattern: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$/ }),
    rule('DEC2000', 'string', { pattern: /^[+-]([0-8]\d|90):[0-5]\d:[0-5]\d(\.\d+)?$/ }),
  ].map((r) => [r.keyword, r]),
);

/** raw_frame column holding a header keyword: lower case, '-' as '_' ('DATA-TYP' → data_typ). */
export function columnForKeyword(keyword: string): string {
  return keyword.toLowerCase().replace(/-/g, '_');
}

export type ParsedValue = { ok: true; value: Cell } | { ok: false; reason: string };

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a sheet value as its declared datatype; '' and null are "keyword absent" (SQL NULL). */
export function parseValue(text: string | null, datatype: CorrectionDatatype): ParsedValue {
  if (text === null || text === '') return { ok: true, value: null };
  const t = text.trim();
  switch (datatype) {
    case 'int':
      return INT.test(t) ? { ok: true, value: Number(t) } : { ok: false, reason: `'${text}' is not an int` };
    case 'float':
      return FLOAT.test(t) ? { ok: true, value: Number(t) } : { ok: false, reason: `'${text}' is not a float` };
    case 'bool':
      if (/^(T|true|1)$/i.test(t)) return { ok: true, value: true };
      if (/^(F|false|0)$/i.test(t)) return { ok: true, value: false };
      return { ok: false, reason: `'${text}' is not a bool` };
    case 'string':
      return { ok: true, value: text };
    default: {
      const never: never = datatype;
      return { ok: false, reason: `unknown datatype ${String(never)}` };
    }
  }
}

/** The text a header value takes in the sheet ('' for an absent keyword). */
export function formatValue(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  return String(value);
}

export type CorrectionProblemKind =
  | 'bad-frame-id'
  | 'reversed-range'
  | 'unknown-keyword'
  | 'unknown-datatype'
  | 'datatype-mismatch'
  | 'type-mismatch'
  | 'out-of-range'
  | 'crosses-nights'
  | 'unknown-night';

export interface CorrectionProblem {
  kind: CorrectionProblemKind;
  message: string;
}

/** How the checker learns which night a visit was taken on (from raw_frame, or the generator's plan). */
export interface NightLookup {
  nightOfVisit(visit: number): number | undefined;
}

/**
 * Problems of one record (empty = the record may be marked OK): frame ids, range order, known
 * keyword, declared and actual value type, value range, and (with a lookup) a range within one night.
 */
export function checkCorrection(rec: CorrectionRecord, nights?: NightLookup): CorrectionProblem[] {
  const problems: CorrectionProblem[] = [];
  const start = parseFrameId(rec.startFrame);
  const end = parseFrameId(rec.endFrame);
  if (start === null) problems.push({ kind: 'bad-frame-id', message: `start frame '${rec.startFrame}' is not a FRAMEID` });
  if (end === null) problems.push({ kind: 'bad-frame-id', message: `end frame '${rec.endFrame}' is not a FRAMEID` });
  if (start && end && rec.startFrame > rec.endFrame) {
    problems.push({ kind: 'reversed-range', message: `${rec.startFrame} comes after ${rec.endFrame}` });
  }
  if (start && end && nights) {
    const n0 = nights.nightOfVisit(start.visit);
    const n1 = nights.nightOfVisit(end.visit);
    if (n0 === undefined || n1 === undefined) {
      problems.push({ kind: 'unknown-night', message: `no night holds visit ${n0 === undefined ? start.visit : end.visit}` });
    } else if (n0 !== n1) {
      problems.push({ kind: 'crosses-nights', message: `range runs from night ${n0} into night ${n1}` });
    }
  }
  const r = KEYWORD_RULES.get(rec.keyword);
  if (!CORRECTION_DATATYPES.includes(rec.datatype)) {
    problems.push({ kind: 'unknown-datatype', message: `datatype '${String(rec.datatype)}'` });
    return problems;
  }
  if (r === undefined) {
    problems.push({ kind: 'unknown-keyword', message: `keyword '${rec.keyword}' is not correctable` });
    return problems;
  }
  if (r.datatype !== rec.datatype) {
    problems.push({ kind: 'datatype-mismatch', message: `${rec.keyword} is ${r.datatype}, the record says ${rec.datatype}` });
  }
  for (const [label, text] of [['updated', rec.updatedValue], ['current', rec.currentValue]] as const) {
    const parsed = parseValue(text, r.datatype);
    if (!parsed.ok) {
      problems.push({ kind: 'type-mismatch', message: `${label} value: ${parsed.reason}` });
      continue;
    }
    const v = parsed.value;
    if (label === 'updated' && v === null) problems.push({ kind: 'out-of-range', message: 'the updated value is empty' });
    if (typeof v === 'number' && r.range && (v < r.range[0] || v > r.range[1] || !Number.isFinite(v))) {
      problems.push({ kind: 'out-of-range', message: `${label} ${rec.keyword} = ${v} outside [${r.range[0]}, ${r.range[1]}]` });
    }
    if (typeof v === 'string' && ((r.values && !r.values.includes(v)) || (r.pattern && !r.pattern.test(v)))) {
      problems.push({ kind: 'out-of-range', message: `${label} ${rec.keyword} = '${v}' is not an allowed value` });
    }
  }
  return problems;
}

/** Whether a frame falls in a record's inclusive range (string comparison of fixed-width ids). */
export function inRange(frameId: string, rec: Pick<CorrectionRecord, 'startFrame' | 'endFrame'>): boolean {
  return frameId >= rec.startFrame && frameId <= rec.endFrame;
}

/** A raw-frame header row: raw_frame columns by name, frame_id always present. */
export type HeaderRow = { frame_id: string } & Record<string, Cell>;

/** A frame whose current value differed from the record's CURRENT: the record is not applied to it. */
export interface ApplyConflict {
  correctionId: number;
  frameId: string;
  found: Cell;
}

export interface ApplyResult {
  /** New header rows (the input is not modified). */
  headers: HeaderRow[];
  /** Frames changed, per correction id. */
  changed: Map<number, number>;
  conflicts: ApplyConflict[];
}

function sameValue(found: Cell, expected: Cell): boolean {
  if (found === null || expected === null) return found === expected;
  if (typeof expected === 'number') return typeof found === 'number' && Math.abs(found - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  return found === expected;
}

/**
 * Applies records (by default those with status OK, in sheet-row order) to header rows: each
 * frame in a record's range whose keyword holds CURRENT gets UPDATED, typed by the datatype.
 * Records that fail checkCorrection's type checks are skipped, so the replay never writes garbage.
 */
export function applyCorrections(
  headers: readonly HeaderRow[],
  records: readonly CorrectionRecord[],
  statuses: readonly CheckStatus[] = ['OK'],
): ApplyResult {
  const out = headers.map((h) => ({ ...h }));
  const changed = new Map<number, number>();
  const conflicts: ApplyConflict[] = [];
  const todo = records.filter((r) => statuses.includes(r.checkStatus)).sort((a, b) => a.sheetRow - b.sheetRow);
  for (const rec of todo) {
    const current = parseValue(rec.currentValue, rec.datatype);
    const updated = parseValue(rec.updatedValue, rec.datatype);
    if (!current.ok || !updated.ok) continue;
    const column = columnForKeyword(rec.keyword);
    let n = 0;
    for (const h of out) {
      if (!inRange(h.frame_id, rec)) continue;
      const found = h[column] ?? null;
      if (!sameValue(found, current.value)) {
        conflicts.push({ correctionId: rec.correctionId, frameId: h.frame_id, found });
        continue;
      }
      h[column] = updated.value;
      n++;
    }
    changed.set(rec.correctionId, n);
  }
  return { headers: out, changed, conflicts };
}
