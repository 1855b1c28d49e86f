// Translation corpus: astronomers' ADQL (cones, joins of forced with masks/photoz, aggregates,
// HSC habits, set operations, geometry output) runs on PostgreSQL + pg_sphere and returns the
// same rows as SQL written by hand.
import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { CORPUS } from './corpus-queries.ts';
import { createHscTestSchema, type HscTestSchema } from './database.ts';

let db: HscTestSchema;

beforeAll(async () => {
  db = await createHscTestSchema(inject('databaseUrl'), 5_000);
});
afterAll(async () => {
  await db?.drop();
});


function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(10));
  if (Array.isArray(value)) return value.map(rounded);
  return value;
}

function canonical(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((row) => JSON.stringify(Object.values(row).map(rounded))).sort();
}

describe('translation corpus against hand-written SQL', () => {
  it.each(CORPUS)('%s', async (_name, adql, handSql) => {
    const compiled = compile(adql, db.meta, { uploadSchema: db.uploadSchema });
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.describe()).join('; '));
    const ours = await db.client.query<Record<string, unknown>>(compiled.value.sql);
    const theirs = await db.client.query<Record<string, unknown>>(handSql.replace(/\bS\./g, `${db.schema}.`).replace(/\bU\./g, `${db.uploadSchema}.`));
    expect(ours.rows.length).toBeGreaterThan(0);
    expect(canonical(ours.rows)).toEqual(canonical(theirs.rows));
    expect(ours.fields.map((f) => f.name)).toEqual(compiled.value.columns.map((c) => c.sqlName));
  });
});
