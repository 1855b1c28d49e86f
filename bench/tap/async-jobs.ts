// Async load: N small TAP jobs submitted with PHASE=RUN, waited for, each result checked against
// the same query run directly in PostgreSQL (no loss, no mix-up), then deleted.
import pg from 'pg';
import { request } from './client.ts';
import { seconds } from './stats.ts';

const TERMINAL = new Set(['COMPLETED', 'ERROR', 'ABORTED']);

export interface AsyncRun {
  jobs: number;
  submitSeconds: number;
  /** From the first submission to the last job seen in a final phase. */
  totalSeconds: number;
  completedCorrect: number;
  failures: string[];
  deleted: number;
}

function jobQuery(table: string, fromId: string): string {
  return `SELECT TOP 5 object_id, ra, dec FROM ${table} WHERE object_id >= ${fromId} ORDER BY object_id`;
}

/** The object_ids each job must return, straight from PostgreSQL. */
async function expectedIds(ownerUrl: string, table: string, count: number): Promise<{ from: string; ids: string[] }[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const est = await client.query<{ n: string }>('SELECT GREATEST(reltuples, 1)::bigint AS n FROM pg_class WHERE oid = $1::regclass', [table]);
    const percent = Math.min(100, (100 * 4 * count) / Number(est.rows[0]?.n ?? 1));
    const starts = await client.query<{ object_id: string }>(
      `SELECT object_id::text FROM ${table} TABLESAMPLE BERNOULLI (${percent}) REPEATABLE (7) LIMIT ${count}`);
    const out: { from: string; ids: string[] }[] = [];
    for (const row of starts.rows) {
      // ORDER BY the column, not the text output column of the same name (a full sort each).
      const r = await client.query<{ object_id: string }>(
        `SELECT t.object_id::text AS object_id FROM ${table} AS t WHERE t.object_id >= $1 ORDER BY t.object_id LIMIT 5`, [row.object_id]);
      out.push({ from: row.object_id, ids: r.rows.map((x) => x.object_id) });
    }
    return out;
  } finally {
    await client.end();
  }
}

export async function measureAsync(tapUrl: string, ownerUrl: string, table: string, count: number): Promise<AsyncRun> {
  const expected = await expectedIds(ownerUrl, table, count);
  const start = process.hrtime.bigint();
  const jobUrls: string[] = [];
  for (const e of expected) {
    const reply = await request(`${tapUrl}/async`, {
      form: { LANG: 'ADQL', QUERY: jobQuery(table, e.from), RESPONSEFORMAT: 'csv', PHASE: 'RUN' },
    });
    if (reply.status !== 303 || !reply.location) throw new Error(`job creation: HTTP ${reply.status} ${reply.head.slice(0, 400)}`);
    jobUrls.push(reply.location);
  }
  const submitSeconds = seconds(start);
  const phases: string[] = [];
  for (const url of jobUrls) {
    for (;;) {
      const phase = (await request(`${url}/phase`)).head.trim();
      if (TERMINAL.has(phase)) { phases.push(phase); break; }
      await request(`${url}?WAIT=30`);
    }
  }
  const totalSeconds = seconds(start);
  const failures: string[] = [];
  let completedCorrect = 0;
  for (const [i, url] of jobUrls.entries()) {
    const want = (expected[i] as { ids: string[] }).ids;
    if (phases[i] !== 'COMPLETED') { failures.push(`${url}: ${String(phases[i])}`); continue; }
    const result = await request(`${url}/results/result`);
    const got = result.head.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    if (result.status === 200 && got.join(' ') === want.join(' ')) completedCorrect++;
    else failures.push(`${url}: got [${got.join(' ')}], want [${want.join(' ')}]`);
  }
  let deleted = 0;
  for (const url of jobUrls) {
    const reply = await request(url, { method: 'DELETE' });
    if (reply.status === 303 || reply.status === 200) deleted++;
  }
  return { jobs: jobUrls.length, submitSeconds, totalSeconds, completedCorrect, failures, deleted };
}
