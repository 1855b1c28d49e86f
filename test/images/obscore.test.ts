// ivoa.obscore filled from the mosaic table: one ObsCore 1.1 record per patch image and band,
// s_region STC-S text of the polygon covering the image, its spoly twin queried through its GiST index.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { adqlMetadata } from '../../src/metadata/adql.ts';
import { migrationsDir } from '../../src/db/migrate.ts';
import { compareWithDatabase } from '../../src/metadata/database-check.ts';
import { loadTapMetadata } from '../../src/metadata/load.ts';
import { refreshObsCore } from '../../src/images/obscore.ts';
import { parseImageId } from '../../src/images/ids.ts';

let pool: pg.Pool;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  await refreshObsCore(pool, 'http://vo.example/hsc');
});
afterAll(async () => { await pool.end(); });

describe('ivoa.obscore', () => {
  it('holds one record per mosaic row with mandatory columns filled', async () => {
    const mosaic = await pool.query('SELECT count(*)::int AS n FROM pdr3_wide.mosaic');
    const r = await pool.query(`SELECT * FROM ivoa.obscore ORDER BY em_min`);
    expect(r.rows.length).toBe(mosaic.rows[0].n);
    expect(r.rows.length).toBeGreaterThanOrEqual(5);
    for (const row of r.rows) {
      expect(row.dataproduct_type).toBe('image');
      expect(row.calib_level).toBe(3);
      expect(row.obs_collection).toBe('pdr3_wide');
      expect(parseImageId(row.obs_publisher_did)).toBeDefined();
      expect(row.access_url).toBe(`http://vo.example/hsc/datalink/links?ID=${encodeURIComponent(row.obs_publisher_did)}`);
      expect(row.em_min).toBeLessThan(row.em_max);
      expect(row.s_fov).toBeGreaterThan(0.2);
      expect(row.s_fov).toBeLessThan(0.35);
      expect(row.t_min).toBeLessThanOrEqual(row.t_max);
    }
  });

  it('s_region_spoly contains the image centre and not a point a degree away', async () => {
    const r = await pool.query(`SELECT spoint(radians(s_ra), radians(s_dec)) @ s_region_spoly AS inside,
      spoint(radians(s_ra + 1), radians(s_dec)) @ s_region_spoly AS outside FROM ivoa.obscore`);
    for (const row of r.rows) expect([row.inside, row.outside]).toEqual([true, false]);
  });

  it('s_region is the STC-S text of the same four corners as its spoly twin', async () => {
    const r = await pool.query<{ s_region: string; corners: string }>('SELECT s_region, s_region_spoly::text AS corners FROM ivoa.obscore');
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      const words = row.s_region.split(' ');
      expect(words.slice(0, 2)).toEqual(['POLYGON', 'ICRS']);
      // pg_sphere prints {(lon , lat),...} in radians.
      const radians = row.corners.replace(/[{}() ]/g, '').split(',').map(Number);
      expect(words.slice(2).map(Number).map((d) => (d * Math.PI) / 180).map((x) => x.toFixed(9))).toEqual(radians.map((x) => x.toFixed(9)));
    }
  });

  it('migration 061 writes, from the polygon of an existing record, the STC-S text refreshObsCore writes', async () => {
    const migration = fs.readFileSync(path.join(migrationsDir, '061_obscore_region.sql'), 'utf8');
    const update = /^UPDATE ivoa\.obscore[^;]*;/m.exec(migration)?.[0];
    expect(update).toBeDefined();
    const client = await pool.connect();
    try {
      const fresh = await client.query<{ s_region: string }>('SELECT s_region FROM ivoa.obscore ORDER BY obs_publisher_did');
      await client.query('BEGIN');
      await client.query('UPDATE ivoa.obscore SET s_region = NULL');
      await client.query(update ?? '');
      const migrated = await client.query<{ s_region: string }>('SELECT s_region FROM ivoa.obscore ORDER BY obs_publisher_did');
      expect(migrated.rows).toHaveLength(fresh.rows.length);
      migrated.rows.forEach((row, i) => {
        const words = row.s_region.split(' ');
        const expected = (fresh.rows[i]?.s_region ?? '').split(' ');
        expect(words.slice(0, 2)).toEqual(expected.slice(0, 2));
        words.slice(2).forEach((x, k) => expect(Number(x)).toBeCloseTo(Number(expected[k + 2]), 9));
      });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('a cone on s_region uses the GiST index', async () => {
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(`EXPLAIN SELECT obs_id FROM ivoa.obscore
        WHERE s_region_spoly && scircle(spoint(radians(134.8), radians(0.74)), radians(0.01))`);
      expect(plan.rows.map((x) => x['QUERY PLAN']).join('\n')).toMatch(/obscore_s_region_spoly_idx/);
    } finally {
      client.release();
    }
  });

  it('agrees with its published metadata (names, types, indexes)', async () => {
    const metadata = loadTapMetadata();
    const client = await pool.connect();
    try {
      const problems = await compareWithDatabase(client, metadata);
      expect(problems.filter((p) => p.startsWith('ivoa.'))).toEqual([]);
    } finally {
      client.release();
    }
  });

  it('ADQL INTERSECTS on s_region translates and returns the footprint as STC-S text', async () => {
    const compiled = compile(`SELECT obs_id, s_region FROM ivoa.obscore
      WHERE 1 = INTERSECTS(s_region, CIRCLE(134.8148, 0.7438, 0.01)) AND em_filter_name = 'HSC-I'`, adqlMetadata(loadTapMetadata()));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const r = await pool.query({ text: compiled.value.sql, rowMode: 'array' });
    expect(r.rows.length).toBe(1);
    const stcs = String((r.rows[0] as unknown[])[1]);
    expect(stcs).toMatch(/^POLYGON ICRS /);
    const polygon = stcs.split(' ').slice(2).map(Number);
    expect(polygon.length).toBe(8);
    expect(Math.abs(polygon[0]! - 134.8148)).toBeLessThan(0.2);
    expect(compiled.value.columns.find((c) => c.name === 's_region')).toMatchObject({ datatype: 'char', arraysize: '*', xtype: 'adql:region' });
  });

  it('a second refresh gives the same records (idempotent)', async () => {
    const before = await pool.query('SELECT obs_publisher_did FROM ivoa.obscore ORDER BY 1');
    expect(await refreshObsCore(pool, 'http://vo.example/hsc')).toBe(before.rows.length);
    const after = await pool.query('SELECT obs_publisher_did FROM ivoa.obscore ORDER BY 1');
    expect(after.rows).toEqual(before.rows);
  });
});
