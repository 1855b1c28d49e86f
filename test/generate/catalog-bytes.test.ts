// The catalog's CSV bytes are pinned: speed work on the generator or the encoder must leave them
// unchanged. A deliberate change to the data updates these hashes (and says so in its commit).
import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { catalogUnit } from '../../src/generate/catalog-plan.ts';
import { csvHeader, csvRowView } from '../../src/generate/csv.ts';
import type { PatchLocation } from '../../src/generate/fields.ts';

/** SHA-256 of every table's CSV (header, then rows) of one patch, in the order the unit writes them. */
function patchCsvHash(loc: PatchLocation): { rows: number; sha256: string } {
  const h = createHash('sha256');
  let rows = 0;
  for (const chunk of catalogUnit(1, loc).produce()) {
    h.update(csvHeader(chunk.table));
    h.update(csvRowView(chunk.rows));
    rows += chunk.rows.length;
  }
  return { rows, sha256: h.digest('hex') };
}

describe('catalog CSV bytes', () => {
  it('are unchanged for a Wide patch (tract 9560, patch 4,4, seed 1)', () => {
    expect(patchCsvHash({ dataset: 'pdr3_wide', tract: 9560, px: 4, py: 4 })).toEqual({ rows: 52299, sha256: '25952008dc2b71da5149332d79dfb2a36acd971417acc8f8200c1751a55d7029' });
  });

  it('are unchanged for a UD-COSMOS patch (tract 9813, patch 4,4, seed 1)', () => {
    expect(patchCsvHash({ dataset: 'pdr3_dud', tract: 9813, px: 4, py: 4 })).toEqual({ rows: 78160, sha256: '2985108cc75aa732ef45e59a4910d85d997168ad8cc85bbc2f19fc96d2523d7c' });
  });
});
