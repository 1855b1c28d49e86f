// Work units of the frame side (hsc-data.md §4.2, §4.8): one per observing night and schema,
// streaming frame, raw_frame, mosaicframe and keyword_correction rows in bounded chunks.

import type { Dataset } from '../fields.ts';
import type { StreamId } from '../rng.ts';
import type { Cell, TableChunk, TableSpec, WorkUnit } from '../table.ts';
import { CAMERA, SCIENCE_CCDS } from './camera.ts';
import type { CorrectionRecord } from './corrections.ts';
import { sheetRowBases } from './events.ts';
import { nightRows, type NightContext } from './night.ts';
import { surveyPlan, type FrameProfile, type NightPlan, type SurveyPlan } from './survey.ts';
import { frameTables } from './tables.ts';

/** Rows per chunk and table: bounds the memory of a unit whatever the night's size. */
export const FRAME_CHUNK_ROWS = 4096;

/** Cells of a keyed row in a table's column order. */
export function toCells(table: TableSpec, row: Record<string, Cell>): Cell[] {
  return table.columns.map((c) => row[c.name] ?? null);
}

/** A correction record as keyword_correction columns. */
export function correctionRow(r: CorrectionRecord): Record<string, Cell> {
  return {
    correction_id: r.correctionId,
    sheet_row: r.sheetRow,
    start_frame: r.startFrame,
    end_frame: r.endFrame,
    keyword: r.keyword,
    current_value: r.currentValue,
    updated_value: r.updatedValue,
    datatype: r.datatype,
    comment: r.comment,
    check_status: r.checkStatus,
    checked_by: r.checkedBy,
    checked_at: r.checkedAt,
    created_at: r.createdAt,
  };
}

/** The context a night needs: its plan, first sheet row, and the next night's first exposure. */
export function nightContext(plan: SurveyPlan, night: NightPlan): NightContext {
  const bases = sheetRowBases(plan);
  const i = plan.nights.indexOf(night);
  const next = plan.nights[i + 1] ?? (i > 0 ? plan.nights[0] : undefined);
  return { plan, night, sheetRowBase: bases.get(night.mjd)!, nextNightVisit: next?.exposures[0]?.visit ?? null };
}

function* produceNight(ctx: NightContext): Generator<TableChunk> {
  const t = frameTables(ctx.night.dataset);
  const buffers = new Map<TableSpec, Cell[][]>([
    [t.rawFrame, []],
    [t.frame, []],
    [t.mosaicframe, []],
    [t.keywordCorrection, []],
  ]);
  const flush = function* (all: boolean): Generator<TableChunk> {
    for (const [table, rows] of buffers) {
      if (rows.length > 0 && (all || rows.length >= FRAME_CHUNK_ROWS)) {
        yield { table, rows: rows.splice(0, rows.length) };
      }
    }
  };
  for (const x of nightRows(ctx)) {
    for (const h of x.raw) buffers.get(t.rawFrame)!.push(toCells(t.rawFrame, h));
    for (const f of x.frames) buffers.get(t.frame)!.push(toCells(t.frame, f));
    for (const m of x.mosaicframe) buffers.get(t.mosaicframe)!.push(toCells(t.mosaicframe, m));
    for (const r of x.corrections) buffers.get(t.keywordCorrection)!.push(toCells(t.keywordCorrection, correctionRow(r)));
    yield* flush(false);
  }
  yield* flush(true);
}

/** One work unit per night ('frames/<schema>/<mjd>'), in time order. */
export function frameUnits(profile: FrameProfile, seed: StreamId): WorkUnit[] {
  const plan = surveyPlan(profile, seed);
  return plan.nights.map((night) => {
    const science = night.exposures.filter((e) => e.kind === 'science').length;
    return {
      key: frameUnitKey(night.dataset, night.mjd),
      estimatedRows: night.exposures.length * CAMERA.length + science * SCIENCE_CCDS * 2,
      produce: () => produceNight(nightContext(plan, night)),
    };
  });
}

export function frameUnitKey(dataset: Dataset, mjd: number): string {
  return `frames/${dataset}/${mjd}`;
}

export { patchInputVisits, surveyPlan, type FrameProfile, type PatchInputVisit } from './survey.ts';
export { frameTables, type FrameTables } from './tables.ts';
