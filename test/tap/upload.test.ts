// TAP_UPLOAD against the real database: VOTables (TABLEDATA, and BINARY/BINARY2 written by STIL,
// the library TOPCAT and taplint use) round-trip every type through the per-query schema and
// the ADQL engine; rights of the query role, limits, by-URL uploads, dispose, sweeping, cross-match.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compile, metadataFromTables, type TableMetadata } from '../../src/adql/index.ts';
import { timestampText } from '../../src/formats/values.ts';
import { ServiceError } from '../../src/http/errors.ts';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { tableMetadata } from '../../src/metadata/adql.ts';
import { loadTapMetadata } from '../../src/metadata/load.ts';
import type { UploadReference } from '../../src/tap/parameters.ts';
import {
  loadUploads, readVotable, sweepUploadSchemas, uploadLoader, UPLOAD_SCHEMA_PREFIX,
  type LoadedUploads, type UploadLimits, type VotableCell,
} from '../../src/tap/upload/index.ts';

const FIELDS = `
<FIELD name="id" datatype="int"/>
<FIELD name="d_short" datatype="short"/>
<FIELD name="d_long" datatype="long"/>
<FIELD name="d_float" datatype="float"/>
<FIELD name="d_double" datatype="double"/>
<FIELD name="d_bool" datatype="boolean"/>
<FIELD name="d_char" datatype="char"/>
<FIELD name="my col" datatype="char" arraysize="*"><DESCRIPTION>a name that must be delimited</DESCRIPTION></FIELD>
<FIELD name="d_uni" datatype="unicodeChar" arraysize="*"/>
<FIELD name="d_time" datatype="char" arraysize="*" xtype="timestamp"/>
<FIELD name="RA" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
<FIELD name="Dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>
<FIELD name="d_point" datatype="double" arraysize="2" xtype="point" unit="deg"/>
<FIELD name="d_circle" datatype="double" arraysize="3" xtype="circle" unit="deg"/>
<FIELD name="d_poly" datatype="double" arraysize="*" xtype="polygon" unit="deg"/>
<FIELD name="d_ubyte" datatype="unsignedByte"/>
<FIELD name="d_bytes" datatype="unsignedByte" arraysize="*"/>`;

const td = (cells: readonly string[]): string => `<TR>${cells.map((c) => (c === '' ? '<TD/>' : `<TD>${c}</TD>`)).join('')}</TR>`;
const ROWS = [
  td(['1', '-32768', '9223372036854775807', '1.5', '0.1', 'T', 'a', 'tab\t&amp; "quote" \\ back', 'Ωμέγα', '2021-08-01T12:34:56.789',
    '150.25', '2.5', '10 20', '10 20 0.5', '10 20 11 20 11 21', '255', '0 1 255']),
  td(['2', '32767', '-9223372036854775808', '-2.25e-3', '-1e300', 'F', 'z', 'x', '', '2020-02-29',
    '0', '-89.5', '359.5 -45', '0 0 1', '0 0 1 0 0 1', '0', '7']),
  td(['3', '', '', '', 'NaN', '?', '', '', '', '', '', '', '', '', '', '', '']),
];
const votable = (rows: readonly string[], fields = FIELDS): string => `<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><TABLE name="mine">${fields}
<DATA><TABLEDATA>
${rows.join('\n')}
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
`;

/** What every serialization of the fixture must give back through the database and the ADQL engine. */
const EXPECTED: Record<string, unknown>[] = [
  {
    id: 1, d_short: -32768, d_long: '9223372036854775807', d_float: 1.5, d_double: 0.1, d_bool: true, d_char: 'a',
    'my col': 'tab\t& "quote" \\ back', d_uni: 'Ωμέγα', d_time: '2021-08-01T12:34:56.789', RA: 150.25, Dec: 2.5,
    d_point: [10, 20], d_circle: [10, 20, 0.5], d_poly: [10, 20, 11, 20, 11, 21], d_ubyte: 255, d_bytes: [0, 1, 255],
  },
  {
    id: 2, d_short: 32767, d_long: '-9223372036854775808', d_float: -2.25e-3, d_double: -1e300, d_bool: false, d_char: 'z',
    'my col': 'x', d_uni: null, d_time: '2020-02-29T00:00:00.000', RA: 0, Dec: -89.5,
    d_point: [359.5, -45], d_circle: [0, 0, 1], d_poly: [0, 0, 1, 0, 0, 1], d_ubyte: 0, d_bytes: [7],
  },
  {
    id: 3, d_short: null, d_long: null, d_float: null, d_double: null, d_bool: null, d_char: null, 'my col': null,
    d_uni: null, d_time: null, RA: null, Dec: null, d_point: null, d_circle: null, d_poly: null, d_ubyte: null, d_bytes: null,
  },
];

