// Job lifecycle below the HTTP layer: restart recovery, the runner pool's bound, the shared queue
// of several nodes, the state machine's refusals and the job list filters.
import { describe, expect, it } from 'vitest';
import { restartMessage } from '../../src/uws/service.ts';
import { canMove } from '../../src/uws/phase.ts';
import { echoKind } from './echo-kind.ts';
import { element, prefix, startUws } from './harness.ts';

const values = (fields: Record<string, string>): { values: { name: string; value: string }[]; files: [] } =>
  ({ values: Object.entries(fields).map(([name, value]) => ({ name, value })), files: [] });

async function settle(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('restart recovery', () => {
  it('after a restart, fails the jobs that were EXECUTING with a message and runs the QUEUED ones', async () => {
    const uws = await startUws({ started: false });
    try {
      const { service } = uws;
      const interrupted = await service.create(undefined, values({ QUERY: 'was running' }));
      const waiting = await service.create(undefined, values({ QUERY: 'was queued' }));
      await service.run(undefined, interrupted.jobId);
      // The state a crash leaves: this node had claimed the first job when the process died.
      expect((await service.store.claimNext(uws.jobList, uws.node))?.jobId).toBe(interrupted.jobId);
      await service.run(undefined, waiting.jobId);
      expect((await service.store.get(waiting.jobId))?.phase).toBe('QUEUED');

      await service.start();
      const failed = await service.store.get(interrupted.jobId);
      expect(failed?.phase).toBe('ERROR');
      expect(failed?.errorSummary).toEqual({ type: 'transient', message: restartMessage });
      await settle(async () => (await service.store.get(waiting.jobId))?.phase === 'COMPLETED');
      await service.stop();
    } finally {
      await uws.close();
    }
  });
});

describe('runner pool', () => {
  it('never executes more jobs at once than its concurrency, and completes every queued job', async () => {
    const uws = await startUws({ concurrency: 2 });
    try {
      const jobs = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        uws.service.create(undefined, values({ QUERY: `q${i}`, DELAY_MS: '60', PHASE: 'RUN' }))));
      await settle(async () => {
        const done = await uws.service.list(undefined, { phases: ['COMPLETED'], after: undefined, last: undefined });
        return done.length === jobs.length;
      });
      expect(uws.kind.peakConcurrency).toBe(2);
    } finally {
      await uws.close();
    }
  });

  it('shares one queue between two nodes: each job runs exactly once', async () => {
    const kind = echoKind();
    const executed: string[] = [];
    const execute = kind.execute.bind(kind);
    kind.execute = async (job, context) => { executed.push(job.jobId); return execute(job, context); };
    const first = await startUws({ kind, concurrency: 2 });
    const second = await startUws({ kind, jobList: first.jobList, resultDir: first.resultDir, concurrency: 2 });
    try {
      const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        first.service.create(undefined, values({ QUERY: `q${i}`, DELAY_MS: '20', PHASE: 'RUN' }))));
      await settle(async () => (await first.service.list(undefined, { phases: ['COMPLETED'], after: undefined, last: undefined })).length === jobs.length);
      expect([...executed].sort()).toEqual(jobs.map((j) => j.jobId).sort());
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('state machine', () => {
  it('refuses transitions the UWS phase diagram does not allow', async () => {
    expect(canMove('PENDING', 'COMPLETED')).toBe(false);
    expect(canMove('COMPLETED', 'ABORTED')).toBe(false);
    expect(canMove('EXECUTING', 'COMPLETED')).toBe(true);
    const uws = await startUws({ started: false });
    try {
      const job = await uws.service.create(undefined, values({ QUERY: 'q' }));
      expect(await uws.service.store.transition(job.jobId, { phase: 'COMPLETED', results: [] })).toBeUndefined();
      expect((await uws.service.store.transition(job.jobId, { phase: 'ABORTED' }))?.phase).toBe('ABORTED');
      expect(await uws.service.store.transition(job.jobId, { phase: 'QUEUED' })).toBeUndefined();
      expect((await uws.service.store.get(job.jobId))?.phase).toBe('ABORTED');
    } finally {
      await uws.close();
    }
  });
});

describe('job list (UWS 1.1 §2.2.2.1)', () => {
  it('filters by PHASE (repeatable), AFTER and LAST, and shows each owner only their jobs', async () => {
    const uws = await startUws();
    try {
      const ids = async (query: string): Promise<string[]> =>
        [...(await uws.http.get(`${prefix}${query}`)).text.matchAll(/<uws:jobref id="([^"]+)"/g)].map((m) => m[1] ?? '');
      const a = await uws.service.create(undefined, values({ QUERY: 'a' }));
      const b = await uws.service.create(undefined, values({ QUERY: 'b', PHASE: 'RUN' }));
      const c = await uws.service.create(undefined, values({ QUERY: 'BAD', PHASE: 'RUN' }));
      const mine = await uws.service.create('alice', values({ QUERY: 'private' }));
      await settle(async () => (await uws.service.store.get(b.jobId))?.phase === 'COMPLETED');

      expect(await ids('')).toEqual([c.jobId, b.jobId, a.jobId]);
      expect(await ids('?PHASE=PENDING')).toEqual([a.jobId]);
      expect(await ids('?PHASE=PENDING&PHASE=ERROR')).toEqual([c.jobId, a.jobId]);
      expect(await ids(`?AFTER=${encodeURIComponent(a.creationTime.toISOString())}`)).toEqual([c.jobId, b.jobId]);
      expect(await ids('?LAST=2')).toEqual([c.jobId, b.jobId]);
      expect(await ids('?LAST=1&PHASE=PENDING')).toEqual([a.jobId]);
      expect((await uws.http.get(`${prefix}?PHASE=NONSENSE`)).status).toBe(400);
      expect((await uws.service.list('alice', { phases: [], after: undefined, last: undefined })).map((j) => j.jobId)).toEqual([mine.jobId]);
      expect((await uws.http.get(`${prefix}/${mine.jobId}`)).status).toBe(403);
      const list = (await uws.http.get(prefix)).text;
      expect(list).toContain('<uws:jobs');
      expect(list).toContain('version="1.1"');
      expect(element(list, 'phase')).toBe('ERROR');
    } finally {
      await uws.close();
    }
  });
});
