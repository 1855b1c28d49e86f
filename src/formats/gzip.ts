// The HSC archive's CSV.GZ download: the CSV writer's bytes through a zlib gzip stream, the
// gzip trailer written when the rows end; the sink itself is left open like any writer's.
import type { Writable } from 'node:stream';
import { createGzip, type Gzip } from 'node:zlib';
import { copyInto } from './sink.ts';
import type { CopyWriter, ResultWriter, WriteOutcome } from './types.ts';

/** Level 4: within 3% of level 6's ratio on catalog CSV, somewhat faster (bench/formats.md). */
export const GZIP_LEVEL = 4;

/** Runs `write` into a gzip stream that feeds `sink`, with backpressure end to end. */
async function throughGzip(sink: Writable, level: number, write: (gzip: Gzip) => Promise<WriteOutcome>): Promise<WriteOutcome> {
  const gzip = createGzip({ level, chunkSize: 64 * 1024 });
  const forward = copyInto(gzip, sink);
  // A failing sink must stop the inner writer, which is waiting on the gzip stream.
  forward.catch((err: unknown) => gzip.destroy(err instanceof Error ? err : new Error(String(err))));
  try {
    const outcome = await write(gzip);
    gzip.end();
    await forward;
    return outcome;
  } catch (err) {
    gzip.destroy();
    await forward.catch(() => undefined);
    throw err;
  }
}

/** Wraps a writer so its output is gzip-compressed into `sink`. */
export function gzipped(inner: ResultWriter, level = GZIP_LEVEL): ResultWriter {
  return (fields, rows, sink, info) => throughGzip(sink, level, (gzip) => inner(fields, rows, gzip, info));
}

/** The same for a writer fed by COPY output. */
export function gzippedCopy(inner: CopyWriter, level = GZIP_LEVEL): CopyWriter {
  return {
    format: inner.format,
    write: (fields, types, chunks, sink, info) => throughGzip(sink, level, (gzip) => inner.write(fields, types, chunks, gzip, info)),
  };
}
