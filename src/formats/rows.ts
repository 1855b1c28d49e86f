// Pulls rows from a RowSource up to MAXREC, deciding OK / OVERFLOW / ERROR the way DALI 1.1
// §4.4 wants: OVERFLOW only when row MAXREC+1 exists, ERROR when the source fails mid-stream.
import type { QueryStatus, Row, RowSource } from './types.ts';

export interface RowOutcome {
  rowCount: number;
  status: QueryStatus;
  errorMessage?: string;
}

/** Thrown by the output side: it must not be turned into an ERROR status, it ends the write. */
export class OutputFailure extends Error {
  override name = 'OutputFailure';
  constructor(readonly sinkError: unknown) {
    super(sinkError instanceof Error ? sinkError.message : String(sinkError));
  }
}

/**
 * Calls `encode` for each row (it must write the row whole or throw having written nothing),
 * then `afterRow` when it returns a promise (a flush); errors from `afterRow` are the sink's
 * and are rethrown, errors from the source or `encode` become status ERROR. Stops pulling
 * after row maxrec+1 (the for-await exit closes the cursor).
 */
export async function pumpRows(
  rows: RowSource,
  maxrec: number | undefined,
  encode: (row: Row) => void,
  afterRow: () => Promise<void> | undefined,
): Promise<RowOutcome> {
  const limit = maxrec ?? Number.POSITIVE_INFINITY;
  let rowCount = 0;
  try {
    for await (const row of rows) {
      if (rowCount >= limit) return { rowCount, status: 'OVERFLOW' };
      encode(row);
      rowCount++;
      const pending = afterRow();
      if (pending) await sinkFlushed(pending);
    }
  } catch (err) {
    if (err instanceof OutputFailure) throw err.sinkError;
    return { rowCount, status: 'ERROR', errorMessage: messageOf(err) };
  }
  return { rowCount, status: 'OK' };
}

/** Waits for a flush of the sink; its failure is the output's (rethrown), never a status ERROR. */
export async function sinkFlushed(pending: Promise<void>): Promise<void> {
  try {
    await pending;
  } catch (err) {
    throw new OutputFailure(err);
  }
}

export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.trim() === '' ? 'the query failed while its result was being written' : text;
}

/**
 * Waits for the source's first row (or its end) before anything is written, so a query that
 * fails at once can still get an error document and an HTTP error status; returns a source
 * that yields that row again, then the rest.
 */
export async function primeRows<T = Row>(rows: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      try {
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return?.();
      }
    },
  };
}
