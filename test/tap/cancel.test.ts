// TAP /sync (TAP 1.1 §2.1, the item 2): a client that disconnects cancels the query, so
// PostgreSQL stops working for nobody. Watched from the owner's side in pg_stat_activity.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.ts';

// A self cross join with an aggregate: PostgreSQL works for many seconds before the first row.
const LONG_QUERY = 'SELECT COUNT(*) AS n FROM pdr3_wide.forced AS a, pdr3_wide.forced AS b WHERE a.i_cmodel_mag + b.r_cmodel_mag < a.g_cmodel_mag + b.z_cmodel_mag';

describe('TAP sync cancellation', () => {
  let server: TestServer;
  let owner: pg.Client;
  beforeAll(async () => {
    server = await startTestServer();
    owner = new pg.Client({ connectionString: inject('databaseUrl') });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await server.close();
  });

  /** Backends of the query pool (leaders and their parallel workers) running the long query. */
  const runningQueries = async (): Promise<number> => {
    const result = await owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE (application_name = 'hsc-vo-query' OR leader_pid IS NOT NULL)
         AND state = 'active' AND query LIKE '%"pdr3_wide"."forced" AS "b"%'`);
    return result.rows[0]?.n ?? 0;
  };

  it('a client that disconnects cancels the query', async () => {
    const client = new AbortController();
    const response = fetch(`${server.url}/tap/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ LANG: 'ADQL', QUERY: LONG_QUERY }).toString(),
      signal: client.signal,
    }).catch((err: unknown) => err);
    // Wait until PostgreSQL is working on it, then hang up.
    const t0 = Date.now();
    while (await runningQueries() === 0) {
      expect(Date.now() - t0, 'the query never showed up in pg_stat_activity').toBeLessThan(10_000);
      await sleep(100);
    }
    await sleep(1000);
    expect(await runningQueries()).toBeGreaterThan(0);
    client.abort();
    expect(await response).toBeInstanceOf(Error);
    const aborted = Date.now();
    while (await runningQueries() > 0) {
      expect(Date.now() - aborted, 'the query still runs after the client went away').toBeLessThan(5000);
      await sleep(200);
    }
    // The connection was given up, not leaked, and the service goes on answering.
    expect(server.db.reader.totalCount - server.db.reader.idleCount).toBe(0);
    const next = await fetch(`${server.url}/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=${encodeURIComponent('SELECT TOP 1 object_id FROM pdr3_wide.forced')}`);
    expect(next.status).toBe(200);
  });
});
