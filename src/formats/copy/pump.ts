// Pulls PostgreSQL COPY output (chunks cut anywhere) through a transcoder up to MAXREC, deciding
// OK / OVERFLOW / ERROR as pumpRows does for row arrays (DALI 1.1 §4.4).
import { messageOf, OutputFailure, sinkFlushed, type RowOutcome } from '../rows.ts';

/** COPY ... TO STDOUT output as it arrives: the bytes of whole and partial rows, in order. */
export type CopyChunks = AsyncIterable<Buffer>;

/** Bytes that are not the COPY data they should be (cut short, wrong field count or width). */
export class CopyFormatError extends Error {
  override name = 'CopyFormatError';
}

/** Turns COPY bytes into a writer's output, whole rows only. */
export interface CopyTranscoder {
  /**
   * Writes the complete rows of `chunk` (a partial last row is kept for the next chunk), at most
   * `room` of them; returns how many it wrote. Throws on bytes that are not COPY data, having
   * written no part of a row.
   */
  push(chunk: Buffer, room: number): number;
  /** True once a complete row beyond the room it was given was seen. */
  readonly overflowed: boolean;
  /** Throws when the data stopped inside a row (or, in binary, before the trailer). */
  finish(): void;
}

/**
 * Feeds `chunks` to `transcoder`, calling `afterChunk` (a flush, whose errors are the sink's and
 * reject) after each. Past MAXREC the rest is read and dropped: the SQL has LIMIT MAXREC+1, so
 * that is at most one row, and the connection goes back to the pool clean.
 */
export async function pumpCopy(
  chunks: CopyChunks,
  maxrec: number | undefined,
  transcoder: CopyTranscoder,
  afterChunk: () => Promise<void> | undefined,
): Promise<RowOutcome> {
  const limit = maxrec ?? Number.POSITIVE_INFINITY;
  let rowCount = 0;
  try {
    for await (const chunk of chunks) {
      if (transcoder.overflowed) continue;
      rowCount += transcoder.push(chunk, limit - rowCount);
      const pending = afterChunk();
      if (pending) await sinkFlushed(pending);
    }
    if (transcoder.overflowed) return { rowCount, status: 'OVERFLOW' };
    transcoder.finish();
  } catch (err) {
    if (err instanceof OutputFailure) throw err.sinkError;
    return { rowCount, status: 'ERROR', errorMessage: messageOf(err) };
  }
  return { rowCount, status: 'OK' };
}
