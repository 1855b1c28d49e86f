// Validation against table metadata: names resolved with ADQL's case rules, all problems reported
// together with positions and suggestions, output columns typed for VOTable FIELDs.
import { describe, it, expect } from 'vitest';
import { parse } from '../../src/adql/parser.ts';
import { validate } from '../../src/adql/validate.ts';
import { metadataFromTables } from '../../src/adql/metadata.ts';
import { FORCED, HSC_TABLES, hscMetadata } from './fixtures.ts';

function check(text: string, meta = hscMetadata) {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.describe()).join('; '));
  return validate(parsed.value, meta);
}

function errorsOf(text: string) {
  const result = check(text);
  if (result.ok) throw new Error('expected validation errors');
  return result.errors;
}

describe('ADQL validation', () => {
  it('resolves regular identifiers case-insensitively and describes the output columns', () => {
    const result = check('SELECT Object_ID, RA AS alpha, i_cmodel_mag FROM PDR3_WIDE.Forced');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.columns.map((c) => [c.name, c.datatype, c.unit, c.ucd])).toEqual([
      ['Object_ID', 'long', undefined, 'meta.id;meta.main'],
      ['alpha', 'double', 'deg', 'pos.eq.ra;meta.main'],
      ['i_cmodel_mag', 'float', 'mag', 'phot.mag;em.opt.I'],
    ]);
  });

  it('treats delimited identifiers as case-sensitive', () => {
    expect(check('SELECT "ra" FROM pdr3_wide.forced').ok).toBe(true);
    expect(errorsOf('SELECT "RA" FROM pdr3_wide.forced')[0]?.message).toMatch(/unknown column RA/);
  });

  it('reports every unknown name at once with its line, column and the closest names', () => {
    const errors = errorsOf('SELECT i_cmodle_mag,\n  nosuch\nFROM pdr3_wide.forced WHERE tracts = 1');
    expect(errors.map((e) => [e.kind, e.line, e.column])).toEqual([['unknown', 1, 8], ['unknown', 2, 3], ['unknown', 3, 29]]);
    expect(errors[0]?.suggestions).toContain('i_cmodel_mag');
    expect(errors[2]?.suggestions).toContain('tract');
  });

  it('suggests existing tables for an unknown one', () => {
    const [error] = errorsOf('SELECT * FROM pdr3_wide.forcd');
    expect(error?.message).toMatch(/unknown table/);
    expect(error?.suggestions).toContain('pdr3_wide.forced');
  });

  it('only sees the tables the provider returns (rights filtering)', () => {
    const onlyForced = metadataFromTables([FORCED]);
    expect(check('SELECT object_id FROM pdr3_wide.forced', onlyForced).ok).toBe(true);
    const result = check('SELECT object_id FROM pdr3_wide.masks', onlyForced);
    expect(result.ok).toBe(false);
  });

  it('refuses an unqualified column present in two joined tables as ambiguous', () => {
    const [error] = errorsOf('SELECT object_id FROM pdr3_wide.forced AS f, pdr3_wide.masks AS m');
    expect(error?.message).toMatch(/ambiguous/);
    expect(error?.suggestions).toEqual(['f.object_id', 'm.object_id']);
  });

  it('merges USING columns so they need no qualifier, and expands * once for them', () => {
    const result = check('SELECT * FROM pdr3_wide.masks JOIN pdr3_wide.photoz_demp USING (object_id)');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.columns.map((c) => c.name)).toEqual(['object_id', 'i_mask_brightstar_any', 'tract', 'photoz_best', 'photoz_err68_min']);
  });

  it('checks geometry argument types', () => {
    const errors = errorsOf("SELECT object_id FROM pdr3_wide.forced WHERE CONTAINS(ra, CIRCLE(150, 2, 'wide')) = 1");
    expect(errors.map((e) => e.kind)).toEqual(['type', 'type']);
  });

  it('types geometry outputs with DALI xtypes', () => {
    const result = check('SELECT POINT(ra, dec) AS p, CIRCLE(ra, dec, 1) AS c, POLYGON(1, 2, 3, 4, 5, 6) AS poly, coord FROM pdr3_wide.forced');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.columns.map((c) => [c.datatype, c.arraysize, c.xtype])).toEqual([
        ['double', '2', 'point'], ['double', '3', 'circle'], ['double', '*', 'polygon'], ['double', '2', 'point'],
      ]);
    }
  });

  it('writes one character as a char FIELD without arraysize, longer fixed strings with theirs (VOTable 1.3 Erratum 3)', () => {
    const flags = metadataFromTables([{ schema: 'TAP_UPLOAD', name: 'flags', columns: [
      { name: 'code', type: { name: 'CHAR', arraysize: '1' } }, { name: 'band', type: { name: 'CHAR', arraysize: '5' } },
    ] }]);
    const result = check('SELECT code, band FROM TAP_UPLOAD.flags', flags);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.columns.map((c) => [c.datatype, c.arraysize])).toEqual([['char', undefined], ['char', '5']]);
  });

  it('converts units with IN_UNIT and refuses unconvertible or unitless values', () => {
    expect(check("SELECT IN_UNIT(ra, 'arcsec') FROM pdr3_wide.forced").ok).toBe(true);
    expect(errorsOf("SELECT IN_UNIT(ra, 'm') FROM pdr3_wide.forced")[0]?.message).toMatch(/cannot convert 'deg' to 'm'/);
    expect(errorsOf("SELECT IN_UNIT(tract, 'deg') FROM pdr3_wide.forced")[0]?.message).toMatch(/known unit/);
  });

  it('requires set-operation operands to have the same number of columns', () => {
    expect(errorsOf('SELECT ra, dec FROM pdr3_wide.forced UNION SELECT ra FROM pdr3_wide.forced')[0]?.message).toMatch(/2 and 1 columns/);
  });

  it('resolves ORDER BY select-list aliases and positions, and refuses positions out of range', () => {
    expect(check('SELECT ra AS alpha FROM pdr3_wide.forced ORDER BY alpha, 1').ok).toBe(true);
    expect(errorsOf('SELECT ra FROM pdr3_wide.forced ORDER BY 2')[0]?.message).toMatch(/no select-list column 2/);
  });

  it('lets a BOOLEAN flag meet 0/1, TRUE/FALSE and the strings true/false/T/F, and stand alone as a condition', () => {
    for (const where of [
      'isprimary = 1', 'isprimary = 0', '1 = isprimary', 'isprimary <> 0', "isprimary = 'true'", "isprimary = 'F'", "i_pixelflags_edge != 'False'",
      'isprimary = TRUE', 'FALSE = i_pixelflags_edge', 'isprimary', 'isprimary AND NOT i_pixelflags_edge', 'isprimary = i_pixelflags_edge',
      'isprimary IN (1)', "COALESCE(i_pixelflags_edge, 0) = 0", 'CASE WHEN isprimary THEN i_pixelflags_edge ELSE 1 END',
      'coneSearch(coord, 150.1, 2.2, 30) = 1', "coneSearch(coord, 150.1, 2.2, 30) = 'T'",
    ]) expect(check(`SELECT object_id FROM pdr3_wide.forced WHERE ${where}`).ok, where).toBe(true);
  });

  it('refuses meaningless mixes of truth values with numbers, strings and ordering, saying what a flag accepts', () => {
    const refusal = (where: string): string => errorsOf(`SELECT object_id FROM pdr3_wide.forced WHERE ${where}`).map((e) => e.message).join('; ');
    expect(refusal('isprimary = 2')).toMatch(/cannot compare BOOLEAN with INTEGER.*TRUE\/FALSE, 1\/0, 'true'\/'false' or 'T'\/'F'/);
    expect(refusal("isprimary = 'yes'")).toMatch(/cannot compare BOOLEAN with VARCHAR/);
    expect(refusal('isprimary = ra')).toMatch(/cannot compare BOOLEAN with DOUBLE/);
    expect(refusal('isprimary + 1 > 0')).toMatch(/operator \+ expects a number, not BOOLEAN.*CAST\(flag AS INTEGER\)/);
    expect(refusal('isprimary > 0')).toMatch(/compare with = and <> only/);
    expect(refusal('isprimary BETWEEN 0 AND 1')).toMatch(/BETWEEN needs three comparable values/);
    expect(refusal('ra')).toMatch(/column ra is DOUBLE, not BOOLEAN: compare it with something/);
    expect(errorsOf('SELECT SUM(isprimary) FROM pdr3_wide.forced')[0]?.message).toMatch(/SUM expects a number, not BOOLEAN/);
  });

  it('types flags, TRUE/FALSE and literals read as truth values as VOTable boolean outputs', () => {
    const result = check('SELECT isprimary, TRUE AS yes, COALESCE(i_pixelflags_edge, 0) AS edge, MAX(isprimary) AS any_primary, CAST(isprimary AS INTEGER) AS n FROM pdr3_wide.forced GROUP BY isprimary, i_pixelflags_edge');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.columns.map((c) => c.datatype)).toEqual(['boolean', 'boolean', 'boolean', 'boolean', 'int']);
  });

  it('sees upload tables through the same provider under TAP_UPLOAD', () => {
    expect(check('SELECT u.name FROM tap_upload.mine AS u').ok).toBe(true);
    expect(HSC_TABLES.some((t) => t.schema === 'TAP_UPLOAD')).toBe(true);
  });
});
