// VOTable TABLEDATA and BINARY2 results: votlint-clean, read back by astropy with the same
// values, nulls and types, status slot after the TABLE (DALI 1.1 §4.4), error documents.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldIds } from '../../src/formats/fields.ts';
import { votableError } from '../../src/formats/votable/document.ts';
import { votableWriter } from '../../src/formats/votable/writer.ts';
import type { WriteOutcome } from '../../src/formats/types.ts';
import {
  FIELDS, FIELDS_WITH_POLYGON, POLYGONS, PY_JSON, python, ROWS, ROWS_WITH_POLYGON, source, tempDir, votlintErrors, writeFile,
} from './support.ts';

const READ_VOTABLES = PY_JSON + `
import sys, warnings
from astropy.io.votable import parse
warnings.simplefilter('ignore')
out = {}
for path in sys.argv[1:]:
    table = parse(path).get_first_table()
    arr = table.array
    rows = []
    for i in range(len(arr)):
        row = []
        for name in arr.dtype.names:
            m = arr.mask[name][i]
            masked = bool(m.all()) if hasattr(m, 'all') else bool(m)
            row.append(None if masked else plain(arr.data[name][i]))
        rows.append(row)
    out[path] = {'rows': rows, 'kinds': [arr.dtype[n].base.kind for n in arr.dtype.names],
                 'ids': [f.ID for f in table.fields], 'names': [f.name for f in table.fields]}
print(json.dumps(out))
`;

interface AstropyTable { rows: unknown[][]; kinds: string[]; ids: string[]; names: string[] }

const SERIALIZATIONS = ['TABLEDATA', 'BINARY2'] as const;
const dir = tempDir();
const file = (name: string): string => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const outcomes = new Map<string, WriteOutcome>();
let lint: Map<string, string[]>;
let astropy: Record<string, AstropyTable>;

/**
 * The values astropy should read for the fixture rows. astropy reads null strings as '' (it
 * keeps no mask for them); null numbers and arrays come back masked.
 */
const EXPECTED = [
  ['36407037141565445', 150.125, 21.5, 12, 3, 7, true, 'a<b & "c", d\nnext', 'Miyazaki 宮崎', '2016-03-14T10:20:30.250',
    [150.125, 2.25], [150, 2, 0.5], 'HSCi', 150.5],
  [null, null, null, null, null, null, null, '', '', '', null, null, '', null],
  ['-9007199254740993', 0, null, -2147483648, -32768, 0, false, '', 'x', '2020-01-01T00:00:00', [0, -90], [359.5, 89, 0.001], 'g', -0],
];

function normalise(rows: unknown[][]): unknown[][] {
  // Compare 64-bit integers as text (JSON numbers lose them); astropy gives floats a NaN mask.
  return rows.map((r) => r.map((v, i) => (i === 0 && v !== null ? String(v) : v)));
}

beforeAll(async () => {
  for (const s of SERIALIZATIONS) {
    outcomes.set(`all-${s}`, await writeFile(votableWriter(s), FIELDS, source(ROWS), file(`all-${s}.vot`), { sql: 'SELECT 1' }));
    outcomes.set(`error-${s}`, await writeFile(votableWriter(s), FIELDS, source(ROWS.slice(0, 2), 'connection to server was lost'),
      file(`error-${s}.vot`)));
    outcomes.set(`overflow-${s}`, await writeFile(votableWriter(s), FIELDS, source(ROWS), file(`overflow-${s}.vot`), { maxrec: 2 }));
    outcomes.set(`maxrec0-${s}`, await writeFile(votableWriter(s), FIELDS, source(ROWS), file(`maxrec0-${s}.vot`), { maxrec: 0 }));
    outcomes.set(`polygon-${s}`, await writeFile(votableWriter(s), FIELDS_WITH_POLYGON, source(ROWS_WITH_POLYGON), file(`polygon-${s}.vot`)));
  }
  writeFileSync(file('error-document.vot'), votableError('ADQL syntax error at line 1, column 8: expected FROM', { query: 'SELECT x' }));
  const linted = [
    ...SERIALIZATIONS.flatMap((s) => ['all', 'error', 'overflow', 'maxrec0'].map((k) => file(`${k}-${s}.vot`))),
    file('error-document.vot'), file('polygon-TABLEDATA.vot'),
  ];
  lint = votlintErrors(linted);
  const read = SERIALIZATIONS.flatMap((s) => ['all', 'error', 'overflow', 'maxrec0', 'polygon'].map((k) => file(`${k}-${s}.vot`)));
  astropy = python<Record<string, AstropyTable>>(READ_VOTABLES, read);
}, 120_000);

