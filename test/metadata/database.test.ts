import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { compareWithDatabase } from '../../src/metadata/database-check.ts';
import { loadTapMetadata } from '../../src/metadata/load.ts';
import { sizeOf, writeTapSchema } from '../../src/metadata/tap-schema.ts';
import { voResourcesFixture } from './fixture.ts';

describe('published metadata against the real test database', () => {
  const metadata = loadTapMetadata().visibleTo(ANONYMOUS);
  let owner: pg.Pool;
  let reader: pg.Pool;

  beforeAll(async () => {
    owner = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
    reader = new pg.Pool({ connectionString: inject('readerUrl'), max: 1 });
    const client = await owner.connect();
    try {
      await writeTapSchema(client, metadata);
    } finally {
      client.release();
    }
  });
  afterAll(async () => {
    await owner.end();
    await reader.end();
  });

  it('every published table exists with exactly the published columns, compatible types and indexes', async () => {
    const client = await owner.connect();
    try {
      expect(await compareWithDatabase(client, metadata)).toEqual([]);
    } finally {
      client.release();
    }
  });

  it('reports a wrong type, a column missing from the database and an unpublished database column', async () => {
    const dir = voResourcesFixture(
      { schemas: [{ name: 'pdr3_wide', tableset: 't', access: 'public', description: 'Wide.' }] },
      { t: { tables: [{ name: 'specz', description: 'Spectra.', columns: [
        { name: 'object_id', datatype: 'int', description: 'Object.' },
        { name: 'specz_nonexistent', datatype: 'double', description: 'Not there.' },
      ] }] } },
    );
    const client = await owner.connect();
    try {
      const problems = (await compareWithDatabase(client, loadTapMetadata(dir))).join('\n');
      expect(problems).toMatch(/pdr3_wide\.specz\.object_id: int8 in the database cannot be published as int/);
      expect(problems).toMatch(/specz_nonexistent: published but not in the database/);
      expect(problems).toMatch(/pdr3_wide\.specz\.d_pos: in the database but not published/);
    } finally {
      client.release();
    }
  });

  it('checks an STC-S column against its geometry twin: present, a spoly, leading the index', async () => {
    const obscore = (twin: string): string => voResourcesFixture(
      { schemas: [{ name: 'ivoa', tableset: 't', access: 'public', description: 'IVOA.' }] },
      { t: { tables: [{ name: 'obscore', description: 'ObsCore.', columns: [
        { name: 's_region', datatype: 'char', arraysize: '*', xtype: 'adql:region', geometry: twin, indexed: true, description: 'Footprint.' },
      ] }] } },
    );
    const client = await owner.connect();
    try {
      const problems = async (twin: string): Promise<string[]> =>
        (await compareWithDatabase(client, loadTapMetadata(obscore(twin)))).filter((p) => p.startsWith('ivoa.obscore.s_region:'));
      expect(await problems('s_region_spoly')).toEqual([]);
      expect(await problems('s_region_nowhere')).toEqual(['ivoa.obscore.s_region: its geometry column s_region_nowhere is not in the database']);
      expect(await problems('s_ra')).toEqual([
        'ivoa.obscore.s_region: its geometry column s_ra is float8, not a pg_sphere spoly',
        'ivoa.obscore.s_region: published as indexed, but no index starts with s_ra',
      ]);
    } finally {
      client.release();
    }
  });

  it('fills TAP_SCHEMA from vo-resources, readable by the query role, describing itself', async () => {
    const tables = await reader.query<{ table_name: string; table_type: string }>('SELECT table_name, table_type FROM tap_schema.tables ORDER BY table_index');
    expect(tables.rows.map((r) => r.table_name)).toEqual(metadata.tables().map((t) => t.qualifiedName));
    expect(tables.rows.map((r) => r.table_name)).toContain('TAP_SCHEMA.columns');
    expect(tables.rows.find((r) => r.table_name === 'pdr3_wide.summary')?.table_type).toBe('view');
    const columns = await reader.query('SELECT count(*)::int AS n FROM tap_schema.columns');
    expect(columns.rows[0].n).toBe(metadata.tables().reduce((n, t) => n + t.columns.length, 0));
    const size = await reader.query(`SELECT column_name, datatype, std FROM tap_schema.columns WHERE table_name = 'TAP_SCHEMA.columns' AND column_name = '"size"'`);
    expect(size.rows).toEqual([{ column_name: '"size"', datatype: 'int', std: 1 }]);
    const keys = await reader.query(`SELECT k.from_table, k.target_table, c.from_column, c.target_column FROM tap_schema.keys k
      JOIN tap_schema.key_columns c USING (key_id) WHERE k.from_table = 'pdr3_wide.masks'`);
    expect(keys.rows).toEqual([{ from_table: 'pdr3_wide.masks', target_table: 'pdr3_wide.forced', from_column: 'object_id', target_column: 'object_id' }]);
  });

  it('writes "size" as the integer part of one-dimensional arraysizes only (taplint E-TSSZ)', async () => {
    expect([sizeOf(undefined), sizeOf('*'), sizeOf('64*'), sizeOf('2'), sizeOf('2x3')]).toEqual([null, null, 64, 2, null]);
    const coord = await reader.query(`SELECT arraysize, xtype, "size", indexed FROM tap_schema.columns WHERE table_name = 'pdr3_wide.forced' AND column_name = 'coord'`);
    expect(coord.rows).toEqual([{ arraysize: '2', xtype: 'point', size: 2, indexed: 1 }]);
  });

  it('rewrites TAP_SCHEMA idempotently in one transaction', async () => {
    const client = await owner.connect();
    try {
      await writeTapSchema(client, metadata);
      await writeTapSchema(client, metadata);
    } finally {
      client.release();
    }
    const n = await reader.query('SELECT (SELECT count(*) FROM tap_schema.schemas)::int AS s, (SELECT count(*) FROM tap_schema.keys)::int AS k');
    expect(n.rows[0]).toEqual({ s: metadata.schemas.length, k: metadata.foreignKeys().length });
  });
});
