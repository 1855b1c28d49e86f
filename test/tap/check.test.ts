// /tap/check end to end on the tiny data set: the portal editor's syntax check answers JSON with
// the exact place of each mistake and "did you mean" suggestions, or the translated SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/app.ts';

describe('TAP check', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  const check = (params: Record<string, string>) => request(server.url).post('/tap/check').type('form').send(params);

  it('places a misspelt column at its line and column and suggests the right name', async () => {
    const query = 'SELECT object_id,\n       i_cmodel_mg\nFROM pdr3_wide.forced';
    const res = await check({ LANG: 'ADQL', QUERY: query });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.ok).toBe(false);
    const [problem] = res.body.errors;
    expect(problem).toMatchObject({ kind: 'unknown', line: 2, column: 8 });
    expect(query.slice(problem.offset, problem.offset + 'i_cmodel_mg'.length)).toBe('i_cmodel_mg');
    expect(problem.suggestions).toContain('i_cmodel_mag');
  });

  it('says what was expected at a syntax error', async () => {
    const res = await check({ LANG: 'ADQL', QUERY: 'SELECT object_id FROM pdr3_wide.forced WHERE' });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    const [problem] = res.body.errors;
    expect(problem.kind).toBe('syntax');
    expect(problem.line).toBe(1);
    expect(problem.column).toBe('SELECT object_id FROM pdr3_wide.forced WHERE'.length + 1);
    expect(problem.expected.length).toBeGreaterThan(0);
  });

  it('reports every unknown name at once', async () => {
    const res = await check({ LANG: 'ADQL', QUERY: 'SELECT foo, bar FROM pdr3_wide.forced' });
    expect(res.body.errors.map((e: { column: number }) => e.column)).toEqual([8, 13]);
  });

  it('answers the translated SQL and the result columns of a good query, by GET too', async () => {
    const query = "SELECT TOP 5 object_id, ra, i_cmodel_mag FROM pdr3_wide.forced WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 134.8, 0.74, 0.05)) = 1";
    for (const res of [await check({ LANG: 'ADQL', QUERY: query }), await request(server.url).get('/tap/check').query({ lang: 'ADQL', query })]) {
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
      expect(res.body.sql).toMatch(/^SELECT .*"coord" <@ scircle\(.*LIMIT 5$/);
      expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual(['object_id', 'ra', 'i_cmodel_mag']);
      expect(res.body.columns[0]).toMatchObject({ datatype: 'long' });
      expect(res.body.columns[1]).toMatchObject({ datatype: 'double', unit: 'deg' });
    }
  });

  it('answers 400 with a JSON reason when the request has no QUERY or a wrong LANG', async () => {
    const missing = await check({ LANG: 'ADQL' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ ok: false, errors: [{ kind: 'request', message: 'QUERY is missing' }] });
    const lang = await check({ LANG: 'SQL', QUERY: 'SELECT 1' });
    expect(lang.status).toBe(400);
    expect(lang.body.errors[0].message).toMatch(/unknown query language/);
  });
});
