// Frame work units (hsc-data.md §4.8, §4.11 items 1 and 4): determinism per night, parseable frame
// ids, science/non-science split, and coadd inputs that agree with coverage.ts.
import { describe, expect, it } from 'vitest';
import { patchCoverage } from '../../../src/generate/coverage.ts';
import { BANDS } from '../../../src/generate/fields.ts';
import { frameUnits, patchInputVisits, surveyPlan } from '../../../src/generate/frames/index.ts';
import { parseFrameId } from '../../../src/generate/frames/ids.ts';
import type { Cell, TableChunk } from '../../../src/generate/table.ts';
import { qualifiedName } from '../../../src/generate/table.ts';

const SEED = 20240611;

function collect(chunks: Iterable<TableChunk>): Map<string, Cell[][]> {
  const out = new Map<string, Cell[][]>();
  for (const c of chunks) {
    expect(c.rows.length).toBeLessThanOrEqual(4096);
    out.set(qualifiedName(c.table), [...(out.get(qualifiedName(c.table)) ?? []), ...c.rows]);
  }
  return out;
}

describe('frame units, tiny profile', () => {
  const units = frameUnits('tiny', SEED);
  const rows = collect(units.flatMap((u) => [...u.produce()]));

  it('is one night of pdr3_wide keyed frames/<schema>/<mjd>', () => {
    expect(units).toHaveLength(1);
    expect(units[0]!.key).toMatch(/^frames\/pdr3_wide\/\d{5}$/);
  });

  it('regenerates a night alone with identical rows', () => {
    const again = collect(frameUnits('tiny', SEED)[0]!.produce());
    expect(again).toEqual(rows);
    const other = collect(frameUnits('tiny', SEED + 1)[0]!.produce());
    expect(other.get('pdr3_wide.frame')).not.toEqual(rows.get('pdr3_wide.frame'));
  });

  it('writes frame ids that parse to the row visit and ccdname', () => {
    for (const r of rows.get('pdr3_wide.raw_frame')!) {
      const p = parseFrameId(r[0] as string);
      expect(p).not.toBeNull();
      expect(p!.visit).toBe(r[2]);
      expect(p!.ccdname).toBe(r[5]);
    }
  });

  it('keeps 104 processed CCDs per science visit and 112 raw frames per exposure', () => {
    const plan = surveyPlan('tiny', SEED);
    const exposures = plan.nights[0]!.exposures;
    const science = exposures.filter((e) => e.kind === 'science').length;
    expect(rows.get('pdr3_wide.frame')).toHaveLength(science * 104);
    expect(rows.get('pdr3_wide.raw_frame')).toHaveLength(exposures.length * 112);
    expect(exposures.length).toBeGreaterThan(science); // calibration frames too
  });

  it('numbers exposures with even, increasing visits', () => {
    const visits = surveyPlan('tiny', SEED).nights[0]!.exposures.map((e) => e.visit);
    expect(visits.every((v) => v % 2 === 0)).toBe(true);
    expect(visits).toEqual([...visits].sort((a, b) => a - b));
    expect(new Set(visits).size).toBe(visits.length);
  });

  it('feeds each band of the patch coadd with exactly the coverage visit count', () => {
    const loc = { dataset: 'pdr3_wide' as const, tract: 9560, px: 4, py: 4 };
    const cov = patchCoverage(SEED, loc)!;
    const mosaic = rows.get('pdr3_wide.mosaicframe')!;
    for (const b of BANDS) {
      const inputs = patchInputVisits('tiny', SEED, loc, b);
      expect(inputs).toHaveLength(cov.bands[b].nVisits);
      const filter = `HSC-${b.toUpperCase()}`;
      const inTable = mosaic.filter((r) => r[0] === 95600404 && r[1] === filter).map((r) => `${String(r[5])}/${String(r[6])}`);
      const listed = inputs.flatMap((v) => v.ccds.map((ccd) => `${v.visit}/${ccd}`));
      expect(inputs.every((v) => v.ccds.length > 0)).toBe(true);
      expect(inTable.sort()).toEqual(listed.sort());
    }
  });
});