const limits: UploadLimits = { uploadMaxBytes: 1_000_000, uploadMaxRows: 1000, uploadUrlAllowList: [] };
const inline = (table: string, param = table): UploadReference => ({ table, source: { kind: 'inline', param } });

let dir: string;
let owner: pg.Pool;
let reader: pg.Pool;
const files = new Map<string, string>();
const fileOf = (param: string): string | undefined => files.get(param);

function writeUpload(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  files.set(name, file);
  return file;
}

/** STIL's own VOTable writers, the ones TOPCAT and taplint upload with. */
function stilCopy(input: string, name: string, format: 'votable-binary-inline' | 'votable-binary2-inline'): string {
  const out = path.join(dir, name);
  execFileSync('stilts', ['tcopy', `in=${input}`, 'ifmt=votable', `out=${out}`, `ofmt=${format}`], { stdio: 'pipe' });
  files.set(name, out);
  return out;
}

/** Runs ADQL over the uploads as the query role, with the engine's translation. */
async function adql(query: string, uploads: LoadedUploads, extra: readonly TableMetadata[] = []): Promise<{ sql: string; rows: Record<string, unknown>[] }> {
  const compiled = compile(query, metadataFromTables([...uploads.tables, ...extra]), { uploadSchema: uploads.sqlSchema });
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('; '));
  const { rows } = await reader.query<Record<string, unknown>>(compiled.value.sql);
  return { sql: compiled.value.sql, rows };
}

/** Bytes as numbers, and timestamps as the result writers print them. */
const normalise = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Buffer ? [...v] : v instanceof Date ? timestampText(v) : typeof v === 'bigint' ? String(v) : v]));

function expectRoundTrip(rows: Record<string, unknown>[]): void {
  expect(rows).toHaveLength(EXPECTED.length);
  for (const [i, expected] of EXPECTED.entries()) {
    const got = normalise(rows[i] ?? {});
    for (const [name, value] of Object.entries(expected)) {
      const actual = got[name];
      if (Array.isArray(value)) {
        expect(actual, `${name} row ${i + 1}`).toHaveLength(value.length);
        value.forEach((v: number, j) => expect((actual as number[])[j], `${name}[${j}] row ${i + 1}`).toBeCloseTo(v, 9));
      } else if (name === 'd_float' && typeof value === 'number') expect(actual).toBeCloseTo(value, 6);
      else expect(actual, `${name} row ${i + 1}`).toEqual(value);
    }
  }
}

