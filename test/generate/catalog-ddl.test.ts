// sql/010_catalog.sql declares the catalog tables with exactly the generator's columns, in order.
import fs from 'node:fs';
import { describe, it, expect } from 'vitest';
import { catalogTables, TRUTH_TABLE } from '../../src/generate/catalog-tables.ts';
import type { TableSpec } from '../../src/generate/table.ts';

const ddl = fs.readFileSync(new URL('../../sql/010_catalog.sql', import.meta.url), 'utf8');

/** Column names and types of `CREATE TABLE schema.name ( ... );` in the DDL text. */
function ddlColumns(schema: string, name: string): { name: string; type: string }[] {
  const m = new RegExp(`CREATE TABLE ${schema}\\.${name} \\(\\n([\\s\\S]*?)\\n\\);`).exec(ddl);
  if (m === null) throw new Error(`no CREATE TABLE ${schema}.${name}`);
  return (m[1] as string).split(',\n').map((l) => {
    const [col, type] = l.trim().split(/\s+/);
    return { name: col as string, type: type as string };
  });
}

const wide = catalogTables('pdr3_wide');
const cases: [string, TableSpec, string[]][] = [
  ['forced', wide.forced, ['coord']],
  ['masks', wide.masks, []],
  ['specz', wide.specz, []],
  ['photoz_demp', wide.photozDemp, []],
  ['patch_qa', wide.patchQa, []],
];

describe('sql/010_catalog.sql', () => {
  it.each(cases)('declares pdr3_wide.%s with the TableSpec columns in order, generated columns last', (name, spec, generated) => {
    const cols = ddlColumns('pdr3_wide', name);
    expect(cols.map((c) => c.name)).toEqual([...spec.columns.map((c) => c.name), ...generated]);
    expect(cols.slice(0, spec.columns.length).map((c) => c.type)).toEqual(spec.columns.map((c) => c.pgType));
    expect(ddl).toContain(`CREATE TABLE pdr3_dud.${name} (LIKE pdr3_wide.${name} INCLUDING ALL);`);
  });

  it('declares synth.truth with the truth TableSpec columns', () => {
    expect(ddlColumns('synth', 'truth').map((c) => c.name)).toEqual(TRUTH_TABLE.columns.map((c) => c.name));
  });

  it('makes coord a stored pg_sphere spoint computed from ra and dec, and creates no index', () => {
    expect(ddl).toContain('coord spoint GENERATED ALWAYS AS (spoint(radians(ra), radians(dec))) STORED');
    expect(ddl).not.toMatch(/CREATE (UNIQUE )?INDEX/i);
  });
});
