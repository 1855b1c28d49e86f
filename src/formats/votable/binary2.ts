// The BINARY2 serialization (VOTable 1.4 §5.5): per row a null-flag bitmask (MSB of the first
// byte = first FIELD) then the BINARY cells, big-endian; streamed as base64 in 48 KiB blocks.
import { ByteBuilder } from '../bytes.ts';
import { cellEncoder, type CellEncoder, type NullFills } from '../cells.ts';
import type { ChunkedSink } from '../sink.ts';
import type { FieldMeta, Row } from '../types.ts';

/** With the null flag set the cell's bytes are ignored; '?' is VOTable's own null boolean. */
const VOTABLE_NULLS: NullFills = { unsignedByte: 0, short: 0, int: 0, long: 0n, boolean: 0x3f };

/** Raw bytes are base64-encoded in blocks of this size (a multiple of 3: no padding inside). */
const BLOCK_BYTES = 48 * 1024;

/**
 * The base64 STREAM body: producers append raw BINARY2 bytes to `bytes` and call `rowDone()`.
 * A row-array encoder is one producer; a transcoder of PostgreSQL binary COPY tuples (same
 * big-endian fixed-width numbers, int32-counted strings) can write into the same builder.
 */
export class Base64Stream {
  readonly bytes = new ByteBuilder(BLOCK_BYTES * 2);

  constructor(private readonly out: ChunkedSink) {}

  rowDone(): void {
    if (this.bytes.length >= BLOCK_BYTES) this.emit(this.bytes.length - (this.bytes.length % 3));
  }

  /** Encodes what is left, with '=' padding. */
  finish(): void {
    if (this.bytes.length > 0) this.emit(this.bytes.length);
  }

  private emit(n: number): void {
    this.out.write(this.bytes.buf.toString('base64', 0, n) + '\n');
    this.bytes.discardBefore(n);
  }
}

/** Appends one row (mask then cells) to `stream.bytes`, all or nothing. */
export function binary2RowEncoder(fields: readonly FieldMeta[], stream: Base64Stream): (row: Row) => void {
  const encoders: CellEncoder[] = fields.map((f) => cellEncoder(f, { nulls: VOTABLE_NULLS, charset: 'utf8' }));
  const n = encoders.length;
  const maskBytes = Math.ceil(n / 8);
  const out = stream.bytes;
  return (row) => {
    if (row.length !== n) throw new Error(`a row has ${row.length} values for ${n} columns`);
    const start = out.length;
    try {
      out.fill(0, maskBytes);
      for (let i = 0; i < n; i++) {
        if ((encoders[i] as CellEncoder)(out, row[i] ?? null)) out.buf[start + (i >> 3)]! |= 0x80 >> (i & 7);
      }
    } catch (err) {
      out.length = start;
      throw err;
    }
    stream.rowDone();
  };
}
