// sql/020_frames.sql against the generator's TableSpecs: same columns, order and types, in both
// schemas, checked on the migrated test database; and a generated night loads with COPY.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { projectRoot } from '../../../src/config.ts';
import { frameTables, frameUnits } from '../../../src/generate/frames/index.ts';
import type { Cell, TableSpec } from '../../../src/generate/table.ts';

/** PostgreSQL's information_schema names of the DDL type spellings used by the specs. */
const PG_TYPE: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  real: 'real',
  float8: 'double precision',
  text: 'text',
  timestamptz: 'timestamp with time zone',
};

const specs = (schema: 'pdr3_wide' | 'pdr3_dud'): TableSpec[] => Object.values(frameTables(schema));

describe('sql/020_frames.sql', () => {
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  afterAll(() => pool.end());

  it('declares each pdr3_wide table with the TableSpec columns in order', () => {
    const sql = fs.readFileSync(path.join(projectRoot, 'sql', '020_frames.sql'), 'utf8');
    for (const spec of specs('pdr3_wide')) {
      const m = new RegExp(`CREATE TABLE IF NOT EXISTS pdr3_wide\\.${spec.name} \\(([^;]*)\\);`).exec(sql);
      expect(m, spec.name).not.toBeNull();
      const cols = m![1]!.split(',\n').map((l) => l.trim().split(/\s+/).slice(0, 2));
      expect(cols.map(([n]) => n!.replace(/"/g, ''))).toEqual(spec.columns.map((c) => c.name));
      expect(cols.map(([, t]) => t)).toEqual(spec.columns.map((c) => c.pgType));
    }
  });

  it('creates the same tables in pdr3_wide and pdr3_dud in the migrated database', async () => {
    for (const schema of ['pdr3_wide', 'pdr3_dud'] as const) {
      for (const spec of specs(schema)) {
        const r = await pool.query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns
           WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
          [schema, spec.name],
        );
        expect(r.rows.map((x) => x.column_name), `${schema}.${spec.name}`).toEqual(spec.columns.map((c) => c.name));
        expect(r.rows.map((x) => x.data_type)).toEqual(spec.columns.map((c) => PG_TYPE[c.pgType]));
      }
    }
  });

  it('loads a generated tiny night through COPY inside a rolled-back transaction', async () => {
    const client = await pool.connect();
    const csv = (v: Cell): string => (v === null ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v));
    try {
      await client.query('BEGIN');
      // The suite's tiny data set may already hold frames: set them aside (DELETE keeps readers unblocked).
      for (const spec of specs('pdr3_wide')) await client.query(`DELETE FROM pdr3_wide.${spec.name}`);
      const loaded = new Map<string, number>();
      for (const chunk of frameUnits('tiny', 5)[0]!.produce()) {
        const cols = chunk.table.columns.map((c) => `"${c.name}"`).join(', ');
        const stream = client.query(copyFrom(`COPY ${chunk.table.schema}.${chunk.table.name} (${cols}) FROM STDIN WITH (FORMAT csv)`));
        const done = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
        });
        stream.end(chunk.rows.map((r) => r.map(csv).join(',')).join('\n') + '\n');
        await done;
        loaded.set(chunk.table.name, (loaded.get(chunk.table.name) ?? 0) + chunk.rows.length);
      }
      const r = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pdr3_wide.raw_frame r JOIN pdr3_wide.frame f USING (frame_id) WHERE r.visit = f.visit`,
      );
      expect(Number(r.rows[0]!.n)).toBe(loaded.get('frame'));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
