// Temporary spool files for the writers that can only write their output once all rows are
// known (FITS: NAXIS2 and string widths in the header; SQLite: a database file).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { copyInto } from './sink.ts';

/** Runs `use` with a fresh private directory, removed afterwards whatever happens. */
export async function withSpoolDir<T>(parent: string | undefined, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(parent ?? tmpdir(), 'hsc-vo-result-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Streams a file's bytes into `sink` with backpressure (the sink is left open). */
export function copyFileTo(path: string, sink: Writable): Promise<void> {
  return copyInto(createReadStream(path, { highWaterMark: 64 * 1024 }), sink);
}