const schemasNamed = async (name: string): Promise<number> =>
  (await owner.query('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [name])).rows[0].n as number;
const uploadSchemaCount = async (): Promise<number> =>
  (await owner.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE starts_with(nspname, $1)`, [UPLOAD_SCHEMA_PREFIX])).rows[0].n as number;

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tap-upload-'));
  owner = new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
  reader = new pg.Pool({ connectionString: inject('readerUrl'), max: 2 });
  const tabledata = writeUpload('tabledata', votable(ROWS));
  stilCopy(tabledata, 'binary2', 'votable-binary2-inline');
  stilCopy(tabledata, 'binary', 'votable-binary-inline');
});

afterAll(async () => {
  await owner.end();
  await reader.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('TAP_UPLOAD round trip', () => {
  it('TABLEDATA and STIL BINARY2 uploads round-trip every type, nulls, delimited names and timestamps', async () => {
    for (const param of ['tabledata', 'binary2']) {
      const uploads = await loadUploads(owner, [inline('mine', param)], fileOf, limits);
      try {
        const { rows } = await adql('SELECT * FROM TAP_UPLOAD.mine ORDER BY id', uploads);
        expectRoundTrip(rows);
        const { rows: picked } = await adql('SELECT "my col", "Dec", d_time FROM tap_upload.MINE WHERE "Dec" < 0', uploads);
        expect(picked.map(normalise)).toEqual([{ 'my col': 'x', Dec: -89.5, d_time: '2020-02-29T00:00:00.000' }]);
      } finally {
        await uploads.dispose();
      }
    }
  });

  it('BINARY from STIL: nulls by VALUES null (STIL takes the type minimum) and NaN', async () => {
    const uploads = await loadUploads(owner, [inline('mine', 'binary')], fileOf, limits);
    try {
      const { rows } = await adql('SELECT id, d_short, d_long, d_double, d_time, d_point FROM TAP_UPLOAD.mine ORDER BY id', uploads);
      expect(rows.map(normalise).map((r) => [r.id, r.d_short, r.d_long, r.d_double])).toEqual([
        [1, null, '9223372036854775807', 0.1], [2, 32767, null, -1e300], [3, null, null, null]]);
      expect(normalise(rows[0] ?? {}).d_time).toBe('2021-08-01T12:34:56.789');
      expect(rows[1]?.d_point).toEqual([359.5, -45]);
      expect(rows[2]?.d_time).toBeNull();
      // STIL writes a null point as NaN NaN.
      expect(rows[2]?.d_point).toBeNull();
    } finally {
      await uploads.dispose();
    }
  });

  it('TABLEDATA and BINARY2 read the same cells', async () => {
    const read = async (name: string): Promise<VotableCell[][]> => {
      const table = await readVotable((await import('node:fs')).createReadStream(files.get(name) ?? ''), { maxRows: 10 });
      const rows: VotableCell[][] = [];
      for await (const row of table.rows) rows.push(row);
      return rows;
    };
    // BINARY floats are the float32 values themselves, TABLEDATA's the decimal text: compare as float32.
    const float32 = (rows: VotableCell[][]): VotableCell[][] => rows.map((r) => r.map((c, i) => (i === 3 && typeof c === 'number' ? Math.fround(c) : c)));
    const tabledata = float32(await read('tabledata'));
    expect(float32(await read('binary2'))).toEqual(tabledata);
  });

  it('the ADQL metadata keeps FIELD names, units, UCDs, descriptions and DALI xtypes', async () => {
    const uploads = await loadUploads(owner, [inline('mine', 'tabledata')], fileOf, limits);
    try {
      const [table] = uploads.tables;
      expect(table).toMatchObject({ schema: 'TAP_UPLOAD', name: 'mine', sqlSchema: uploads.sqlSchema });
      const byName = new Map(table?.columns.map((c) => [c.name, c]));
      expect(byName.get('Dec')).toMatchObject({ type: { name: 'DOUBLE' }, unit: 'deg', ucd: 'pos.eq.dec;meta.main' });
      expect(byName.get('my col')).toMatchObject({ type: { name: 'VARCHAR', arraysize: '*' }, description: 'a name that must be delimited' });
      expect(byName.get('d_time')).toMatchObject({ type: { name: 'TIMESTAMP' }, xtype: 'timestamp' });
      expect(byName.get('d_point')).toMatchObject({ type: { name: 'POINT' }, xtype: 'point' });
      expect(byName.get('d_poly')).toMatchObject({ type: { name: 'POLYGON' }, xtype: 'polygon' });
      expect(table?.positions).toEqual([{ point: 'tap_upload_position', lon: 'RA', lat: 'Dec' }]);
    } finally {
      await uploads.dispose();
    }
  });
});

describe('TAP_UPLOAD schema life', () => {
  it('the query role can read the upload but not change it', async () => {
    const uploads = await loadUploads(owner, [inline('mine', 'tabledata')], fileOf, limits);
    try {
      const table = `"${uploads.sqlSchema}".mine`;
      expect((await reader.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(3);
      await expect(reader.query(`INSERT INTO ${table} (id) VALUES (9)`)).rejects.toThrow(/permission denied/);
      await expect(reader.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
      await expect(reader.query(`DROP TABLE ${table}`)).rejects.toThrow(/must be owner/);
      await expect(reader.query(`CREATE TABLE "${uploads.sqlSchema}".x (a int)`)).rejects.toThrow(/permission denied/);
    } finally {
      await uploads.dispose();
    }
  });

  it('dispose drops the schema, twice is harmless', async () => {
    const uploads = await loadUploads(owner, [inline('mine', 'tabledata'), inline('other', 'binary2')], fileOf, limits);
    expect(uploads.tables.map((t) => t.name)).toEqual(['mine', 'other']);
    expect(await schemasNamed(uploads.sqlSchema)).toBe(1);
    await uploads.dispose();
    await uploads.dispose();
    expect(await schemasNamed(uploads.sqlSchema)).toBe(0);
  });

  it('a failed load leaves no schema behind', async () => {
    writeUpload('broken', votable([...ROWS, '<TR><TD>x</TD></TR>']));
    const before = await uploadSchemaCount();
    const err = await rejection(loadUploads(owner, [inline('mine', 'tabledata'), inline('bad', 'broken')], fileOf, limits));
    expect(err.kind).toBe('usage');
    expect(err.message).toMatch(/^UPLOAD bad: line \d+, column \d+: row 4, column id: "x" is not an integer/);
    expect(await uploadSchemaCount()).toBe(before);
  });

  it('a missing multipart part is a usage error naming it', async () => {
    const err = await rejection(loadUploads(owner, [inline('mine', 'nothere')], fileOf, limits));
    expect(err.status).toBe(400);
    expect(err.message).toContain('no multipart part named "nothere"');
  });

  it('a point beyond the pole is a usage error', async () => {
    writeUpload('badlat', votable([td(['1', '', '', '', '', '', '', '', '', '', '', '', '10 95', '', '', '', ''])]));
    const err = await rejection(loadUploads(owner, [inline('t', 'badlat')], fileOf, limits));
    expect(err.kind).toBe('usage');
  });

  it('the sweeper drops upload schemas older than the limit and keeps young ones', async () => {
    const old = `${UPLOAD_SCHEMA_PREFIX}${Date.now() - 3_600_000}_00ff00ff00ff`;
    await owner.query(`CREATE SCHEMA "${old}"`);
    const young = await loadUploads(owner, [inline('mine', 'tabledata')], fileOf, limits);
    try {
      const dropped = await sweepUploadSchemas(owner, 30 * 60_000);
      expect(dropped).toContain(old);
      expect(dropped).not.toContain(young.sqlSchema);
      expect(await schemasNamed(old)).toBe(0);
      expect(await schemasNamed(young.sqlSchema)).toBe(1);
    } finally {
      await young.dispose();
    }
  });
});

describe('TAP_UPLOAD limits', () => {
  it('more rows than TAP_UPLOAD_MAX_ROWS is too large (413)', async () => {
    const err = await rejection(loadUploads(owner, [inline('mine', 'binary2')], fileOf, { ...limits, uploadMaxRows: 2 }));
    expect(err.status).toBe(413);
    expect(err.message).toContain('TAP_UPLOAD_MAX_ROWS');
  });

  it('more bytes than TAP_UPLOAD_MAX_BYTES is too large (413)', async () => {
    const size = readFileSync(files.get('tabledata') ?? '').length;
    const err = await rejection(loadUploads(owner, [inline('mine', 'tabledata')], fileOf, { ...limits, uploadMaxBytes: size - 1 }));
    expect(err.status).toBe(413);
    expect(err.message).toContain('TAP_UPLOAD_MAX_BYTES');
  });
});

describe('TAP_UPLOAD by URL', () => {
  let server: http.Server;
  let base: string;
  let served = 0;

  beforeAll(async () => {
    const document = readFileSync(files.get('binary2') ?? '');
    server = http.createServer((req, res) => {
      served += 1;
      if (req.url === '/votable/mine.xml' || req.url === '/private/mine.xml') {
        res.writeHead(200, { 'content-type': 'application/x-votable+xml' }).end(document);
      } else if (req.url === '/votable/jump') {
        res.writeHead(302, { location: '/private/mine.xml' }).end();
      } else if (req.url === '/votable/chunked') {
        // No content-length: the limit must hold while reading.
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(document.subarray(0, 100));
        res.end(document.subarray(100));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const byUrl = (url: string): UploadReference => ({ table: 'remote', source: { kind: 'url', url } });

  it('loads a VOTable from an allowed URL', async () => {
    const uploads = await loadUploads(owner, [byUrl(`${base}/votable/mine.xml`)], fileOf, { ...limits, uploadUrlAllowList: [`${base}/votable/`] });
    try {
      const { rows } = await adql('SELECT * FROM TAP_UPLOAD.remote ORDER BY id', uploads);
      expectRoundTrip(rows);
    } finally {
      await uploads.dispose();
    }
  });

  it('refuses URLs when the allow-list is empty, naming TAP_UPLOAD_URL_ALLOW, without fetching', async () => {
    const before = served;
    const err = await rejection(loadUploads(owner, [byUrl(`${base}/votable/mine.xml`)], fileOf, limits));
    expect(err.status).toBe(403);
    expect(err.message).toContain('TAP_UPLOAD_URL_ALLOW');
    expect(served).toBe(before);
  });

  it('refuses a URL off the allow-list, a look-alike host, and a redirect leaving it', async () => {
    const allow = { ...limits, uploadUrlAllowList: [`${base}/votable`] };
    for (const url of [`${base}/private/mine.xml`, `${base}/votablex/mine.xml`]) {
      expect((await rejection(loadUploads(owner, [byUrl(url)], fileOf, allow))).status).toBe(403);
    }
    const err = await rejection(loadUploads(owner, [byUrl(`${base}/votable/jump`)], fileOf, allow));
    expect(err.status).toBe(403);
    expect(err.message).toContain('/private/mine.xml');
  });

  it('enforces the byte limit while downloading', async () => {
    const err = await rejection(loadUploads(owner, [byUrl(`${base}/votable/chunked`)], fileOf,
      { ...limits, uploadUrlAllowList: [`${base}/votable/`], uploadMaxBytes: 500 }));
    expect(err.status).toBe(413);
  });

  it('a URL that answers 404 is a usage error', async () => {
    const err = await rejection(loadUploads(owner, [byUrl(`${base}/votable/none.xml`)], fileOf, { ...limits, uploadUrlAllowList: [base] }));
    expect(err.status).toBe(400);
    expect(err.message).toContain('HTTP 404');
  });
});

describe('TAP_UPLOAD cross-match', () => {
  it('joins an upload with pdr3_wide.forced through the upload position index', async () => {
    const forced = loadTapMetadata().visibleTo(ANONYMOUS).tables().find((t) => t.schema === 'pdr3_wide' && t.name === 'forced');
    if (!forced) throw new Error('pdr3_wide.forced is not published');
    const published = tableMetadata(forced);
    const { rows: sample } = await owner.query<{ object_id: string; ra: number; dec: number }>(
      'SELECT object_id, ra, dec FROM pdr3_wide.forced ORDER BY object_id LIMIT 5');
    expect(sample.length).toBeGreaterThan(0);
    const fields = `<FIELD name="target" datatype="int"/>
<FIELD name="ra" datatype="double" ucd="pos.eq.ra" unit="deg"/><FIELD name="dec" datatype="double" ucd="pos.eq.dec" unit="deg"/>`;
    // Each target 0.5 arcsec from a real object.
    writeUpload('targets', votable(sample.map((s, i) => td([String(i), String(s.ra + 0.5 / 3600 / Math.cos((s.dec * Math.PI) / 180)), String(s.dec)])), fields));
    const uploads = await uploadLoader(owner, limits).load([inline('targets')], [{ field: 'targets', path: files.get('targets') ?? '' }]);
    try {
      const { sql, rows } = await adql(`SELECT t.target, f.object_id, DISTANCE(POINT(t.ra, t.dec), POINT(f.ra, f.dec)) * 3600 AS sep
        FROM TAP_UPLOAD.targets AS t JOIN pdr3_wide.forced AS f
        ON 1 = CONTAINS(POINT(f.ra, f.dec), CIRCLE(t.ra, t.dec, 1.0 / 3600))
        ORDER BY t.target`, uploads, [published]);
      expect(sql).toContain('"tap_upload_position"');
      sample.forEach((s, i) => {
        const row = rows.find((r) => r.target === i && String(r.object_id) === String(s.object_id));
        expect(row?.sep as number, `target ${i}`).toBeCloseTo(0.5, 3);
      });
    } finally {
      await uploads.dispose();
    }
  });
});

