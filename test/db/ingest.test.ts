// COPY ingest: one unit per transaction, so an interrupted load is re-run without duplicates,
// and the tiny data set loaded by the test setup is complete and indexed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { ingestUnits } from '../../src/db/ingest.ts';
import { listWrittenUnits, writeUnit } from '../../src/generate/files.ts';
import type { TableSpec, WorkUnit } from '../../src/generate/table.ts';

const probe: TableSpec = {
  schema: 'ingest_probe', name: 'item', description: 'ingest test table',
  columns: [
    { name: 'id', pgType: 'int8', description: 'id' },
    { name: 'label', pgType: 'text', description: 'label' },
    { name: 'flag', pgType: 'bool', description: 'flag' },
  ],
};

function unit(key: string, ids: number[]): WorkUnit {
  return {
    key, estimatedRows: ids.length,
    produce: () => [{ table: probe, rows: ids.map((i) => [BigInt(i), i % 3 === 0 ? null : `item "${i}", ok`, i % 2 === 0]) }],
  };
}

describe('COPY ingest', () => {
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-'));
  beforeAll(async () => {
    await pool.query('CREATE SCHEMA ingest_probe; CREATE TABLE ingest_probe.item (id int8 PRIMARY KEY, label text, flag bool)');
  });
  afterAll(async () => {
    await pool.query('DROP SCHEMA ingest_probe CASCADE; DELETE FROM hscvo.ingested_unit WHERE unit_key LIKE \'probe/%\'');
    await pool.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-running after an interrupted ingest loads each unit exactly once', async () => {
    writeUnit(dir, unit('probe/a', [1, 2, 3]));
    writeUnit(dir, unit('probe/b', [4, 5, 6]));
    // Corrupt unit b after its first rows: its COPY fails half way, as an interruption would.
    const bFile = path.join(dir, 'probe', 'b', 'ingest_probe.item.csv');
    const good = fs.readFileSync(bFile, 'utf8');
    fs.writeFileSync(bFile, good + 'not-a-number,x,t\n');
    await expect(ingestUnits(pool, listWrittenUnits(dir), { concurrency: 1 })).rejects.toThrow(/probe\/b/);
    const afterFailure = await pool.query('SELECT id FROM ingest_probe.item ORDER BY id');
    expect(afterFailure.rows.map((r) => Number(r.id))).toEqual([1, 2, 3]);

    fs.writeFileSync(bFile, good);
    const loaded = await ingestUnits(pool, listWrittenUnits(dir), { concurrency: 2 });
    expect(loaded.map((u) => u.key)).toEqual(['probe/b']);
    const again = await ingestUnits(pool, listWrittenUnits(dir));
    expect(again).toEqual([]);
    const rows = await pool.query('SELECT id, label, flag FROM ingest_probe.item ORDER BY id');
    expect(rows.rows.map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.rows[0]).toMatchObject({ label: 'item "1", ok', flag: false });
    expect(rows.rows[2]).toMatchObject({ label: null, flag: false });
  });

  it('loaded the tiny data set completely, with the cone-search index', async () => {
    const units = listWrittenUnits(path.join(inject('dataDir'), 'tables'));
    expect(units.length).toBeGreaterThan(1);
    const forcedCsvRows = units.flatMap((u) => u.files.filter((f) => f.endsWith('pdr3_wide.forced.csv')))
      .reduce((s, f) => s + fs.readFileSync(f, 'utf8').trimEnd().split('\n').length - 1, 0);
    const n = await pool.query('SELECT count(*)::int AS n FROM pdr3_wide.forced');
    expect(n.rows[0].n).toBe(forcedCsvRows);
    const idx = await pool.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'pdr3_wide' AND indexname = 'forced_coord_idx'");
    expect(idx.rows[0]?.indexdef).toMatch(/gist \(coord\)/);
  });

  it('stores the forced catalog in sky order (HEALPix nested, order 12), so a cone reads few pages', async () => {
    const outOfOrder = await pool.query(`SELECT count(*)::int AS n FROM (
      SELECT healpix_nest(12, coord) AS h, lag(healpix_nest(12, coord)) OVER (ORDER BY ctid) AS before
      FROM pdr3_wide.forced) AS o WHERE h < before`);
    expect(outOfOrder.rows[0].n).toBe(0);
    const clustered = await pool.query(`SELECT indexrelid::regclass::text AS idx FROM pg_index
      WHERE indisclustered AND indrelid = 'pdr3_wide.forced'::regclass`);
    expect(clustered.rows).toEqual([{ idx: 'pdr3_wide.forced_healpix12_idx' }]);
  });
});
