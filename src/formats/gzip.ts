// The HSC archive's CSV.GZ download: the CSV writer's bytes through a zlib gzip stream, the
// gzip trailer written when the rows end; the sink itself is left open like any writer's.
import { createGzip } from 'node:zlib';
import { copyInto } from './sink.ts';
import type { ResultWriter } from './types.ts';

/** Level 4: within 3% of level 6's ratio on catalog CSV, somewhat faster (bench/formats.md). */
export const GZIP_LEVEL = 4;

/** Wraps a writer so its output is gzip-compressed into `sink`, with backpressure end to end. */
export function gzipped(inner: ResultWriter, level = GZIP_LEVEL): ResultWriter {
  return async (fields, rows, sink, info) => {
    const gzip = createGzip({ level, chunkSize: 64 * 1024 });
    const forward = copyInto(gzip, sink);
    // A failing sink must stop the inner writer, which is waiting on the gzip stream.
    forward.catch((err: unknown) => gzip.destroy(err instanceof Error ? err : new Error(String(err))));
    try {
      const outcome = await inner(fields, rows, gzip, info);
      gzip.end();
      await forward;
      return outcome;
    } catch (err) {
      gzip.destroy();
      await forward.catch(() => undefined);
      throw err;
    }
  };
}
