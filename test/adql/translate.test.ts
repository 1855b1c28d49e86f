// Translation to PostgreSQL + pg_sphere as text: renames, radians, cone rewrites, quoting and
// escaping, TOP/OFFSET and upload schemas (their results are checked on the database in corpus.test.ts).
import { describe, it, expect } from 'vitest';
import { compile } from '../../src/adql/index.ts';
import { hscMetadata } from './fixtures.ts';
import { foreignWords } from './sql-vocabulary.ts';

function sql(text: string, options = {}): string {
  const result = compile(text, hscMetadata, { uploadSchema: 'upload_42', ...options });
  if (!result.ok) throw new Error(result.errors.map((e) => e.describe()).join('; '));
  return result.value.sql;
}

describe('ADQL to PostgreSQL translation', () => {
  it('uses the indexed coord column for POINT(ra, dec) of its own table', () => {
    expect(sql('SELECT ra FROM pdr3_wide.forced WHERE 1 = CONTAINS(POINT(ra, dec), CIRCLE(150, 2, 0.1))')).toContain(
      'WHERE ("forced"."coord" <@ scircle(spoint(radians(150), radians(2)), radians(CAST(0.1 AS double precision))))',
    );
  });

  it('keeps spoint(radians(ra), radians(dec)) for positions without an indexed column', () => {
    expect(sql('SELECT name FROM TAP_UPLOAD.mine WHERE CONTAINS(POINT(ra, dec), CIRCLE(150, 2, 1)) = 0')).toContain(
      '(NOT (spoint(radians("mine"."ra"), radians("mine"."dec")) <@ scircle(',
    );
  });

  it('turns DISTANCE(...) < r into a scircle test plus the exact distance', () => {
    expect(sql('SELECT ra FROM pdr3_wide.forced WHERE 0.5 > DISTANCE(POINT(150, 2), POINT(ra, dec))')).toContain(
      '("forced"."coord" <@ scircle(spoint(radians(150), radians(2)), radians(CAST(0.5 AS double precision))) AND degrees("forced"."coord" <-> spoint(radians(150), radians(2))) < CAST(0.5 AS double precision))',
    );
  });

  it('maps INTERSECTS with a point to containment and other shapes to overlap', () => {
    expect(sql('SELECT ra FROM pdr3_wide.forced WHERE INTERSECTS(CIRCLE(1, 2, 3), POINT(ra, dec)) = 1')).toContain('("forced"."coord" <@ scircle(');
    expect(sql('SELECT ra FROM pdr3_wide.forced WHERE INTERSECTS(CIRCLE(1, 2, 3), CIRCLE(ra, dec, 1)) = 1')).toContain(' && ');
  });

  it('renames LOG, LOG10, TRUNCATE, RAND and CEILING', () => {
    const text = sql('SELECT LOG(ra), LOG10(ra), TRUNCATE(ra, 2), RAND(), CEILING(ra) FROM pdr3_wide.forced');
    expect(text).toMatch(/ln\(CAST\("forced"."ra" AS double precision\)\)/);
    expect(text).toMatch(/log\(CAST/);
    expect(text).toContain('trunc(CAST("forced"."ra" AS numeric), 2)');
    expect(text).toContain('random()');
    expect(text).toContain('ceil(');
  });

  it('writes TOP and OFFSET as LIMIT and OFFSET and honours an overall row limit', () => {
    expect(sql('SELECT TOP 5 ra FROM pdr3_wide.forced OFFSET 10')).toMatch(/LIMIT 5 OFFSET 10$/);
    expect(sql('SELECT TOP 500 ra FROM pdr3_wide.forced', { limit: 101 })).toMatch(/LIMIT 101$/);
  });

  it('sends upload tables to the per-request schema', () => {
    expect(sql('SELECT name FROM TAP_UPLOAD.mine')).toContain('FROM "upload_42"."mine" AS "mine"');
    const result = compile('SELECT name FROM TAP_UPLOAD.mine', hscMetadata);
    expect(result.ok).toBe(false);
  });

  it('escapes string literals and quotes every name', () => {
    const text = sql(`SELECT ra AS "we""ird" FROM pdr3_wide.forced WHERE 'it''s; DROP TABLE x --\\' = 'a'`);
    expect(text).toContain(`"we""ird"`);
    expect(text).toContain(`E'it''s; DROP TABLE x --\\\\'`);
    expect(foreignWords(text)).toEqual([]);
  });

  it('writes flag comparisons as the flag or its negation, never casting the column (its index stays usable)', () => {
    const where = (condition: string): string => sql(`SELECT object_id FROM pdr3_wide.forced WHERE ${condition}`).replace(/^.* WHERE /, '');
    expect(where('isprimary = 1')).toBe('"forced"."isprimary"');
    expect(where("isprimary = 'F'")).toBe('(NOT "forced"."isprimary")');
    expect(where('0 <> isprimary')).toBe('"forced"."isprimary"');
    expect(where('isprimary = FALSE')).toBe('(NOT "forced"."isprimary")');
    expect(where('isprimary AND NOT i_pixelflags_edge')).toBe('("forced"."isprimary" AND (NOT "forced"."i_pixelflags_edge"))');
    expect(where("i_pixelflags_edge IN (0, 'T')")).toBe('("forced"."i_pixelflags_edge" IN (FALSE, TRUE))');
    expect(where('isprimary = i_pixelflags_edge')).toBe('("forced"."isprimary" = "forced"."i_pixelflags_edge")');
    expect(where('coneSearch(coord, 150, 2, 30) = 1')).toBe(where('coneSearch(coord, 150, 2, 30)'));
    expect(where('coneSearch(coord, 150, 2, 30) = 0')).toBe(`(NOT ${where('coneSearch(coord, 150, 2, 30)')})`);
  });

  it('translates MIN/MAX of flags to bool_and/bool_or and CAST of a flag to a number through integer', () => {
    const text = sql('SELECT MIN(isprimary) AS a, MAX(isprimary) AS b, CAST(isprimary AS SMALLINT) AS c, COALESCE(isprimary, 1) AS d FROM pdr3_wide.forced GROUP BY isprimary');
    expect(text).toContain('bool_and("forced"."isprimary") AS "a"');
    expect(text).toContain('bool_or("forced"."isprimary") AS "b"');
    expect(text).toContain('CAST(CAST("forced"."isprimary" AS integer) AS smallint) AS "c"');
    expect(text).toContain('coalesce("forced"."isprimary", TRUE) AS "d"');
    expect(foreignWords(text)).toEqual([]);
  });

  it('builds constant polygons and boxes as pg_sphere literals in degrees', () => {
    expect(sql('SELECT ra FROM pdr3_wide.forced WHERE CONTAINS(POINT(ra, dec), POLYGON(149, 1, 151, 1, 150, 3)) = 1')).toContain(
      "spoly '{(149d,1d),(151d,1d),(150d,3d)}'",
    );
    expect(sql('SELECT ra FROM pdr3_wide.forced WHERE CONTAINS(POINT(ra, dec), BOX(150, 0, 2, 2)) = 1')).toMatch(/spoly '\{\(149(\.0+\d*)?d,-0\.99984/);
  });
});
