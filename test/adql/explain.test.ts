// Integration: the translated cone searches use the GiST index on the spoint column (EXPLAIN on a
// real PostgreSQL + pg_sphere, table large enough that the planner prefers the index by itself).
import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { createHscTestSchema, type HscTestSchema } from './database.ts';

let db: HscTestSchema;

beforeAll(async () => {
  db = await createHscTestSchema(inject('databaseUrl'), 40_000);
});
afterAll(async () => {
  await db?.drop();
});

async function plan(adql: string): Promise<string> {
  const compiled = compile(adql, db.meta, { uploadSchema: db.uploadSchema });
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.describe()).join('; '));
  const result = await db.client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${compiled.value.sql}`);
  return result.rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('spatial index use of translated ADQL', () => {
  it('CONTAINS(POINT(ra, dec), CIRCLE(...)) = 1 scans the coord GiST index', async () => {
    const text = await plan("SELECT object_id FROM pdr3_wide.forced WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 150, 2, 0.05)) = 1");
    expect(text).toMatch(/Index Scan.*forced_coord|Index Scan using forced_coord/);
  });

  it('1 = CONTAINS(...) written the other way round also scans the index', async () => {
    const text = await plan('SELECT object_id FROM pdr3_wide.forced WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(150, 2, 0.05))');
    expect(text).toMatch(/forced_coord/);
  });

  it('DISTANCE(POINT(ra, dec), POINT(a, b)) < r scans the index instead of computing every distance', async () => {
    const text = await plan('SELECT object_id, DISTANCE(POINT(ra, dec), POINT(150, 2)) AS d FROM pdr3_wide.forced WHERE DISTANCE(POINT(ra, dec), POINT(150, 2)) < 0.02');
    expect(text).toMatch(/forced_coord/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('the four-argument DISTANCE(ra, dec, a, b) < r form scans the index too', async () => {
    const text = await plan('SELECT object_id FROM pdr3_wide.forced WHERE DISTANCE(ra, dec, 150, 2) <= 0.02');
    expect(text).toMatch(/forced_coord/);
  });

  it('an upload cross-match on DISTANCE probes the index for each uploaded row', async () => {
    const text = await plan('SELECT m.name, f.object_id FROM TAP_UPLOAD.mine AS m JOIN pdr3_wide.forced AS f ON DISTANCE(POINT(f.ra, f.dec), POINT(m.ra, m.dec)) < 0.01');
    expect(text).toMatch(/forced_coord/);
  });

  it('flag conditions in every accepted form can use an index on the flag (the column is never cast)', async () => {
    // With sequential scans priced out, a plan without the index would mean the condition hides the column.
    await db.client.query('SET enable_seqscan = off');
    try {
      for (const where of ['isprimary = 0', "isprimary = 'F'", 'NOT isprimary', 'isprimary = FALSE', 'isprimary = 1', 'isprimary']) {
        expect(await plan(`SELECT object_id FROM pdr3_wide.forced WHERE ${where}`), where).toMatch(/forced_isprimary/);
      }
    } finally {
      await db.client.query('RESET enable_seqscan');
    }
  });

  it('INTERSECTS(s_region, CIRCLE(...)) = 1 on an STC-S region column scans the GiST index of its spoly twin', async () => {
    const text = await plan("SELECT obs_id, s_region FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE('ICRS', 150, 2, 0.02)) = 1");
    expect(text).toMatch(/obscore_s_region_spoly/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('CONTAINS(POINT(ra, dec), s_region) = 1 scans the twin index too', async () => {
    const text = await plan("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', 150.1, 2.1), s_region)");
    expect(text).toMatch(/obscore_s_region_spoly/);
  });

  it('a catalog-to-footprint join on CONTAINS probes the twin index per object', async () => {
    const text = await plan(`SELECT f.object_id, o.obs_id FROM pdr3_wide.forced AS f JOIN ivoa.obscore AS o
      ON CONTAINS(POINT(f.ra, f.dec), o.s_region) = 1 WHERE f.object_id < 50`);
    expect(text).toMatch(/obscore_s_region_spoly/);
  });

  it('coneSearch(...) = 1, the standard ADQL form of the HSC habit, scans the index', async () => {
    expect(await plan('SELECT object_id FROM pdr3_wide.forced WHERE coneSearch(coord, 150, 2, 60) = 1')).toMatch(/forced_coord/);
  });

  it('the HSC coneSearch(coord, ra, dec, arcsec) habit scans the index', async () => {
    const text = await plan('SELECT object_id FROM pdr3_wide.forced WHERE coneSearch(coord, 150, 2, 60)');
    expect(text).toMatch(/forced_coord/);
  });
});
