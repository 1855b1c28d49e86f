// CSV, TSV, CSV.GZ, FITS and SQLite3 results read back by python's csv, gzip, astropy.io.fits
// and sqlite3 with the fixture's values, nulls and statuses.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFormat } from '../../src/formats/registry.ts';
import type { WriteOutcome } from '../../src/formats/types.ts';
import { FIELDS_WITH_POLYGON as FIELDS, PY_JSON, python, ROWS_WITH_POLYGON as ROWS, source, tempDir, writeFile } from './support.ts';

const dir = tempDir();
const file = (name: string): string => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const outcomes = new Map<string, WriteOutcome>();
const write = async (key: string, format: string, info = {}, failWith?: string, rows = ROWS): Promise<void> => {
  outcomes.set(key, await writeFile(resolveFormat(format).format.write, FIELDS, source(rows, failWith), file(key), info));
};

beforeAll(async () => {
  await write('all.csv', 'csv');
  await write('all.tsv', 'tsv');
  await write('all.csv.gz', 'csv.gz');
  await write('all.fits', 'fits', { sql: 'SELECT 1' });
  await write('error.fits', 'fits', {}, 'statement timeout', ROWS.slice(0, 2));
  await write('overflow.fits', 'fits', { maxrec: 1 });
  await write('all.sqlite3', 'sqlite3', { sql: 'SELECT 1' });
  await write('error.sqlite3', 'sqlite3', {}, 'statement timeout', ROWS.slice(0, 1));
}, 60_000);

