// Interop regressions, anchors.md §2 B (result documents, VOTable serialization and errors): each
// test is named after a case that broke a real client; documents go through votlint and astropy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { TestServer } from '../support/app.ts';
import { firstCsvRow, pyCheck, syncForm, tempFile, votlint, type Params, startInteropServer } from './support.ts';

/** The hard MAXREC of this suite's server: small, so the cap can be shown on the tiny data. */
const MAXREC_HARD = 5000;

interface AstropyTable {
  names: string[];
  ids: string[];
  fieldNames: string[];
  xtypes: (string | null)[];
  dtypes: string[];
  rows: unknown[][];
  written: Record<string, string>;
}

interface PyvoStatus {
  status: string;
  rows: number;
  infos: [string, string][];
}

describe('interop §2 B: result documents', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startInteropServer({ TAP_MAXREC_HARD: String(MAXREC_HARD) }); });
  afterAll(async () => { await server.close(); });

  const query = async (adql: string, extra: Params = {}): Promise<string> => {
    const res = await syncForm(server, { LANG: 'ADQL', QUERY: adql, ...extra });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return res.text;
  };
  const rowsIn = (votableText: string): number => (votableText.match(/<TR>/g) ?? []).length;
  /** astropy/pyvo readings of several documents, in one python run. */
  const readAll = async <T>(check: 'table' | 'status', texts: readonly string[]): Promise<T[]> => {
    const files = texts.map((text, i) => tempFile(`result${i}.vot`, text));
    try {
      return await pyCheck<T[]>(check, ...files.map((f) => f.file));
    } finally {
      for (const f of files) f.dispose();
    }
  };
  const readWith = async <T>(check: 'table' | 'status', text: string): Promise<T> => (await readAll<T>(check, [text]))[0] as T;

  it('B8 ERROR after the TABLE when the query fails mid-stream, never a broken or doubled document', async () => {
    // Division by zero at row MAXREC_HARD - 1 in object_id order: ~150 kB of rows have been
    // streamed (cursor batches, or COPY output) by the time PostgreSQL fails.
    const [pivot] = await firstCsvRow(server, 'SELECT object_id FROM pdr3_wide.forced ORDER BY object_id DESC', { MAXREC: String(MAXREC_HARD - 1) });
    const adql = `SELECT object_id, 1 / (object_id - ${pivot ?? ''}) AS inverse FROM pdr3_wide.forced ORDER BY object_id DESC`;
    const documents: Record<string, string> = {};
    for (const format of ['votable', 'votable/b2']) {
      const text = await query(adql, { RESPONSEFORMAT: format });
      documents[format] = text;
      expect(text.match(/<VOTABLE[\s>]/g), format).toHaveLength(1);
      expect(text.match(/<\/VOTABLE>/g), format).toHaveLength(1);
      expect(text.trimEnd().endsWith('</VOTABLE>'), format).toBe(true);
      // vollt#64: the status is in the value attribute; the message is the content.
      expect(text.slice(-800), format).toMatch(/<\/TABLE>\s*<INFO name="QUERY_STATUS" value="ERROR">[^<]*division by zero[^<]*<\/INFO>\s*<\/RESOURCE>/);
    }
    expect(rowsIn(documents.votable ?? '')).toBeGreaterThanOrEqual(1000);
    expect(rowsIn(documents.votable ?? '')).toBeLessThan(MAXREC_HARD - 1);
    const lint = await votlint(documents);
    for (const [format, errors] of Object.entries(lint)) expect(errors, format).toEqual([]);
    const seen = await readWith<PyvoStatus>('status', documents['votable/b2'] ?? '');
    expect(seen.status).toBe('ERROR');
    expect(seen.rows).toBeGreaterThanOrEqual(1000);
  });

  it('B8 a query that fails mid-stream in an async job ends in ERROR with the message', async () => {
    const [pivot] = await firstCsvRow(server, 'SELECT object_id FROM pdr3_wide.forced ORDER BY object_id DESC', { MAXREC: '2500' });
    const created = await request(server.url).post('/tap/async').type('form').redirects(0).send({
      LANG: 'ADQL', PHASE: 'RUN',
      QUERY: `SELECT object_id, 1 / (object_id - ${pivot ?? ''}) AS inverse FROM pdr3_wide.forced ORDER BY object_id DESC`,
    });
    const path = new URL(created.headers.location as string).pathname;
    let xml = '';
    for (let i = 0; i < 20 && !/<uws:phase>(ERROR|COMPLETED)</.test(xml); i++) xml = (await request(server.url).get(path).query({ WAIT: '5' })).text;
    expect(xml).toMatch(/<uws:phase>ERROR<\/uws:phase>/);
    expect(xml).toMatch(/<uws:message>[^<]*division by zero/);
    const error = await request(server.url).get(`${path}/error`);
    expect(error.text).toMatch(/<INFO name="QUERY_STATUS" value="ERROR">[^<]*division by zero/);
  });

  it('B9 OVERFLOW only when row MAXREC+1 exists, after the TABLE, and pyvo sees it', async () => {
    const [count] = await firstCsvRow(server, 'SELECT COUNT(*) AS n FROM pdr3_wide.mosaicframe');
    const n = Number(count);
    expect(n).toBeGreaterThan(1);
    const exact = await query('SELECT frame_id FROM pdr3_wide.mosaicframe', { MAXREC: String(n) });
    expect(rowsIn(exact)).toBe(n);
    expect(exact).not.toMatch(/OVERFLOW/);
    const short = await query('SELECT frame_id FROM pdr3_wide.mosaicframe', { MAXREC: String(n - 1) });
    expect(rowsIn(short)).toBe(n - 1);
    expect(short).toMatch(/<\/TABLE>\s*<INFO name="QUERY_STATUS" value="OVERFLOW"/);
    const seen = await readWith<PyvoStatus>('status', short);
    expect(seen).toMatchObject({ status: 'OVERFLOW', rows: n - 1 });
  });

  it('B9 MAXREC=0 returns the metadata only', async () => {
    const text = await query('SELECT TOP 10 object_id, ra, dec, coord FROM pdr3_wide.forced', { MAXREC: '0' });
    expect(rowsIn(text)).toBe(0);
    expect(text.match(/<FIELD /g)).toHaveLength(4);
    expect((await votlint({ maxrec0: text })).maxrec0).toEqual([]);
    const seen = await readWith<AstropyTable>('table', text);
    expect(seen.names).toEqual(['object_id', 'ra', 'dec', 'coord']);
    expect(seen.rows).toEqual([]);
  });

  it('B9 MAXREC above the hard limit is cut to it, and says OVERFLOW', async () => {
    const text = await query('SELECT object_id FROM pdr3_wide.forced', { MAXREC: '1000000', RESPONSEFORMAT: 'votable/b2' });
    const seen = await readWith<PyvoStatus>('status', text);
    expect(seen).toMatchObject({ status: 'OVERFLOW', rows: MAXREC_HARD });
  });

  it('B10 errors under /tap are VOTable error documents with the right HTTP status, even 404s', async () => {
    const cases: [string, number][] = [
      ['/tap/no-such-endpoint', 404],
      ['/tap/async/no-such-job', 404],
      ['/tap/async/no-such-job/results/result', 404],
      ['/tap/tables/pdr3_wide.no_such_table', 404],
      ['/tap/sync?LANG=ADQL&QUERY=SELECT%20nope%20FROM%20pdr3_wide.forced', 400],
      ['/tap/sync?LANG=ADQL', 400],
    ];
    for (const [path, status] of cases) {
      const res = await request(server.url).get(path);
      expect(res.status, path).toBe(status);
      expect(res.headers['content-type'], path).toMatch(/^application\/x-votable\+xml/);
      expect(res.text, path).toMatch(/<INFO name="QUERY_STATUS" value="ERROR">[^<]+<\/INFO>/);
    }
  });

  it('B11 BINARY2 sets the null flags (ints too) and reads back like TABLEDATA; no empty numeric attributes', async () => {
    const adql = `SELECT TOP 6 f.object_id, q.tract AS q_tract, q.gwarp_count AS q_warps, q.gseeing AS q_seeing,
        s.object_id AS s_object_id, s.specz_flag_homogeneous AS s_flag, s.specz_name AS s_name
      FROM pdr3_wide.forced AS f
      LEFT OUTER JOIN pdr3_wide.patch_qa AS q ON q.tract = f.tract AND q.patch = f.patch AND MOD(f.object_id, 2) = 0
      LEFT OUTER JOIN pdr3_wide.specz AS s ON s.object_id = f.object_id
      ORDER BY f.object_id`;
    const td = await query(adql);
    const b2 = await query(adql, { RESPONSEFORMAT: 'votable/b2' });
    expect(b2).toMatch(/<BINARY2>/);
    const [fromTd, fromB2] = await readAll<AstropyTable>('table', [td, b2]) as [AstropyTable, AstropyTable];
    expect(fromB2.rows).toEqual(fromTd.rows);
    expect(fromB2.rows).toHaveLength(6);
    const nullInts = fromB2.rows.filter((r) => r[1] === null && r[2] === null).length;
    expect(nullInts).toBeGreaterThan(0);
    expect(nullInts).toBeLessThan(6);
    expect(fromB2.rows.every((r) => typeof r[0] === 'number' || typeof r[0] === 'string')).toBe(true);
    const wide = await query('SELECT TOP 2 * FROM pdr3_wide.forced', { RESPONSEFORMAT: 'votable/b2' });
    const obscore = await query('SELECT TOP 2 * FROM ivoa.obscore', { RESPONSEFORMAT: 'votable/b2' });
    for (const text of [td, b2, wide, obscore]) {
      const tags = text.match(/<(FIELD|PARAM|VALUES|MIN|MAX|INFO)\b[^>]*>/g) ?? [];
      expect(tags.filter((t) => /="\s*"/.test(t))).toEqual([]);
    }
    const lint = await votlint({ td, b2, wide, obscore });
    for (const [name, errors] of Object.entries(lint)) expect(errors, name).toEqual([]);
  });

  it('B12 geometry and timestamps carry DALI xtypes with numeric arrays, and astropy writes them on', async () => {
    const geometry = await query(`SELECT TOP 2 coord, POINT('ICRS', ra, dec) AS p, CIRCLE('ICRS', ra, dec, 0.01) AS c,
        POLYGON('ICRS', ra, dec, ra + 0.01, dec, ra, dec + 0.01) AS poly FROM pdr3_wide.forced`);
    expect(geometry).toMatch(/<FIELD name="coord"[^>]*datatype="double"[^>]*arraysize="2"[^>]*xtype="point"/);
    expect(geometry).toMatch(/<FIELD name="p"[^>]*datatype="double"[^>]*arraysize="2"[^>]*xtype="point"/);
    expect(geometry).toMatch(/<FIELD name="c"[^>]*datatype="double"[^>]*arraysize="3"[^>]*xtype="circle"/);
    expect(geometry).toMatch(/<FIELD name="poly"[^>]*datatype="double"[^>]*arraysize="\*"[^>]*xtype="polygon"/);
    expect(geometry).not.toMatch(/<TD>[^<]*(ICRS|Polygon|Circle|Position)/i);
    // ivoa.obscore.s_region is left out: ObsCore 1.1 (and taplint's ObsCore stage) want it as an
    // STC-S string; the geometry an ADQL query computes is where DALI xtypes are ours to choose.
    const release = await query('SELECT TOP 2 obs_release_date FROM ivoa.obscore');
    expect(release).toMatch(/<FIELD name="obs_release_date"[^>]*datatype="char"[^>]*arraysize="\*"[^>]*xtype="timestamp"/);
    expect(release).toMatch(/<TD>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?<\/TD>/);
    const stamps = await query('SELECT TOP 2 created_at, checked_at FROM pdr3_wide.keyword_correction', { RESPONSEFORMAT: 'votable/b2' });
    expect(stamps).toMatch(/<FIELD name="created_at"[^>]*xtype="timestamp"/);
    const lint = await votlint({ geometry, release, stamps });
    for (const [name, errors] of Object.entries(lint)) expect(errors, name).toEqual([]);
    const seen = await readAll<AstropyTable>('table', [geometry, release, stamps]);
    for (const table of seen) expect(table.written).toMatchObject({ 'ascii.ecsv': 'ok', votable: 'ok' });
    // astropy 5.2 reads arraysize="*" (strings, polygons) as object columns, which its FITS writer
    // refuses whatever the server does; fixed shapes (points, circles) go to FITS as they are.
    const fixed = await query("SELECT TOP 2 coord, CIRCLE('ICRS', ra, dec, 0.01) AS c FROM pdr3_wide.forced", { RESPONSEFORMAT: 'votable/b2' });
    expect((await readWith<AstropyTable>('table', fixed)).written).toEqual({ fits: 'ok', 'ascii.ecsv': 'ok', votable: 'ok' });
    const [coord, p, c, poly] = seen[0]?.rows[0] as [number[], number[], number[], number[]];
    expect(coord).toHaveLength(2);
    expect(p).toEqual(coord);
    expect(c).toHaveLength(3);
    expect(poly).toHaveLength(6);
  });

  it('B13 duplicate column names get unique FIELD IDs and keep their names (joins, names differing in case)', async () => {
    const join = await query(`SELECT TOP 3 f.object_id, m.object_id, f.ra, f.ra AS "RA", m.tract AS "Ra"
      FROM pdr3_wide.forced AS f JOIN pdr3_wide.summary AS m ON m.object_id = f.object_id ORDER BY f.object_id`);
    const fields = [...join.matchAll(/<FIELD name="([^"]+)" ID="([^"]+)"/g)].map((m) => ({ name: m[1], id: m[2] }));
    expect(fields.map((f) => f.name)).toEqual(['object_id', 'object_id', 'ra', 'RA', 'Ra']);
    const ids = fields.map((f) => (f.id ?? '').toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    expect((await votlint({ join })).join).toEqual([]);
    const seen = await readWith<AstropyTable>('table', join);
    expect(seen.fieldNames).toEqual(['object_id', 'object_id', 'ra', 'RA', 'Ra']);
    expect(seen.rows).toHaveLength(3);
    const row = seen.rows[0] as unknown[];
    expect(row[0]).toEqual(row[1]);
    expect(row[2]).toEqual(row[3]);
  });
});
