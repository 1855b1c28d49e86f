// The embedded database: migrations recorded, pg_sphere present, the reader role read-only.
import { afterAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { listMigrations } from '../../src/db/migrate.ts';

describe('private cluster and migrations', () => {
  const owner = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  const reader = new pg.Pool({ connectionString: inject('readerUrl'), max: 2 });
  afterAll(async () => { await Promise.all([owner.end(), reader.end()]); });

  it('records every migration in sql/ once, in order', async () => {
    const r = await owner.query<{ name: string }>('SELECT name FROM public.hscvo_migration ORDER BY name');
    expect(r.rows.map((x) => x.name)).toEqual(listMigrations().map((m) => m.name));
  });

  it('has pg_sphere, computing a distance in radians', async () => {
    const r = await owner.query<{ d: number }>("SELECT spoint(0, 0) <-> spoint(radians(1), 0) AS d");
    expect(r.rows[0]?.d).toBeCloseTo(Math.PI / 180, 12);
  });

  it('lets the reader role read published schemas but not write or create', async () => {
    await owner.query('CREATE TABLE IF NOT EXISTS pdr3_wide.reader_probe (a int)');
    await owner.query('INSERT INTO pdr3_wide.reader_probe VALUES (1)');
    const r = await reader.query('SELECT count(*)::int AS n FROM pdr3_wide.reader_probe');
    expect(r.rows[0].n).toBeGreaterThan(0);
    await expect(reader.query('INSERT INTO pdr3_wide.reader_probe VALUES (2)')).rejects.toThrow(/permission denied/);
    await expect(reader.query('CREATE TABLE pdr3_wide.evil (a int)')).rejects.toThrow(/permission denied/);
    await expect(reader.query('SELECT * FROM hscvo.ingested_unit')).rejects.toThrow(/permission denied/);
    await owner.query('DROP TABLE pdr3_wide.reader_probe');
  });
});
