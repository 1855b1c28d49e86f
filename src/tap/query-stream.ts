// Runs one translated query on the read-only pool and yields its result in pieces, constant
// memory whatever the row count: rows (as arrays) through a server-side cursor, or the raw
// output of `COPY (query) TO STDOUT`. The transaction is READ ONLY with a statement_timeout;
// aborting (client gone, job aborted) closes the connection, and client_connection_check_interval
// makes PostgreSQL stop the query promptly.
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import Cursor from 'pg-cursor';

export interface QueryStreamOptions {
  /** statement_timeout for the query, in seconds (0: none). */
  timeoutSeconds: number;
  /** At most this many rows are read (MAXREC + 1 for OVERFLOW detection); undefined: all. */
  limit?: number;
  /** Rows fetched per round trip. */
  batchSize?: number;
  signal?: AbortSignal;
}

export class QueryAbortedError extends Error {
  override readonly name = 'QueryAbortedError';
}

/** Rows of `sql`, streamed. Errors from PostgreSQL are rethrown as they come (the caller maps them). */
export function streamQuery(pool: pg.Pool, sql: string, opts: QueryStreamOptions): AsyncGenerator<unknown[]> {
  return inReadOnlyTransaction(pool, opts, async function* (client) {
    const cursor = client.query(new Cursor<unknown[]>(sql, [], { rowMode: 'array' }));
    let remaining = opts.limit ?? Infinity;
    const batch = opts.batchSize ?? 2000;
    while (remaining > 0) {
      const rows = await cursor.read(Math.min(batch, remaining));
      if (rows.length === 0) break;
      remaining -= rows.length;
      for (const row of rows) yield row;
    }
    await cursor.close();
  });
}

/**
 * The bytes of `COPY (<sql>) TO STDOUT (FORMAT <format>)`, in chunks cut anywhere. The SQL
 * bounds the rows itself (its LIMIT); `opts.limit` and `batchSize` do not apply.
 */
export function streamCopy(pool: pg.Pool, sql: string, format: 'binary' | 'text', opts: QueryStreamOptions): AsyncGenerator<Buffer> {
  return inReadOnlyTransaction(pool, opts, async function* (client) {
    const copy = client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT ${format})`));
    for await (const chunk of copy) yield chunk as Buffer;
  });
}

/**
 * Runs `body` on a pooled client inside BEGIN READ ONLY ... COMMIT with the statement timeout;
 * an abort or a consumer that stops early discards the connection (never back to the pool with
 * an open transaction or a half-read result).
 */
async function* inReadOnlyTransaction<T>(pool: pg.Pool, opts: QueryStreamOptions,
  body: (client: pg.PoolClient) => AsyncGenerator<T>): AsyncGenerator<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  let completed = false;
  const onAbort = (): void => {
    broken = new QueryAbortedError('query aborted');
    // Closing the socket is the one cancellation that works whatever the backend is doing.
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  };
  if (opts.signal?.aborted) {
    client.release();
    throw new QueryAbortedError('query aborted before it started');
  }
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // A connection that dies while checked out (our own abort above, or the server going away)
  // makes pg emit 'error' on the client; the pool listens only to idle clients, so without this
  // listener that event is an uncaught exception that takes the whole process down.
  const onConnectionError = (err: Error): void => { broken ??= err; };
  client.on('error', onConnectionError);
  try {
    // One round trip for the three (simple-query protocol runs them in order, all or nothing).
    await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.max(0, Math.round(opts.timeoutSeconds * 1000))}; ` +
      "SET LOCAL client_connection_check_interval = '1s'");
    yield* body(client);
    await client.query('COMMIT');
    completed = true;
  } catch (err) {
    broken ??= err as Error;
    throw broken instanceof QueryAbortedError ? broken : err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // A broken client is discarded by release() and may still emit: keep listening to it then.
    if (completed) client.off('error', onConnectionError);
    // A consumer that stopped early leaves an open transaction: never return that to the pool.
    client.release(completed ? undefined : (broken ?? new QueryAbortedError('consumer stopped reading')));
  }
}
