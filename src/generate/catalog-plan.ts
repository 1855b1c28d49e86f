// Catalog dataset profiles (hsc-data.md §4.2, §4.3): which patches a profile or a row target covers,
// as WorkUnits producing that patch's rows of every catalog table.

import { PatchCatalog } from './catalog.ts';
import { catalogTableSpecs } from './catalog-tables.ts';
import { FIELDS, coveredPatches, fieldTracts, type Layer, type PatchLocation } from './fields.ts';
import { patchContext } from './fields.ts';
import type { StreamId } from './rng.ts';
import type { TableSpec, WorkUnit } from './table.ts';

export type CatalogProfile = 'tiny' | 'demo';

export interface CatalogPlanOptions {
  /** Scale the catalog to about this many `forced` rows over the ordered field/tract list. */
  targetRows?: number;
  /** Rows per TableChunk (default 500, see PatchCatalogOptions). */
  chunkRows?: number;
}

export interface CatalogPlan {
  units: WorkUnit[];
  tables: TableSpec[];
  /** Expected forced rows over all units. */
  estimatedForcedRows: number;
}

/** Measured forced rows per patch (seed 1, tract 9560 and 9813 centre), for planning and progress. */
const FORCED_ROWS_PER_PATCH: Record<Layer, number> = { wide: 14_500, deep: 19_000, udeep: 21_000 };
/** All tables together write about this many rows per forced row (masks, truth, photo-z, ...). */
const ROWS_PER_FORCED_ROW = 3.5;

/** The stable key of a patch unit: 'catalog/<schema>/<tract>/<x>,<y>'. */
export function catalogUnitKey(loc: PatchLocation): string {
  return `catalog/${loc.dataset}/${loc.tract}/${loc.px},${loc.py}`;
}

export function expectedForcedRows(loc: PatchLocation): number {
  const ctx = patchContext(loc);
  return ctx === null ? 0 : FORCED_ROWS_PER_PATCH[ctx.layer];
}

/** One patch as a WorkUnit: produce() regenerates the patch's rows from scratch, identically each time. */
export function catalogUnit(seed: StreamId, loc: PatchLocation, chunkRows?: number): WorkUnit {
  return {
    key: catalogUnitKey(loc),
    estimatedRows: Math.round(expectedForcedRows(loc) * ROWS_PER_FORCED_ROW),
    produce: () => new PatchCatalog(seed, loc, chunkRows === undefined ? {} : { chunkRows }).chunks(),
  };
}

const TINY: PatchLocation[] = [{ dataset: 'pdr3_wide', tract: 9560, px: 4, py: 4 }];
const COSMOS_CENTRE: PatchLocation[] = [
  [4, 4],
  [4, 5],
  [5, 4],
  [5, 5],
].map(([px, py]) => ({ dataset: 'pdr3_dud', tract: 9813, px: px as number, py: py as number }));

/** Every covered patch in the §4.3 priority order: UD-COSMOS centre, tract 9560, the rest of the Wide fields, then D/UD. */
function* orderedPatches(): Generator<PatchLocation> {
  yield* COSMOS_CENTRE;
  yield* coveredPatches('pdr3_wide', 9560);
  const wide = FIELDS.filter((f) => f.dataset === 'pdr3_wide');
  const dud = FIELDS.filter((f) => f.dataset === 'pdr3_dud');
  for (const f of wide) {
    for (const t of fieldTracts(f)) if (t !== 9560) yield* coveredPatches('pdr3_wide', t);
  }
  for (const f of dud) for (const t of fieldTracts(f)) yield* coveredPatches('pdr3_dud', t);
}

/** The patches of a profile, or of a row target (which overrides the profile's area). */
export function catalogPatches(profile: CatalogProfile, opts: CatalogPlanOptions = {}): PatchLocation[] {
  if (opts.targetRows !== undefined) {
    const out: PatchLocation[] = [];
    const seen = new Set<string>();
    let rows = 0;
    for (const loc of orderedPatches()) {
      if (rows >= opts.targetRows) break;
      const key = catalogUnitKey(loc);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(loc);
      rows += expectedForcedRows(loc);
    }
    return out;
  }
  switch (profile) {
    case 'tiny':
      return TINY;
    case 'demo':
      return [...coveredPatches('pdr3_wide', 9560), ...COSMOS_CENTRE];
    default: {
      const never: never = profile;
      throw new Error(`unknown profile ${String(never)}`);
    }
  }
}

/**
 * The catalog of a profile as WorkUnits (one per patch, key 'catalog/<schema>/<tract>/<x>,<y>')
 * plus the TableSpecs they write. tiny = Wide 9560 patch 4,4; demo = all of tract 9560 and the
 * UD-COSMOS centre 2×2 (~1.3e6 forced rows); targetRows = patches in priority order up to the target.
 */
export function catalogUnits(profile: CatalogProfile, seed: StreamId, opts: CatalogPlanOptions = {}): CatalogPlan {
  const patches = catalogPatches(profile, opts);
  return {
    units: patches.map((loc) => catalogUnit(seed, loc, opts.chunkRows)),
    tables: catalogTableSpecs(),
    estimatedForcedRows: patches.reduce((s, loc) => s + expectedForcedRows(loc), 0),
  };
}
