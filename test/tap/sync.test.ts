// TAP /sync end to end on the tiny data set: ADQL in, streamed results out in every format,
// errors as VOTable documents with the position of the mistake, OVERFLOW only when it is true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/app.ts';

describe('TAP sync', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  const sync = (params: Record<string, string>) => request(server.url).post('/tap/sync').type('form').send(params);

  it('answers a cone search in VOTable with the query status OK', async () => {
    const res = await sync({
      REQUEST: 'doQuery', LANG: 'ADQL',
      QUERY: "SELECT TOP 5 object_id, ra, dec, i_cmodel_mag FROM pdr3_wide.forced WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 134.8148, 0.7438, 0.05)) = 1",
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-votable\+xml/);
    expect(res.text).toMatch(/<INFO name="QUERY_STATUS" value="OK"/);
    expect((res.text.match(/<TR>/g) ?? []).length).toBe(5);
    expect(res.text).toMatch(/<FIELD[^>]*name="object_id"[^>]*datatype="long"/);
  });

  it('accepts lower-case parameter names and GET', async () => {
    const res = await request(server.url).get('/tap/sync').query({ lang: 'ADQL', query: 'SELECT TOP 3 object_id FROM pdr3_wide.forced', responseformat: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.text.trim().split('\n')).toHaveLength(4);
  });

  it('OVERFLOW only when row MAXREC+1 exists', async () => {
    const n = Number((await sync({ LANG: 'ADQL', QUERY: 'SELECT COUNT(*) AS n FROM pdr3_wide.patch_qa', RESPONSEFORMAT: 'csv' })).text.split('\n')[1]);
    expect(n).toBeGreaterThan(0);
    const exact = await sync({ LANG: 'ADQL', QUERY: 'SELECT tract FROM pdr3_wide.patch_qa', MAXREC: String(n) });
    expect(exact.text).not.toMatch(/OVERFLOW/);
    const wide = await sync({ LANG: 'ADQL', QUERY: 'SELECT TOP 10 object_id FROM pdr3_wide.forced', MAXREC: '3' });
    expect(wide.text).toMatch(/<INFO name="QUERY_STATUS" value="OVERFLOW"/);
    expect((wide.text.match(/<TR>/g) ?? []).length).toBe(3);
  });

  it('reports an ADQL mistake with its line and column and a suggestion, as a VOTable error', async () => {
    const res = await sync({ LANG: 'ADQL', QUERY: 'SELECT i_cmodel_mg\nFROM pdr3_wide.forced' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<INFO name="QUERY_STATUS" value="ERROR">[^<]*line 1, column 8/);
    expect(res.text).toMatch(/i_cmodel_mag/);
  });

  it('refuses an unknown LANG and a missing QUERY with a VOTable error', async () => {
    const lang = await sync({ LANG: 'OOBLECK', QUERY: 'SELECT 1 FROM pdr3_wide.forced' });
    expect(lang.status).toBe(400);
    expect(lang.text).toMatch(/QUERY_STATUS" value="ERROR".*unknown query language/s);
    const missing = await sync({ LANG: 'ADQL' });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/QUERY is missing/);
  });

  it('ignores unknown parameters', async () => {
    const res = await sync({ LANG: 'ADQL', QUERY: 'SELECT TOP 1 object_id FROM pdr3_wide.forced', DUMMY: 'ignore-me' });
    expect(res.status).toBe(200);
  });

  it('queries TAP_SCHEMA through ADQL', async () => {
    const res = await sync({ LANG: 'ADQL', QUERY: "SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = 'pdr3_wide.forced' AND column_name = 'coord'", RESPONSEFORMAT: 'csv' });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/coord/);
  });

  it('runs user queries as the read-only role', async () => {
    const res = await sync({ LANG: 'ADQL', QUERY: 'SELECT TOP 1 object_id FROM pdr3_wide.forced', RESPONSEFORMAT: 'csv' });
    expect(res.status).toBe(200);
    const role = await server.db.reader.query('SELECT current_user AS u');
    expect(role.rows[0].u).toBe('hscvo_reader');
  });
});
