// Keyword corrections (hsc-data.md §4.9, §4.11 item 5): applying the OK records to raw_frame
// reproduces the generator's final headers, and the checker catches every NG record.
import { describe, expect, it } from 'vitest';
import {
  applyCorrections,
  checkCorrection,
  type CorrectionRecord,
  type HeaderRow,
  type NightLookup,
} from '../../../src/generate/frames/corrections.ts';
import { nightContext } from '../../../src/generate/frames/index.ts';
import { nightRows } from '../../../src/generate/frames/night.ts';
import { surveyPlan, type FrameProfile } from '../../../src/generate/frames/survey.ts';

const SEED = 77;

function planLookup(profile: FrameProfile): NightLookup {
  const byVisit = new Map<number, number>();
  for (const n of surveyPlan(profile, SEED).nights) for (const e of n.exposures) byVisit.set(e.visit, n.mjd);
  return { nightOfVisit: (v) => byVisit.get(v) };
}

function night(profile: FrameProfile, index: number): { raw: HeaderRow[]; truth: HeaderRow[]; records: CorrectionRecord[] } {
  const plan = surveyPlan(profile, SEED);
  const out = { raw: [] as HeaderRow[], truth: [] as HeaderRow[], records: [] as CorrectionRecord[] };
  for (const x of nightRows(nightContext(plan, plan.nights[index]!))) {
    out.raw.push(...x.raw);
    out.truth.push(...x.truth);
    out.records.push(...x.corrections);
  }
  return out;
}

const record = (over: Partial<CorrectionRecord>): CorrectionRecord => ({
  correctionId: 1,
  sheetRow: 1,
  startFrame: 'HSCA15297400',
  endFrame: 'HSCA15297557',
  keyword: 'T_SEEING',
  currentValue: null,
  updatedValue: '0.73',
  datatype: 'float',
  comment: 'update for QA keyword',
  checkStatus: 'OK',
  checkedBy: 'qa1',
  checkedAt: '2020-01-02T00:00:00.000Z',
  createdAt: '2020-01-01T00:00:00.000Z',
  ...over,
});

describe('correction replay on generated nights', () => {
  for (const [profile, index] of [['tiny', 0], ['demo', 0], ['demo', 3]] as const) {
    it(`reproduces the final headers from the OK records (${profile} night ${index})`, () => {
      const { raw, truth, records } = night(profile, index);
      expect(records.length).toBeGreaterThan(0);
      expect(raw).not.toEqual(truth);
      const replay = applyCorrections(raw, records);
      expect(replay.conflicts).toEqual([]);
      expect(replay.headers).toEqual(truth);
    });
  }

  it('flags every NG record and passes every other one', () => {
    const lookup = planLookup('demo');
    const plan = surveyPlan('demo', SEED);
    let ng = 0;
    for (let i = 0; i < plan.nights.length; i += 4) {
      for (const r of night('demo', i).records) {
        const problems = checkCorrection(r, lookup);
        if (r.checkStatus === 'NG') {
          ng++;
          expect(problems.length, JSON.stringify(r)).toBeGreaterThan(0);
        } else {
          expect(problems, JSON.stringify(r)).toEqual([]);
        }
      }
    }
    expect(ng).toBeGreaterThan(0);
  });

  it('back-fills QA keywords over whole visits, as the seed row HSCA15297400..HSCA15297557', () => {
    const { records } = night('demo', 0);
    const qa = records.filter((r) => r.comment === 'update for QA keyword');
    expect(qa.length).toBeGreaterThan(0);
    for (const r of qa) {
      expect(r.startFrame.slice(-2)).toBe('00');
      expect(r.endFrame.slice(-2)).toBe('57');
      expect(Number(r.endFrame.slice(4, 10)) - Number(r.startFrame.slice(4, 10))).toBe(1);
    }
  });
});

describe('checker and apply', () => {
  const nights: NightLookup = { nightOfVisit: (v) => (v < 152980 ? 58800 : 58801) };

  it('accepts a well-formed QA back-fill', () => {
    expect(checkCorrection(record({}), nights)).toEqual([]);
  });

  it('catches out-of-range values, type mismatches, reversed and night-crossing ranges', () => {
    const kinds = (r: CorrectionRecord): string[] => checkCorrection(r, nights).map((p) => p.kind);
    expect(kinds(record({ updatedValue: '12.5' }))).toContain('out-of-range');
    expect(kinds(record({ keyword: 'T_TRANSP', updatedValue: '1.7' }))).toContain('out-of-range');
    expect(kinds(record({ keyword: 'T_N_WCS', datatype: 'int', updatedValue: '123.5' }))).toContain('type-mismatch');
    expect(kinds(record({ keyword: 'T_N_WCS', datatype: 'float', updatedValue: '123' }))).toContain('datatype-mismatch');
    expect(kinds(record({ keyword: 'DATA-TYP', datatype: 'string', currentValue: 'OBJECT', updatedValue: 'BAIS' }))).toContain('out-of-range');
    expect(kinds(record({ startFrame: 'HSCA15297557', endFrame: 'HSCA15297400' }))).toContain('reversed-range');
    expect(kinds(record({ endFrame: 'HSCA15298057' }))).toContain('crosses-nights');
    expect(kinds(record({ startFrame: 'HSCA152974' }))).toContain('bad-frame-id');
    expect(kinds(record({ keyword: 'T_FOO' }))).toContain('unknown-keyword');
  });

  it('applies only where CURRENT matches and reports the others as conflicts', () => {
    const headers: HeaderRow[] = [
      { frame_id: 'HSCA15297400', t_seeing: null, data_typ: 'OBJECT' },
      { frame_id: 'HSCA15297512', t_seeing: 0.8, data_typ: 'OBJECT' },
      { frame_id: 'HSCA15297600', t_seeing: null, data_typ: 'OBJECT' },
    ];
    const res = applyCorrections(headers, [
      record({}),
      record({ correctionId: 2, sheetRow: 2, keyword: 'DATA-TYP', datatype: 'string', currentValue: 'OBJECT', updatedValue: 'BIAS', checkStatus: 'PENDING' }),
    ]);
    expect(res.headers.map((h) => h.t_seeing)).toEqual([0.73, 0.8, null]);
    expect(res.headers.map((h) => h.data_typ)).toEqual(['OBJECT', 'OBJECT', 'OBJECT']);
    expect(res.conflicts).toEqual([{ correctionId: 1, frameId: 'HSCA15297512', found: 0.8 }]);
    expect(headers[0]!.t_seeing).toBeNull(); // input untouched
    const withPending = applyCorrections(headers, [record({ keyword: 'DATA-TYP', datatype: 'string', currentValue: 'OBJECT', updatedValue: 'BIAS', checkStatus: 'PENDING' })], ['PENDING']);
    expect(withPending.headers.map((h) => h.data_typ)).toEqual(['BIAS', 'BIAS', 'OBJECT']);
  });
});
