// Streaming behaviour shared by every writer: backpressure with bounded buffering, a closed
// sink cancelling the row source, RESPONSEFORMAT resolution, and errors before any output.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FORMATS, resolveFormat, UnsupportedFormatError } from '../../src/formats/registry.ts';
import { primeRows } from '../../src/formats/rows.ts';
import type { Row } from '../../src/formats/types.ts';
import { FIELDS, ROWS, source } from './support.ts';

/** A sink that accepts a chunk per event-loop turn and records its largest backlog. */
class SlowSink extends Writable {
  bytes = 0;
  maxBacklog = 0;
  constructor(private readonly destroyAfter = Number.POSITIVE_INFINITY) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.bytes += chunk.length;
    this.maxBacklog = Math.max(this.maxBacklog, this.writableLength);
    if (this.bytes > this.destroyAfter) {
      done();
      this.destroy();
      return;
    }
    setImmediate(done);
  }
}

const manyRows = (n: number): Row[] => Array.from({ length: n }, (_, i) => (ROWS[i % 3] as Row).map((v, j) => (j === 0 && v !== null ? BigInt(i) : v)));

describe('streaming', () => {
  it.each(OUTPUT_FORMATS.map((f) => f.key))('%s waits for drain: the sink never holds more than a few chunks', async (key) => {
    const sink = new SlowSink();
    const rows = manyRows(20_000);
    const outcome = await resolveFormat(key).format.write(FIELDS, source(rows), sink, { query: 'q' });
    expect(outcome).toEqual({ rowCount: 20_000, status: 'OK' });
    expect(sink.bytes).toBeGreaterThan(key === 'csv.gz' ? 20_000 : 1_000_000);
    expect(sink.maxBacklog).toBeLessThan(200 * 1024);
  });

  it.each(['votable', 'votable/b2', 'csv'])('%s: a sink closed mid-result rejects the write and closes the row source', async (format) => {
    const sink = new SlowSink(200_000);
    const rows = source(manyRows(50_000));
    await expect(resolveFormat(format).format.write(FIELDS, rows, sink, { query: 'q' })).rejects.toThrow();
    expect(rows.closed).toBe(true);
    expect(rows.pulled).toBeLessThan(50_000);
  });

  it('primeRows surfaces a query that fails before its first row, before anything is written', async () => {
    await expect(primeRows(source([], 'relation "nope" does not exist'))).rejects.toThrow('relation "nope" does not exist');
    const primed = await primeRows(source(ROWS));
    const seen: Row[] = [];
    for await (const row of primed) seen.push(row);
    expect(seen).toEqual(ROWS);
  });
});

describe('RESPONSEFORMAT', () => {
  it('resolves short forms and MIME types, sending the MIME type the client asked for', () => {
    expect(resolveFormat(undefined).format.key).toBe('votable');
    expect(resolveFormat('votable')).toMatchObject({ format: { key: 'votable' }, contentType: 'application/x-votable+xml' });
    expect(resolveFormat('text/xml')).toMatchObject({ format: { key: 'votable' }, contentType: 'text/xml' });
    expect(resolveFormat('application/x-votable+xml;serialization=BINARY2').format.key).toBe('votable-binary2');
    expect(resolveFormat('VOTable/B2').format.key).toBe('votable-binary2');
    expect(resolveFormat('csv')).toMatchObject({ format: { key: 'csv' }, contentType: 'text/csv;header=present' });
    expect(resolveFormat('text/csv; charset=utf-8').format.key).toBe('csv');
    expect(resolveFormat('text/tab-separated-values').format.key).toBe('tsv');
    expect(resolveFormat('application/fits').format.key).toBe('fits');
    expect(resolveFormat('csv.gz').format.key).toBe('csv.gz');
    expect(resolveFormat('sqlite3').format.key).toBe('sqlite3');
  });

  it('rejects an unsupported format with a usage error listing the accepted values', () => {
    const attempt = (): unknown => resolveFormat('application/json');
    expect(attempt).toThrow(UnsupportedFormatError);
    try {
      attempt();
    } catch (err) {
      expect((err as UnsupportedFormatError).status).toBe(400);
      expect((err as Error).message).toMatch(/unsupported RESPONSEFORMAT 'application\/json'; accepted values: votable, .*csv\.gz/);
    }
  });
});
