// Interop regressions, anchors.md §2 D (uploads and limits): the advertised limits are the real
// ones, too large is a 413 with a VOTable body (sync) or an ERROR job saying why (async), other
// formats are refused by name, and upload columns whose names must be delimited work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { TestServer } from '../support/app.ts';
import { pathOf, startInteropServer } from './support.ts';

const MAX_BYTES = 40_000;
const MAX_ROWS = 50;

function votable(fields: string, rows: readonly string[][]): string {
  const tr = rows.map((r) => `<TR>${r.map((c) => `<TD>${c}</TD>`).join('')}</TR>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>${fields}
<DATA><TABLEDATA>
${tr}
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
`;
}

const POSITIONS = '<FIELD name="id" datatype="int"/><FIELD name="ra" datatype="double" unit="deg"/><FIELD name="dec" datatype="double" unit="deg"/>';
const positions = (n: number): string => votable(POSITIONS, Array.from({ length: n }, (_, i) => [String(i), String(150 + i * 1e-3), '2.2']));
/** Rows padded with a long description, to pass the byte limit with few rows. */
const bulky = (bytes: number): string => votable('<FIELD name="id" datatype="int"/><FIELD name="note" datatype="char" arraysize="*"/>',
  Array.from({ length: 20 }, (_, i) => [String(i), 'x'.repeat(Math.ceil(bytes / 20))]));

describe('interop §2 D: uploads and limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startInteropServer({ TAP_UPLOAD_MAX_BYTES: String(MAX_BYTES), TAP_UPLOAD_MAX_ROWS: String(MAX_ROWS) });
  });
  afterAll(async () => { await server.close(); });

  const syncUpload = (query: string, table: string, extra: Record<string, string> = {}): request.Test => {
    let req = request(server.url).post('/tap/sync').field('LANG', 'ADQL').field('QUERY', query).field('UPLOAD', 't,param:t');
    for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
    return req.attach('t', Buffer.from(table), { filename: 'table.vot', contentType: 'application/x-votable+xml' });
  };
  const asyncUpload = (query: string, table: string): request.Test =>
    request(server.url).post('/tap/async').field('LANG', 'ADQL').field('QUERY', query).field('UPLOAD', 't,param:t').field('PHASE', 'RUN')
      .attach('t', Buffer.from(table), { filename: 'table.vot', contentType: 'application/x-votable+xml' }).redirects(0);

  it('D17 the uploadLimit in capabilities is the limit enforced', async () => {
    const caps = (await request(server.url).get('/tap/capabilities')).text;
    expect(caps).toMatch(new RegExp(`<uploadLimit>\\s*<hard unit="byte">${MAX_BYTES}</hard>\\s*</uploadLimit>`));
    const under = await syncUpload('SELECT COUNT(*) AS n FROM TAP_UPLOAD.t', bulky(MAX_BYTES - 4000), { RESPONSEFORMAT: 'csv' });
    expect(under.status, under.text).toBe(200);
    expect(under.text.trim().split('\n')[1]).toBe('20');
    const over = await syncUpload('SELECT COUNT(*) AS n FROM TAP_UPLOAD.t', bulky(MAX_BYTES + 1000));
    expect(over.status).toBe(413);
  });

  it('D17 too large a sync upload is a 413 with a VOTable error naming the limit, read to the end first', async () => {
    // Ten times the limit: the server refuses while it streams in, yet the client still gets the
    // answer (TOPCAT otherwise shows only "Error writing request body to server").
    const res = await syncUpload('SELECT * FROM TAP_UPLOAD.t', bulky(10 * MAX_BYTES));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/x-votable\+xml/);
    expect(res.text).toMatch(new RegExp(`<INFO name="QUERY_STATUS" value="ERROR">[^<]*${MAX_BYTES}[^<]*</INFO>`));
    const rows = await syncUpload('SELECT * FROM TAP_UPLOAD.t', positions(MAX_ROWS + 1));
    expect(rows.status).toBe(413);
    expect(rows.text).toMatch(new RegExp(`<INFO name="QUERY_STATUS" value="ERROR">[^<]*${MAX_ROWS}[^<]*</INFO>`));
  });

  it('D17 an async upload past a limit says why in the errorSummary and the error document, or at once with 413', async () => {
    const created = await asyncUpload('SELECT * FROM TAP_UPLOAD.t', positions(MAX_ROWS + 1));
    expect(created.status).toBe(303);
    const path = pathOf(created.headers.location as string);
    let xml = '';
    for (let i = 0; i < 20 && !/<uws:phase>(ERROR|COMPLETED)</.test(xml); i++) xml = (await request(server.url).get(path).query({ WAIT: '5' })).text;
    expect(xml).toMatch(/<uws:phase>ERROR<\/uws:phase>/);
    expect(xml).toMatch(new RegExp(`<uws:message>[^<]*${MAX_ROWS}[^<]*</uws:message>`));
    const error = await request(server.url).get(`${path}/error`);
    expect(error.text).toMatch(new RegExp(`<INFO name="QUERY_STATUS" value="ERROR">[^<]*${MAX_ROWS}`));
    const bytes = await asyncUpload('SELECT * FROM TAP_UPLOAD.t', bulky(10 * MAX_BYTES));
    expect(bytes.status).toBe(413);
    expect(bytes.text).toMatch(new RegExp(`<INFO name="QUERY_STATUS" value="ERROR">[^<]*${MAX_BYTES}`));
  });

  it('D18 an upload in another format (CSV, FITS) is refused by naming it and saying VOTable is needed', async () => {
    const csv = await syncUpload('SELECT * FROM TAP_UPLOAD.t', 'id,ra,dec\n1,150.1,2.2\n2,150.2,2.3\n');
    expect(csv.status).toBe(400);
    expect(csv.text).toMatch(/<INFO name="QUERY_STATUS" value="ERROR">UPLOAD t: the upload is a CSV or TSV table, not a VOTable[^<]*VOTable/);
    const fits = await syncUpload('SELECT * FROM TAP_UPLOAD.t', `SIMPLE  =                    T${' '.repeat(50)}`);
    expect(fits.status).toBe(400);
    expect(fits.text).toMatch(/the upload is a FITS file, not a VOTable/);
  });

  it('D18 UPLOAD with delimited column names (reserved word, mixed case, space) keeps them', async () => {
    const table = votable('<FIELD name="size" datatype="int"/><FIELD name="Dec" datatype="double"/><FIELD name="my col" datatype="char" arraysize="*"/>',
      [['1', '2.5', 'a b'], ['2', '-1.25', 'c']]);
    const res = await syncUpload('SELECT u."size", u."Dec", u."my col" FROM TAP_UPLOAD.t AS u ORDER BY u."size"', table, { RESPONSEFORMAT: 'csv' });
    expect(res.status, res.text).toBe(200);
    expect(res.text.trim().split(/\r?\n/)).toEqual(['size,Dec,my col', '1,2.5,a b', '2,-1.25,c']);
  });
});
