// TAP /async on UWS 1.1: a job runs to COMPLETED with its result at results/result; a bad query
// goes to ERROR as soon as it is run (before queueing), with the position of the mistake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/app.ts';

describe('TAP async', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  const create = (params: Record<string, string>) =>
    request(server.url).post('/tap/async').type('form').send(params).redirects(0);

  it('runs a query to COMPLETED and serves the result; 303s carry absolute URLs', async () => {
    const created = await create({ LANG: 'ADQL', QUERY: 'SELECT TOP 4 object_id, ra FROM pdr3_wide.forced ORDER BY object_id', RESPONSEFORMAT: 'csv', PHASE: 'RUN' });
    expect(created.status).toBe(303);
    const jobUrl = created.headers.location as string;
    expect(jobUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tap\/async\/[^/]+$/);
    const path = new URL(jobUrl).pathname;
    const done = await request(server.url).get(path).query({ WAIT: '30', PHASE: 'EXECUTING' });
    let doc = done.text;
    for (let i = 0; i < 20 && !/<uws:phase>COMPLETED</.test(doc); i++) {
      doc = (await request(server.url).get(path).query({ WAIT: '5' })).text;
    }
    expect(doc).toMatch(/<uws:phase>COMPLETED<\/uws:phase>/);
    const result = await request(server.url).get(`${path}/results/result`).redirects(1);
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toMatch(/text\/csv/);
    expect(result.text.trim().split('\n')).toHaveLength(5);
  });

  it('a bad query goes to ERROR when run, with line and column in the error summary', async () => {
    const created = await create({ LANG: 'ADQL', QUERY: 'SELECT i_cmodel_mg FROM pdr3_wide.forced', PHASE: 'RUN' });
    const path = new URL(created.headers.location as string).pathname;
    const job = await request(server.url).get(path);
    expect(job.text).toMatch(/<uws:phase>ERROR<\/uws:phase>/);
    expect(job.text).toMatch(/line 1, column 8/);
    const error = await request(server.url).get(`${path}/error`);
    expect(error.headers['content-type']).toMatch(/votable/);
    expect(error.text).toMatch(/QUERY_STATUS" value="ERROR"/);
  });

  it('echoes RUNID and lists the job with PHASE filtering', async () => {
    const created = await create({ LANG: 'ADQL', QUERY: 'SELECT TOP 1 object_id FROM pdr3_wide.forced', RUNID: 'my-run-42' });
    const path = new URL(created.headers.location as string).pathname;
    const job = await request(server.url).get(path);
    expect(job.text).toMatch(/<uws:runId>my-run-42<\/uws:runId>/);
    expect(job.text).toMatch(/<uws:phase>PENDING<\/uws:phase>/);
    const list = await request(server.url).get('/tap/async').query({ PHASE: 'PENDING' });
    expect(list.text).toContain(path.split('/').pop());
    const del = await request(server.url).delete(path).redirects(0);
    expect(del.status).toBe(303);
    expect((await request(server.url).get(path)).status).toBe(404);
  });
});