describe.each(SERIALIZATIONS)('VOTable %s', (s) => {
  it('passes votlint for every document variant', () => {
    for (const k of ['all', 'error', 'overflow', 'maxrec0']) expect(lint.get(file(`${k}-${s}.vot`)), k).toEqual([]);
  });

  it('reads back in astropy with the same values, nulls and types', () => {
    const t = astropy[file(`all-${s}.vot`)] as AstropyTable;
    expect(normalise(t.rows)).toEqual(EXPECTED);
    expect(t.kinds).toEqual(['i', 'f', 'f', 'i', 'i', 'u', 'b', 'O', 'O', 'O', 'f', 'f', 'U', 'f']);
    expect(outcomes.get(`all-${s}`)).toEqual({ rowCount: 3, status: 'OK' });
  });

  it('keeps repeated column names and gives each FIELD a unique ID', () => {
    const t = astropy[file(`all-${s}.vot`)] as AstropyTable;
    expect(t.names.filter((n) => n === 'ra')).toHaveLength(2);
    expect(new Set(t.ids).size).toBe(t.ids.length);
  });

  it('puts QUERY_STATUS OK, QUERY and SQL before the TABLE and nothing after it when complete', () => {
    const text = readFileSync(file(`all-${s}.vot`), 'utf8');
    const [before, after] = text.split('</TABLE>') as [string, string];
    expect(before).toMatch(/<RESOURCE type="results">\s*<INFO name="QUERY_STATUS" value="OK"\/>/);
    expect(before).toContain('<INFO name="QUERY" value="SELECT * FROM pdr3_wide.forced"/>');
    expect(before).toContain('<INFO name="SQL" value="SELECT 1"/>');
    expect(after).not.toContain('QUERY_STATUS');
  });

  it('ends the TABLE and reports ERROR after it when the row source fails mid-stream', () => {
    expect(outcomes.get(`error-${s}`)).toEqual({ rowCount: 2, status: 'ERROR', errorMessage: 'connection to server was lost' });
    const text = readFileSync(file(`error-${s}.vot`), 'utf8');
    const after = text.split('</TABLE>')[1];
    expect(after).toMatch(/^\s*<INFO name="QUERY_STATUS" value="ERROR">connection to server was lost<\/INFO>\s*<\/RESOURCE>\s*<\/VOTABLE>\s*$/);
    expect(text.match(/<VOTABLE/g)).toHaveLength(1);
    expect(normalise((astropy[file(`error-${s}.vot`)] as AstropyTable).rows)).toEqual(EXPECTED.slice(0, 2));
  });

  it('writes the metadata and OVERFLOW for MAXREC=0 when a row exists', () => {
    expect(outcomes.get(`maxrec0-${s}`)).toEqual({ rowCount: 0, status: 'OVERFLOW' });
    expect((astropy[file(`maxrec0-${s}.vot`)] as AstropyTable).names).toHaveLength(FIELDS.length);
    expect(readFileSync(file(`maxrec0-${s}.vot`), 'utf8')).toMatch(/<\/TABLE>\s*<INFO name="QUERY_STATUS" value="OVERFLOW"/);
  });

  it('writes DALI polygons as double arrays with xtype polygon', () => {
    // astropy masks a null polygon in BINARY2 (null flag) but reads an empty TD as [].
    const t = astropy[file(`polygon-${s}.vot`)] as AstropyTable;
    expect(t.rows.map((r) => r[r.length - 1])).toEqual([POLYGONS[0], s === 'BINARY2' ? null : [], POLYGONS[2]]);
    expect(readFileSync(file(`polygon-${s}.vot`), 'utf8')).toContain('datatype="double" arraysize="*" unit="deg" xtype="polygon"');
  });
});

describe('OVERFLOW only when row MAXREC+1 exists', () => {
  it.each(SERIALIZATIONS)('%s: exactly MAXREC rows is OK, MAXREC+1 rows is OVERFLOW with MAXREC written', async (s) => {
    const exact = source(ROWS.slice(0, 2));
    const exactPath = file(`exact-${s}.vot`);
    expect(await writeFile(votableWriter(s), FIELDS, exact, exactPath, { maxrec: 2 })).toEqual({ rowCount: 2, status: 'OK' });
    expect(readFileSync(exactPath, 'utf8')).not.toContain('OVERFLOW');

    const more = source(ROWS);
    expect(outcomes.get(`overflow-${s}`)).toEqual({ rowCount: 2, status: 'OVERFLOW' });
    const overflowPath = file(`overflow2-${s}.vot`);
    expect(await writeFile(votableWriter(s), FIELDS, more, overflowPath, { maxrec: 2 })).toEqual({ rowCount: 2, status: 'OVERFLOW' });
    expect(more.pulled).toBe(3);
    expect(more.closed).toBe(true);
    expect(readFileSync(overflowPath, 'utf8')).toMatch(/<\/TABLE>\s*<INFO name="QUERY_STATUS" value="OVERFLOW"/);
    expect((astropy[file(`overflow-${s}.vot`)] as AstropyTable).rows).toHaveLength(2);
  });
});

describe('VOTable documents', () => {
  it('the polygon TABLEDATA document passes votlint', () => {
    // Null polygons are empty TDs, which votlint 3.4.7 flags ("Bad double string ''") although
    // VOTable 1.3+ makes an empty TD null for every type; non-null polygons must be clean.
    expect(lint.get(file('polygon-TABLEDATA.vot'))?.filter((e) => !e.includes("Bad double string ''"))).toEqual([]);
  });

  it('an error document is a results RESOURCE with QUERY_STATUS ERROR and the message', () => {
    expect(lint.get(file('error-document.vot'))).toEqual([]);
    const text = readFileSync(file('error-document.vot'), 'utf8');
    expect(text).toMatch(/<RESOURCE type="results">\s*<INFO name="QUERY_STATUS" value="ERROR">ADQL syntax error at line 1, column 8: expected FROM<\/INFO>/);
    expect(text).not.toContain('<TABLE');
  });

  it('field IDs are XML IDs, unique without regard to case', () => {
    expect(fieldIds(['ra', 'RA', 'ra', '2mass', 'a b', 'ra_2'])).toEqual(['ra', 'RA_2', 'ra_3', 'col_2mass', 'a_b', 'ra_2_2']);
  });
});
