// The UWS 1.1 REST binding end to end: a Koa app with uwsRouter over the real PostgreSQL job store
// and a real executor writing result files.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.ts';
import { inlineUploadFile } from '../../src/uws/files.ts';
import { element, jobIdOf, prefix, startUws, type TestUws } from './harness.ts';

let uws: TestUws;
beforeAll(async () => { uws = await startUws(); });
afterAll(async () => { await uws.close(); });

async function createJob(fields: Record<string, string>): Promise<string> {
  const res = await uws.http.post(prefix).type('form').send(fields);
  expect(res.status).toBe(303);
  return jobIdOf(res.headers.location ?? '');
}

async function waitFor(jobId: string, phases: string[]): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const res = await uws.http.get(`${prefix}/${jobId}?WAIT=5`);
    const phase = element(res.text, 'phase') ?? '';
    if (phases.includes(phase)) return res.text;
  }
  throw new Error(`job ${jobId} never reached ${phases.join('/')}`);
}

describe('job creation and execution', () => {
  it('creates a job with PHASE=RUN, answers 303 with an absolute job URL, and completes it with a result file', async () => {
    const res = await uws.http.post(prefix).type('form').send({ query: 'select 1', phase: 'RUN', RUNID: 'run-42' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tap\/async\/[a-z2-7]{26}$/);
    const jobId = jobIdOf(res.headers.location ?? '');
    const xml = await waitFor(jobId, ['COMPLETED']);
    expect(element(xml, 'runId')).toBe('run-42');
    expect(xml).toContain('<uws:parameter id="query">select 1</uws:parameter>');
    expect(xml).toMatch(new RegExp(`<uws:result id="result" xlink:type="simple" xlink:href="http://[^"]+/tap/async/${jobId}/results/result" size="8" mime-type="text/plain"/>`));
    const result = await uws.http.get(`${prefix}/${jobId}/results/result`);
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toMatch(/^text\/plain/);
    expect(result.text).toBe('SELECT 1');
  });

  it('keeps a job PENDING until PHASE=RUN is posted to its phase', async () => {
    const jobId = await createJob({ QUERY: 'later' });
    expect((await uws.http.get(`${prefix}/${jobId}/phase`)).text).toBe('PENDING');
    const run = await uws.http.post(`${prefix}/${jobId}/phase`).type('form').send({ PHASE: 'RUN' });
    expect(run.status).toBe(303);
    expect(run.headers.location).toMatch(new RegExp(`/tap/async/${jobId}$`));
    await waitFor(jobId, ['COMPLETED']);
  });

  it('sends an invalid job to ERROR at PHASE=RUN, before it queues, with the error summary and document', async () => {
    const jobId = await createJob({ QUERY: 'BAD QUERY', PHASE: 'RUN' });
    const xml = (await uws.http.get(`${prefix}/${jobId}`)).text;
    expect(element(xml, 'phase')).toBe('ERROR');
    expect(xml).toContain('<uws:errorSummary type="fatal" hasDetail="true">');
    expect(element(xml, 'message')).toBe('Syntax error at line 1, column 1: unexpected "BAD"');
    const error = await uws.http.get(`${prefix}/${jobId}/error`);
    expect(error.status).toBe(200);
    expect(error.text).toBe('ERROR: Syntax error at line 1, column 1: unexpected "BAD"');
  });

  it('records an executor failure as ERROR, and answers 404 for the error of a job that did not fail', async () => {
    const failed = await createJob({ QUERY: 'FAIL', PHASE: 'RUN' });
    expect(element(await waitFor(failed, ['ERROR']), 'message')).toBe('The query failed on purpose');
    const fine = await createJob({ QUERY: 'fine' });
    expect((await uws.http.get(`${prefix}/${fine}/error`)).status).toBe(404);
  });

  it('stops a job that exceeds its EXECUTIONDURATION and reports it as ERROR', async () => {
    const jobId = await createJob({ QUERY: 'slow', DELAY_MS: '20000', EXECUTIONDURATION: '1', PHASE: 'RUN' });
    const xml = await waitFor(jobId, ['ERROR']);
    expect(element(xml, 'message')).toMatch(/exceeded its execution duration of 1 s/);
    expect(uws.kind.aborted.get(jobId)).toEqual({ kind: 'timeout', seconds: 1 });
  });

  it('answers 404 for an unknown job and its children', async () => {
    for (const suffix of ['', '/phase', '/results', '/results/result', '/error', '/parameters']) {
      expect((await uws.http.get(`${prefix}/nosuchjob${suffix}`)).status).toBe(404);
    }
  });
});

describe('blocking WAIT (UWS 1.1 §2.2.1.2)', () => {
  it('blocks for the requested time while nothing changes', async () => {
    const jobId = await createJob({ QUERY: 'idle' });
    const started = Date.now();
    const res = await uws.http.get(`${prefix}/${jobId}?WAIT=1`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(element(res.text, 'phase')).toBe('PENDING');
  });

  it('returns early when the phase changes', async () => {
    const jobId = await createJob({ QUERY: 'soon', DELAY_MS: '10000' });
    const started = Date.now();
    const waiting = uws.http.get(`${prefix}/${jobId}?WAIT=20`).then((r) => r);
    await new Promise((r) => setTimeout(r, 300));
    await uws.http.post(`${prefix}/${jobId}/phase`).type('form').send({ PHASE: 'RUN' });
    const res = await waiting;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(element(res.text, 'phase')).not.toBe('PENDING');
    await uws.http.post(`${prefix}/${jobId}/phase`).type('form').send({ PHASE: 'ABORT' });
  });

  it('returns at once when the PHASE qualifier differs from the job phase, or the phase is final', async () => {
    const pending = await createJob({ QUERY: 'q' });
    let started = Date.now();
    await uws.http.get(`${prefix}/${pending}?WAIT=10&PHASE=EXECUTING`);
    expect(Date.now() - started).toBeLessThan(1000);
    const done = await createJob({ QUERY: 'q', PHASE: 'RUN' });
    await waitFor(done, ['COMPLETED']);
    started = Date.now();
    await uws.http.get(`${prefix}/${done}?WAIT=-1`);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('abort and delete', () => {
  it('aborts an executing job through its AbortSignal', async () => {
    const jobId = await createJob({ QUERY: 'long', DELAY_MS: '30000', PHASE: 'RUN' });
    await waitFor(jobId, ['EXECUTING']);
    const res = await uws.http.post(`${prefix}/${jobId}/phase`).type('form').send({ phase: 'abort' });
    expect(res.status).toBe(303);
    expect((await uws.http.get(`${prefix}/${jobId}/phase`)).text).toBe('ABORTED');
    await expect.poll(() => uws.kind.aborted.get(jobId)).toEqual({ kind: 'client-abort' });
    expect(element((await uws.http.get(`${prefix}/${jobId}`)).text, 'endTime')).toBeDefined();
  });

  it('deletes a job and its result files with HTTP DELETE, answering 303 to the job list', async () => {
    const jobId = await createJob({ QUERY: 'x', PHASE: 'RUN' });
    await waitFor(jobId, ['COMPLETED']);
    const dir = uws.service.jobDirectory(jobId);
    expect(existsSync(path.join(dir, 'result.txt'))).toBe(true);
    const res = await uws.http.delete(`${prefix}/${jobId}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/\/tap\/async\?LAST=\d+$/);
    expect((await uws.http.get(`${prefix}/${jobId}`)).status).toBe(404);
    expect(existsSync(dir)).toBe(false);
  });

  it('deletes a job with POST ACTION=DELETE and refuses other posts to the job URL', async () => {
    const jobId = await createJob({ QUERY: 'x' });
    expect((await uws.http.post(`${prefix}/${jobId}`).type('form').send({ QUERY: 'y' })).status).toBe(400);
    const res = await uws.http.post(`${prefix}/${jobId}`).type('form').send({ action: 'DELETE' });
    expect(res.status).toBe(303);
    expect((await uws.http.get(`${prefix}/${jobId}`)).status).toBe(404);
  });

  it('destroys jobs whose DESTRUCTION time has passed, with their files', async () => {
    const jobId = await createJob({ QUERY: 'x', PHASE: 'RUN' });
    await waitFor(jobId, ['COMPLETED']);
    const soon = new Date(Date.now() + 500).toISOString();
    const res = await uws.http.post(`${prefix}/${jobId}/destruction`).type('form').send({ DESTRUCTION: soon });
    expect(res.status).toBe(303);
    expect((await uws.http.get(`${prefix}/${jobId}/destruction`)).text).toBe(soon);
    expect(await uws.service.sweeper.sweep(new Date(Date.now() - 60_000))).not.toContain(jobId);
    expect(await uws.service.sweeper.sweep(new Date(Date.now() + 1000))).toContain(jobId);
    expect((await uws.http.get(`${prefix}/${jobId}`)).status).toBe(404);
    expect(existsSync(uws.service.jobDirectory(jobId))).toBe(false);
  });
});

describe('parameters', () => {
  it('treats parameter names case-insensitively and echoes one canonical lower-case name', async () => {
    const jobId = await createJob({ Query: 'a', lang: 'ADQL' });
    const xml = (await uws.http.get(`${prefix}/${jobId}/parameters`)).text;
    expect(xml).toContain('<uws:parameter id="query">a</uws:parameter>');
    expect(xml).toContain('<uws:parameter id="lang">ADQL</uws:parameter>');
  });

  it('replaces RUNID when runId is posted to /parameters (taplint E-UWS-PAMM)', async () => {
    const jobId = await createJob({ QUERY: 'a', RUNID: 'TAPLINT-001' });
    const res = await uws.http.post(`${prefix}/${jobId}/parameters`).type('form').send({ runId: 'TAPLINT-002' });
    expect(res.status).toBe(303);
    const xml = (await uws.http.get(`${prefix}/${jobId}`)).text;
    expect(element(xml, 'runId')).toBe('TAPLINT-002');
    expect(xml.match(/id="runid"/g)).toHaveLength(1);
    expect(xml).toContain('<uws:parameter id="runid">TAPLINT-002</uws:parameter>');
  });

  it('refuses parameter changes once the job has been run (403)', async () => {
    const jobId = await createJob({ QUERY: 'a', PHASE: 'RUN' });
    const res = await uws.http.post(`${prefix}/${jobId}/parameters`).type('form').send({ QUERY: 'b' });
    expect(res.status).toBe(403);
  });

  it('refuses a single-valued parameter repeated in one request, and accumulates UPLOAD', async () => {
    expect((await uws.http.post(prefix).type('form').send('QUERY=a&query=b')).status).toBe(400);
    const jobId = await createJob({ QUERY: 'a' });
    await uws.http.post(`${prefix}/${jobId}/parameters`).type('form').send('UPLOAD=t1,http://x/1&upload=t2,http://x/2');
    const xml = (await uws.http.get(`${prefix}/${jobId}/parameters`)).text;
    expect(xml.match(/id="upload"/g)).toHaveLength(2);
  });

  it('accepts multipart bodies and serves an inline file part by reference', async () => {
    const file = path.join(uws.resultDir, 'table.xml');
    await writeFile(file, '<VOTABLE/>');
    const res = await uws.http.post(prefix).field('QUERY', 'SELECT * FROM TAP_UPLOAD.t1')
      .field('UPLOAD', 't1,param:t1').attach('t1', file);
    expect(res.status).toBe(303);
    const jobId = jobIdOf(res.headers.location ?? '');
    const xml = (await uws.http.get(`${prefix}/${jobId}`)).text;
    expect(xml).toMatch(new RegExp(`<uws:parameter id="t1" byReference="true">http://[^<]+/tap/async/${jobId}/parameters/t1</uws:parameter>`));
    const content = await uws.http.get(`${prefix}/${jobId}/parameters/t1`).buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks).toString()));
      });
    expect(content.status).toBe(200);
    expect(content.body).toBe('<VOTABLE/>');
    const job = await uws.service.get(undefined, jobId);
    const onDisk = inlineUploadFile(uws.service.jobDirectory(jobId), job, 't1');
    expect(onDisk && readFileSync(onDisk, 'utf8')).toBe('<VOTABLE/>');
  });
});

describe('job attributes and documents', () => {
  it('serves phase, executionduration, destruction and quote as text/plain equal to the job document', async () => {
    const jobId = await createJob({ QUERY: 'a', EXECUTIONDURATION: '120' });
    const xml = (await uws.http.get(`${prefix}/${jobId}`)).text;
    for (const [resource, name] of [['phase', 'phase'], ['executionduration', 'executionDuration'],
      ['destruction', 'destruction'], ['quote', 'quote']] as const) {
      const res = await uws.http.get(`${prefix}/${jobId}/${resource}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text.trim()).toBe(element(xml, name));
    }
    expect(element(xml, 'executionDuration')).toBe('120');
    expect((await uws.http.get(`${prefix}/${jobId}/owner`)).text).toBe('');
  });

  it('caps EXECUTIONDURATION at the configured maximum (0 = unlimited is not granted)', async () => {
    const jobId = await createJob({ QUERY: 'a' });
    await uws.http.post(`${prefix}/${jobId}/executionduration`).type('form').send({ EXECUTIONDURATION: '0' });
    expect((await uws.http.get(`${prefix}/${jobId}/executionduration`)).text).toBe('3600');
  });

  it('writes job and job list documents that validate against the UWS 1.1 schema, without xsi:nil on runId', async () => {
    const jobId = await createJob({ QUERY: 'a < b & c', PHASE: 'RUN' });
    const job = await waitFor(jobId, ['COMPLETED']);
    expect(job).toContain('version="1.1"');
    expect(job).not.toMatch(/runId[^>]*nil/);
    const list = (await uws.http.get(prefix)).text;
    const results = (await uws.http.get(`${prefix}/${jobId}/results`)).text;
    const xsd = path.join(projectRoot, 'test/fixtures/xsd/UWS-v1.1.xsd');
    for (const [name, xml] of [['job', job], ['jobs', list], ['results', results]] as const) {
      const file = path.join(uws.resultDir, `${name}.xml`);
      await writeFile(file, xml);
      execFileSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], {
        env: { ...process.env, XML_CATALOG_FILES: path.join(projectRoot, 'test/fixtures/xsd/catalog.xml') },
        stdio: 'pipe',
      });
    }
  });
});

describe('redirects behind a proxy', () => {
  it('builds absolute 303 Locations from X-Forwarded-Host, X-Forwarded-Proto and X-Forwarded-Prefix', async () => {
    const res = await uws.http.post(prefix).type('form')
      .set('X-Forwarded-Host', 'hsc.example.org').set('X-Forwarded-Proto', 'https').set('X-Forwarded-Prefix', '/vo')
      .send({ QUERY: 'a' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^https:\/\/hsc\.example\.org\/vo\/tap\/async\/[a-z2-7]{26}$/);
    const jobId = jobIdOf(res.headers.location ?? '');
    const del = await uws.http.delete(`${prefix}/${jobId}`).set('Forwarded', 'for=1.2.3.4;host=proxy.example.org;proto=https');
    expect(del.headers.location).toBe('https://proxy.example.org/tap/async?LAST=10');
  });
});