const CSV_ROWS = [
  ['object_id', 'ra', 'mag', 'nvisit', 'band', 'tier', 'is_primary', 'comment', 'observer', 'obs_time', 'pos', 'region', 'filter', 'ra', 's_region'],
  ['36407037141565445', '150.125', '21.5', '12', '3', '7', 'true', 'a<b & "c", d\nnext', 'Miyazaki 宮崎', '2016-03-14T10:20:30.250',
    '150.125 2.25', '150 2 0.5', 'HSCi', '150.5', '10 10 11 10 11 11 10 11'],
  ['', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  ['-9007199254740993', '0', 'NaN', '-2147483648', '-32768', '0', 'false', '', 'x', '2020-01-01T00:00:00', '0 -90', '359.5 89 0.001', 'g', '-0',
    '0 0 1 0 0.5 1'],
];

const READ_CSV = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(json.dumps(list(csv.reader(f, delimiter=sys.argv[2]))))
`;

describe('CSV and TSV', () => {
  it('CSV round-trips through an RFC 4180 reader, header first, nulls empty', () => {
    expect(python(READ_CSV, [file('all.csv'), ','])).toEqual(CSV_ROWS);
    expect(readFileSync(file('all.csv'), 'utf8')).toContain('\r\n');
    expect(outcomes.get('all.csv')).toEqual({ rowCount: 3, status: 'OK' });
  });

  it('TSV has no tabs or line breaks inside fields', () => {
    const expected = CSV_ROWS.map((r) => r.map((v) => v.replace(/\n/g, ' ')));
    expect(python(READ_CSV, [file('all.tsv'), '\t'])).toEqual(expected);
  });

  it('CSV.GZ is the CSV bytes gzip-compressed', () => {
    expect(gunzipSync(readFileSync(file('all.csv.gz'))).equals(readFileSync(file('all.csv')))).toBe(true);
  });
});

const READ_FITS = PY_JSON + `
import sys, warnings
from astropy.io import fits
warnings.simplefilter('ignore')
out = {}
for path in sys.argv[1:]:
    with fits.open(path) as hdul:
        hdul.verify('exception')
        hdu = hdul[1]
        data = hdu.data
        cols = hdu.columns
        rows = []
        for i in range(len(data)):
            row = []
            for c in cols:
                v = data[c.name][i]
                if c.null is not None and not hasattr(v, '__len__') and v == c.null: row.append(None); continue
                row.append(plain(v))
            rows.append(row)
        h = hdu.header
        out[path] = {'rows': rows, 'names': cols.names, 'formats': [str(c.format) for c in cols],
                     'units': [c.unit for c in cols], 'status': h.get('QSTATUS'), 'error': h.get('QERROR'),
                     'query': h.get('QUERY'), 'sql': h.get('SQL')}
print(json.dumps(out))
`;
interface FitsRead { rows: unknown[][]; names: string[]; formats: string[]; units: (string | null)[]; status: string; error?: string; query: string; sql?: string }

describe('FITS binary table', () => {
  let read: Record<string, FitsRead>;
  beforeAll(() => {
    read = python<Record<string, FitsRead>>(READ_FITS, [file('all.fits'), file('error.fits'), file('overflow.fits')]);
  });

  it('opens in astropy with equal values, TNULL integers and NaN floats for nulls', () => {
    const t = read[file('all.fits')] as FitsRead;
    expect(t.names).toEqual(['object_id', 'ra', 'mag', 'nvisit', 'band', 'tier', 'is_primary', 'comment', 'observer', 'obs_time', 'pos', 'region',
      'filter', 'ra_2', 's_region']);
    expect(t.formats).toEqual(['1K', '1D', '1E', '1J', '1I', '1B', '1L', '17A', '11A', '23A', '2D', '3D', '4A', '1D', '1QD(8)']);
    expect(t.units[1]).toBe('deg');
    expect(t.rows).toEqual([
      ['36407037141565445', 150.125, 21.5, 12, 3, 7, true, 'a<b & "c", d\nnext', 'Miyazaki ??', '2016-03-14T10:20:30.250',
        [150.125, 2.25], [150, 2, 0.5], 'HSCi', 150.5, [10, 10, 11, 10, 11, 11, 10, 11]],
      [null, 'NaN', 'NaN', null, null, null, false, '', '', '', ['NaN', 'NaN'], ['NaN', 'NaN', 'NaN'], '', 'NaN', []],
      // The smallest int and short are the TNULL values, so FITS reads them as null (documented).
      ['-9007199254740993', 0, 'NaN', null, null, 0, false, '', 'x', '2020-01-01T00:00:00', [0, -90], [359.5, 89, 0.001], 'g', -0,
        [0, 0, 1, 0, 0.5, 1]],
    ]);
    expect([t.status, t.query, t.sql]).toEqual(['OK', 'SELECT * FROM pdr3_wide.forced', 'SELECT 1']);
  });

  it('records a mid-stream failure and MAXREC overflow in QSTATUS, with the rows before it', () => {
    const e = read[file('error.fits')] as FitsRead;
    expect([e.status, e.error, e.rows.length]).toEqual(['ERROR', 'statement timeout', 2]);
    expect(outcomes.get('error.fits')).toEqual({ rowCount: 2, status: 'ERROR', errorMessage: 'statement timeout' });
    const o = read[file('overflow.fits')] as FitsRead;
    expect([o.status, o.rows.length]).toEqual(['OVERFLOW', 1]);
  });
});

const READ_SQLITE = PY_JSON + `
import sqlite3, sys
out = {}
for path in sys.argv[1:]:
    db = sqlite3.connect(path)
    rows = [[plain(v) for v in r] for r in db.execute('SELECT * FROM result ORDER BY rowid')]
    types = [[t for t in r] for r in db.execute('SELECT ' + ', '.join('typeof("%s")' % c[1] for c in db.execute('PRAGMA table_info(result)')) + ' FROM result ORDER BY rowid')]
    info = dict(db.execute('SELECT name, value FROM query_info'))
    cols = [list(r) for r in db.execute('SELECT name, field_name, datatype, unit, xtype FROM result_columns ORDER BY column_index')]
    out[path] = {'rows': rows, 'types': types, 'info': info, 'columns': cols}
print(json.dumps(out))
`;
interface SqliteRead { rows: unknown[][]; types: string[][]; info: Record<string, string>; columns: (string | null)[][] }

describe('SQLite3', () => {
  let read: Record<string, SqliteRead>;
  beforeAll(() => {
    read = python<Record<string, SqliteRead>>(READ_SQLITE, [file('all.sqlite3'), file('error.sqlite3')]);
  });

  it('opens with python sqlite3: typed columns, NULLs, DALI text for arrays, metadata tables', () => {
    const t = read[file('all.sqlite3')] as SqliteRead;
    expect(t.rows).toEqual([
      ['36407037141565445', 150.125, 21.5, 12, 3, 7, 1, 'a<b & "c", d\nnext', 'Miyazaki 宮崎', '2016-03-14T10:20:30.250',
        '150.125 2.25', '150 2 0.5', 'HSCi', 150.5, '10 10 11 10 11 11 10 11'],
      [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
      ['-9007199254740993', 0, null, -2147483648, -32768, 0, 0, '', 'x', '2020-01-01T00:00:00', '0 -90', '359.5 89 0.001', 'g', 0,
        '0 0 1 0 0.5 1'],
    ]);
    expect(t.types[0]).toEqual(['integer', 'real', 'real', 'integer', 'integer', 'integer', 'integer', 'text', 'text', 'text', 'text', 'text',
      'text', 'real', 'text']);
    expect(t.info).toEqual({ QUERY_STATUS: 'OK', QUERY: 'SELECT * FROM pdr3_wide.forced', SQL: 'SELECT 1' });
    expect(t.columns[13]).toEqual(['ra_2', 'ra', 'double', 'deg', null]);
  });

  it('records a mid-stream failure in query_info with the rows before it', () => {
    const e = read[file('error.sqlite3')] as SqliteRead;
    expect([e.info.QUERY_STATUS, e.info.ERROR, e.rows.length]).toEqual(['ERROR', 'statement timeout', 1]);
  });
});
