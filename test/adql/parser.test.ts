// Parser behaviour beyond lyonetia: AST shapes with positions, syntax errors with expected
// tokens, optional features refused as declared, and the bounds on size and nesting.
import { describe, it, expect } from 'vitest';
import { parse } from '../../src/adql/parser.ts';
import { FEATURE_TYPE, LANGUAGE_FEATURES } from '../../src/adql/features.ts';
import { USER_DEFINED_FUNCTIONS, udfForm } from '../../src/adql/functions.ts';

function ast(text: string) {
  const result = parse(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.describe()).join('; '));
  return result.value;
}

function error(text: string, options = {}) {
  const result = parse(text, options);
  if (result.ok) throw new Error('expected a parse error');
  const [first] = result.errors;
  if (!first) throw new Error('no error reported');
  return first;
}

describe('ADQL parser', () => {
  it('gives every node the line and column where it starts', () => {
    const query = ast('SELECT TOP 5\n  ra\nFROM t');
    expect(query.body.type).toBe('select');
    if (query.body.type !== 'select') return;
    expect(query.body.top).toBe(5);
    expect(query.body.items[0]?.pos).toMatchObject({ line: 2, column: 3 });
    expect(query.body.from[0]?.pos).toMatchObject({ line: 3, column: 6 });
  });

  it('reads every numeric literal form', () => {
    const query = ast('SELECT 12, 12.5, .5, 1., 12.3E4, 10e-5 FROM t');
    if (query.body.type !== 'select') throw new Error('select expected');
    expect(query.body.items.map((i) => (i.type === 'derivedColumn' && i.value.type === 'number' ? i.value.form : ''))).toEqual([
      'integer', 'decimal', 'decimal', 'decimal', 'approximate', 'approximate',
    ]);
  });

  it('binds INTERSECT tighter than UNION', () => {
    const query = ast('SELECT a FROM x UNION SELECT a FROM y INTERSECT SELECT a FROM z');
    expect(query.body).toMatchObject({ type: 'set', operator: 'union', right: { type: 'set', operator: 'intersect' } });
  });

  it('reports what was expected at a syntax error', () => {
    const e = error('SELECT ra FROM t WHERE ra >');
    expect(e.kind).toBe('syntax');
    expect(e.expected).toEqual(['a value']);
    expect(e.column).toBe(28);
  });

  it('explains a reserved word used as a name', () => {
    expect(error('SELECT size FROM t').message).toMatch(/reserved word; write "size"/);
  });

  it('refuses optional features the service does not declare', () => {
    const withoutSets = LANGUAGE_FEATURES.filter((f) => f.form !== 'UNION');
    const e = error('SELECT a FROM x UNION SELECT a FROM y', { features: withoutSets });
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/UNION/);
  });

  it('declares features under the TAPRegExt feature type IDs as ADQL 2.1 §4 spells them (taplint W-CAP-CULF)', () => {
    const standard = ['adqlgeo', 'udf', 'adql-string', 'adql-common-table', 'adql-sets', 'adql-type', 'adql-conditional', 'adql-unit', 'adql-offset']
      .map((name) => `ivo://ivoa.net/std/TAPRegExt#features-${name}`);
    expect(Object.values(FEATURE_TYPE).filter((id) => !standard.includes(id))).toEqual([]);
    expect(LANGUAGE_FEATURES.filter((f) => !standard.includes(f.type))).toEqual([]);
  });

  it('names UDF parameters without underscores, which the form parser of taplint (Vollt 1.5) rejects, dropping the UDF', () => {
    const forms = USER_DEFINED_FUNCTIONS.map(udfForm);
    expect(forms.filter((form) => !/^[A-Za-z][A-Za-z0-9_]*\((([A-Za-z][A-Za-z0-9]* [A-Z]+)(, [A-Za-z][A-Za-z0-9]* [A-Z]+)*)?\) -> [A-Z]+$/.test(form))).toEqual([]);
  });

  it('refuses unknown functions with close known names', () => {
    const e = error('SELECT ivo_healpix_indx(5, ra, dec) FROM t');
    expect(e.kind).toBe('unknown');
    expect(e.suggestions).toContain('ivo_healpix_index');
  });

  it('accepts HSC boolean UDFs alone in WHERE but not other functions', () => {
    expect(parse('SELECT a FROM t WHERE coneSearch(coord, 150, 2, 3)').ok).toBe(true);
    expect(parse('SELECT a FROM t WHERE ivo_healpix_index(5, ra, dec)').ok).toBe(false);
  });

  it('reads TRUE and FALSE as boolean literals (ADQL 2.1 BNF boolean_literal)', () => {
    const query = ast('SELECT TRUE, false FROM t WHERE flag = TRUE');
    if (query.body.type !== 'select') throw new Error('select expected');
    expect(query.body.items.map((i) => (i.type === 'derivedColumn' ? i.value : null))).toMatchObject([
      { type: 'boolean', value: true }, { type: 'boolean', value: false },
    ]);
  });

  it('accepts a bare column as a condition wherever a condition may end, for flag columns', () => {
    const query = ast('SELECT a FROM t WHERE isprimary AND NOT i_pixelflags_edge');
    if (query.body.type !== 'select') throw new Error('select expected');
    expect(query.body.where).toMatchObject({
      type: 'and',
      left: { type: 'truthValue', value: { type: 'column', name: { name: 'isprimary' } } },
      right: { type: 'not', operand: { type: 'truthValue', value: { type: 'column', name: { name: 'i_pixelflags_edge' } } } },
    });
    for (const text of [
      'SELECT a FROM t WHERE (f.flag) OR g = 1 ORDER BY a',
      'SELECT CASE WHEN flag THEN 1 ELSE 0 END FROM t',
      'SELECT a FROM t JOIN u ON u.flag WHERE TRUE',
      'SELECT a FROM t GROUP BY a HAVING flag UNION SELECT a FROM u',
    ]) expect(parse(text).ok, text).toBe(true);
  });

  it('keeps a value followed by junk a syntax error at the junk, expecting an operator', () => {
    const e = error('SELECT a FROM t WHERE ra 5');
    expect(e.column).toBe(26);
    expect(e.expected).toContain('a comparison operator');
    expect(parse('SELECT a FROM t WHERE ra + 1').ok).toBe(false);
  });

  it('bounds the nesting depth and the text length instead of overflowing', () => {
    const deep = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)} FROM t`;
    expect(error(deep).kind).toBe('unsupported');
    expect(error(`SELECT a FROM t WHERE a = '${'x'.repeat(200_000)}'`).kind).toBe('unsupported');
  });

  it('keeps parenthesised conditions and parenthesised values apart', () => {
    expect(parse('SELECT a FROM t WHERE (a + 1) * 2 > 3 AND (b = 1 OR (c) < 2)').ok).toBe(true);
  });
});
