// The database session of /tap/estimate's own statements (EXPLAIN, density maps, calibration):
// a READ ONLY transaction on the read-only pool with a statement_timeout, like user queries.
import type pg from 'pg';

export async function readOnlySession<T>(pool: pg.Pool, timeoutSeconds: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutSeconds * 1000))}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    // A failed session may hold an aborted transaction: never hand that connection back.
    client.release(failed);
  }
}

/** The plan of `sql` as EXPLAIN (FORMAT JSON) prints it (VERBOSE: relations come with their schema). */
export async function explainJson(client: pg.PoolClient, sql: string, options = 'FORMAT JSON, VERBOSE'): Promise<unknown> {
  const result = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (${options}) ${sql}`);
  return result.rows[0]?.['QUERY PLAN'];
}
