// Interop regressions, anchors.md §2 A (protocol mechanics: parameters, redirects, job lifecycle):
// each test is named after a case that broke a real client of another VO server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { TestServer } from '../support/app.ts';
import { startUws, prefix as uwsPrefix, type TestUws } from '../uws/harness.ts';
import { createJob, pathOf, pyCheck, syncForm, startInteropServer } from './support.ts';

const QUICK = 'SELECT TOP 2 object_id FROM pdr3_wide.forced ORDER BY object_id';

describe('interop §2 A: protocol mechanics', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startInteropServer(); });
  afterAll(async () => { await server.close(); });

  const getJob = (path: string, query: Record<string, string> = {}): request.Test => request(server.url).get(path).query(query);
  const phaseOf = (xml: string): string | undefined => /<uws:phase>([A-Z]+)<\/uws:phase>/.exec(xml)?.[1];

  it('A1 parameter names in any case are stored once in lower case, and pyvo 1.2.1 reads job.query', async () => {
    const created = await createJob(server, { query: QUICK, Lang: 'ADQL', REQUEST: 'doQuery', MaxRec: '5' });
    const path = pathOf(created.headers.location as string);
    await request(server.url).post(`${path}/parameters`).type('form').send({ QUERY: 'SELECT TOP 1 object_id FROM pdr3_wide.forced' }).redirects(0);
    const xml = (await getJob(path)).text;
    const ids = [...xml.matchAll(/<uws:parameter id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.sort()).toEqual(['lang', 'maxrec', 'query', 'request']);
    expect(xml).toContain('<uws:parameter id="query">SELECT TOP 1 object_id FROM pdr3_wide.forced</uws:parameter>');
    await request(server.url).delete(path);
    // pyvo posts QUERY in upper case and then looks for id="query".
    const seen = await pyCheck<{ first: string; second: string; ids: string[] }>('job-query', `${server.url}/tap`);
    expect(seen.first).toBe('SELECT TOP 1 object_id FROM pdr3_wide.forced');
    expect(seen.second).toBe('SELECT TOP 2 object_id FROM pdr3_wide.forced');
  });

  it('A2 303 Location is absolute and keeps the forwarded https scheme, host and prefix', async () => {
    const proxy = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'hsc-release.example.org', 'X-Forwarded-Prefix': '/archive' };
    const created = await createJob(server, { LANG: 'ADQL', QUERY: QUICK, RESPONSEFORMAT: 'csv' }, proxy);
    expect(created.status).toBe(303);
    const location = created.headers.location as string;
    expect(location).toMatch(/^https:\/\/hsc-release\.example\.org\/archive\/tap\/async\/[^/]+$/);
    const path = pathOf(location).replace(/^\/archive/, '');
    const run = await request(server.url).post(`${path}/phase`).set(proxy).type('form').send({ PHASE: 'RUN' }).redirects(0);
    expect(run.status).toBe(303);
    expect(run.headers.location).toBe(location);
    const done = await getJob(path, { WAIT: '30' }).set(proxy);
    let xml = done.text;
    for (let i = 0; i < 10 && phaseOf(xml) !== 'COMPLETED'; i++) xml = (await getJob(path, { WAIT: '5' }).set(proxy)).text;
    expect(phaseOf(xml)).toBe('COMPLETED');
    expect(xml).toContain(`xlink:href="${location}/results/result"`);
    const del = await request(server.url).delete(path).set(proxy).redirects(0);
    expect(del.status).toBe(303);
    expect(del.headers.location).toMatch(/^https:\/\/hsc-release\.example\.org\/archive\/tap\/async(\?|$)/);
  });

  it('A3 phase=run in lower case with the creation POST runs the job at once (ESA TAP+ style)', async () => {
    const created = await createJob(server, { lang: 'ADQL', query: QUICK, phase: 'run' });
    const path = pathOf(created.headers.location as string);
    const first = phaseOf((await getJob(path)).text);
    expect(first).not.toBe('PENDING');
    let xml = (await getJob(path, { WAIT: '30' })).text;
    for (let i = 0; i < 10 && phaseOf(xml) !== 'COMPLETED'; i++) xml = (await getJob(path, { WAIT: '5' })).text;
    expect(phaseOf(xml)).toBe('COMPLETED');
  });

  it('A4 DELETE answers 303 to a light job list, not to every job ever made (pyvo follows it)', async () => {
    const made: string[] = [];
    for (let i = 0; i < 25; i++) made.push(pathOf((await createJob(server, { LANG: 'ADQL', QUERY: QUICK })).headers.location as string));
    const [first, second] = made;
    for (const answer of [
      await request(server.url).delete(first ?? '').redirects(0),
      await request(server.url).post(second ?? '').type('form').send({ ACTION: 'DELETE' }).redirects(0),
    ]) {
      expect(answer.status).toBe(303);
      const target = await request(server.url).get(pathOf(answer.headers.location as string) + new URL(answer.headers.location as string).search);
      expect(target.status).toBe(200);
      expect(target.text).toMatch(/<uws:jobs/);
      const refs = (target.text.match(/<uws:jobref /g) ?? []).length;
      expect(refs).toBeLessThan(made.length - 2);
    }
    const full = await request(server.url).get('/tap/async');
    expect((full.text.match(/<uws:jobref /g) ?? []).length).toBeGreaterThanOrEqual(made.length - 2);
    await Promise.all(made.slice(2).map((p) => request(server.url).delete(p)));
    const { deleted } = await pyCheck<{ deleted: string }>('delete-job', `${server.url}/tap`);
    expect((await getJob(pathOf(deleted))).status).toBe(404);
  });

  it('A4 ABORT or DELETE of an EXECUTING job stops its query, and the server keeps answering', async () => {
    const slow = 'SELECT COUNT(*) AS n FROM pdr3_wide.forced AS a, pdr3_wide.forced AS b WHERE a.ra + b.dec > 1';
    const running = async (): Promise<number> => (await server.db.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE state = 'active' AND query LIKE '%"a"."ra" + "b"."dec"%' AND pid <> pg_backend_pid()`)).rows[0]?.n ?? -1;
    const until = async (done: (n: number) => boolean): Promise<number> => {
      let n = await running();
      for (let i = 0; i < 30 && !done(n); i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        n = await running();
      }
      return n;
    };
    for (const stop of ['abort', 'delete'] as const) {
      const path = pathOf((await createJob(server, { LANG: 'ADQL', QUERY: slow, PHASE: 'RUN' })).headers.location as string);
      expect(await until((n) => n > 0), `${stop}: the query runs`).toBeGreaterThan(0);
      expect(phaseOf((await getJob(path)).text)).toBe('EXECUTING');
      if (stop === 'abort') {
        await request(server.url).post(`${path}/phase`).type('form').send({ PHASE: 'ABORT' }).redirects(0);
        expect(phaseOf((await getJob(path)).text)).toBe('ABORTED');
      } else {
        expect((await request(server.url).delete(path).redirects(0)).status).toBe(303);
        expect((await getJob(path)).status).toBe(404);
      }
      // PostgreSQL notices the closed connection within client_connection_check_interval (1 s).
      expect(await until((n) => n === 0), `${stop}: the query stops`).toBe(0);
      const alive = await syncForm(server, { LANG: 'ADQL', QUERY: QUICK, RESPONSEFORMAT: 'csv' });
      expect(alive.status, `${stop}: the server still answers`).toBe(200);
    }
  });

  it('A5 WAIT blocks, returns early on a phase change, and answers at once for another PHASE', async () => {
    const path = pathOf((await createJob(server, { LANG: 'ADQL', QUERY: QUICK })).headers.location as string);
    const other = Date.now();
    const notThatPhase = await getJob(path, { WAIT: '20', PHASE: 'EXECUTING' });
    expect(Date.now() - other).toBeLessThan(3000);
    expect(phaseOf(notThatPhase.text)).toBe('PENDING');
    const started = Date.now();
    const waiting = getJob(path, { WAIT: '20' }).then((r) => ({ xml: r.text, ms: Date.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 700));
    await request(server.url).post(`${path}/phase`).type('form').send({ PHASE: 'RUN' });
    const { xml, ms } = await waiting;
    expect(ms).toBeGreaterThanOrEqual(600);
    expect(ms).toBeLessThan(10_000);
    expect(phaseOf(xml)).not.toBe('PENDING');
    await request(server.url).delete(path);
  });

  describe('A5 WAIT is capped', () => {
    let uws: TestUws;
    beforeAll(async () => { uws = await startUws({ maxWaitSeconds: 1 }); });
    afterAll(async () => { await uws.close(); });

    it('A5 WAIT longer than the cap (or -1) returns after the cap, not after the asked time', async () => {
      const created = await uws.http.post(uwsPrefix).type('form').send({ QUERY: 'x' }).redirects(0);
      const path = pathOf(created.headers.location as string);
      for (const wait of ['600', '-1']) {
        const started = Date.now();
        const res = await uws.http.get(path).query({ WAIT: wait });
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
        expect(Date.now() - started).toBeLessThan(5000);
      }
    });
  });

  it('A6 a job is never left PENDING after PHASE=RUN: pyvo waits to COMPLETED, and to ERROR with the position of a bad query', async () => {
    const seen = await pyCheck<Record<'good' | 'bad', { phase?: string; message?: string | null; rows?: number; raised?: string }>>(
      'wait-phases', `${server.url}/tap`);
    expect(seen.good).toEqual({ phase: 'COMPLETED', message: null, rows: 3 });
    expect(seen.bad.phase).toBe('ERROR');
    expect(seen.bad.message).toMatch(/line 1, column 8/);
  });

  it('A7 RESPONSEFORMAT and FORMAT accept the short aliases clients send', async () => {
    const expected: Record<string, RegExp> = {
      votable: /^application\/x-votable\+xml/, 'votable/td': /^application\/x-votable\+xml/,
      'votable/b2': /^application\/x-votable\+xml;\s*serialization=BINARY2/i, csv: /^text\/csv/,
      tsv: /^text\/tab-separated-values/, fits: /^application\/fits/, sqlite: /^application\/vnd\.sqlite3/,
    };
    for (const [alias, type] of Object.entries(expected)) {
      for (const name of ['RESPONSEFORMAT', 'FORMAT', 'responseformat']) {
        const res = await syncForm(server, { LANG: 'ADQL', QUERY: QUICK, [name]: alias });
        expect(res.status, `${name}=${alias}`).toBe(200);
        expect(res.headers['content-type'], `${name}=${alias}`).toMatch(type);
      }
    }
    const parquet = await syncForm(server, { LANG: 'ADQL', QUERY: QUICK, RESPONSEFORMAT: 'parquet' });
    expect(parquet.status).toBe(400);
    expect(parquet.headers['content-type']).toMatch(/votable/);
    expect(parquet.text).toMatch(/QUERY_STATUS" value="ERROR">unsupported RESPONSEFORMAT 'parquet'; accepted values: .*csv/);
  });
});
