// PostgreSQL binary COPY (PostgreSQL 15 docs, COPY "Binary Format") rewritten into VOTable
// BINARY2 rows (VOTable 1.4 §5.5) or FITS BINTABLE spool rows byte for byte: all hold big-endian
// fixed-width numbers and int32-counted strings, so a row costs a null mask (BINARY2) and a few
// copies, no JavaScript value per cell.
import type { ByteBuilder } from '../bytes.ts';
import { FIXED_WIDTH, type CopyType } from './columns.ts';
import { CopyFormatError, type CopyTranscoder } from './pump.ts';

/** "PGCOPY\n\377\r\n\0", then int32 flags and int32 header-extension length. */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;

const CHAR_T = 0x54;
const CHAR_F = 0x46;
const QUESTION = 0x3f;

/** What a serialization makes of nulls and strings; the numbers are the same bytes in all. */
export interface BinaryTarget {
  /** VOTable BINARY2: a null-flag bitmask leads each row (MSB of the first byte = first column). */
  nullMask: boolean;
  /** The bytes of a null fixed-width value (ignored by a reader when the mask flags it). */
  nullBytes: (type: Exclude<CopyType, 'text' | 'bool'>) => Uint8Array;
  /** The byte of a null boolean. */
  nullBoolean: number;
  /** FITS strings are ASCII: every non-ASCII character becomes one '?'. */
  asciiOnly: boolean;
}

/** NaN for reals, zero for integers: BINARY2 flags nulls in its mask, the bytes do not matter. */
export const BINARY2_TARGET: BinaryTarget = {
  nullMask: true,
  nullBytes: (type) => nanOr(type, 0n),
  nullBoolean: QUESTION,
  asciiOnly: false,
};

/** Reals NaN, integers the given value (FITS writes it as TNULLn), as big-endian bytes. */
export function nanOr(type: Exclude<CopyType, 'text' | 'bool'>, integer: bigint): Uint8Array {
  const bytes = Buffer.alloc(FIXED_WIDTH[type]);
  switch (type) {
    case 'float4': bytes.writeFloatBE(Number.NaN); break;
    case 'float8': bytes.writeDoubleBE(Number.NaN); break;
    case 'int2': bytes.writeInt16BE(Number(integer)); break;
    case 'int4': bytes.writeInt32BE(Number(integer)); break;
    case 'int8': bytes.writeBigInt64BE(integer); break;
    default: {
      const never: never = type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
  return bytes;
}

/** How a column is written, precomputed per column: a fixed width, a boolean or a string. */
type Cell =
  | { kind: 'fixed'; width: number; nullBytes: Uint8Array }
  | { kind: 'bool' }
  | { kind: 'text' };

function cellOf(type: CopyType, target: BinaryTarget): Cell {
  if (type === 'text') return { kind: 'text' };
  if (type === 'bool') return { kind: 'bool' };
  return { kind: 'fixed', width: FIXED_WIDTH[type], nullBytes: target.nullBytes(type) };
}

const int32At = (b: Buffer, p: number): number => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);

/**
 * Transcodes binary COPY tuples whose columns have `types` into `target` rows appended to `out`;
 * `rowDone` is called after each row (the base64 stream drains its buffer there).
 */
export class BinaryFromCopy implements CopyTranscoder {
  overflowed = false;
  /** The most bytes a string column held in a row (FITS sizes its character columns by it). */
  readonly maxTextBytes: number[];
  private readonly cells: Cell[];
  private readonly maskBytes: number;
  private pending: Buffer | undefined;
  private headerRead = false;
  private ended = false;

  constructor(types: readonly CopyType[], private readonly target: BinaryTarget, private readonly out: ByteBuilder,
    private readonly rowDone: () => void = () => undefined) {
    this.cells = types.map((t) => cellOf(t, target));
    this.maskBytes = target.nullMask ? Math.ceil(types.length / 8) : 0;
    this.maxTextBytes = types.map(() => 0);
  }

  push(chunk: Buffer, room: number): number {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let p = this.headerRead ? 0 : this.readHeader(buf);
    if (p < 0) {
      this.pending = buf;
      return 0;
    }
    let rows = 0;
    while (!this.ended && p + 2 <= buf.length) {
      const count = buf.readInt16BE(p);
      if (count === -1) {
        this.ended = true;
        p += 2;
        break;
      }
      if (count !== this.cells.length) throw new CopyFormatError(`a COPY row has ${count} fields for ${this.cells.length} columns`);
      const end = this.tupleEnd(buf, p + 2);
      if (end < 0) break;
      if (rows >= room) {
        this.overflowed = true;
        return rows;
      }
      this.writeRow(buf, p + 2, end);
      rows++;
      p = end;
    }
    if (p < buf.length) {
      if (this.ended) throw new CopyFormatError('data after the end of the COPY stream');
      this.pending = buf.subarray(p);
    }
    return rows;
  }

  finish(): void {
    if (!this.ended) throw new CopyFormatError('the COPY stream ended inside a row');
  }

  /** Offset of the first tuple, or -1 when the header is not all here yet. */
  private readHeader(buf: Buffer): number {
    if (buf.length < HEADER_BYTES) return -1;
    if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new CopyFormatError('not binary COPY data');
    const start = HEADER_BYTES + buf.readUInt32BE(HEADER_BYTES - 4);
    if (buf.length < start) return -1;
    this.headerRead = true;
    return start;
  }

  /** Where the tuple whose fields start at `p` ends, or -1 when it is not complete in `buf`. */
  private tupleEnd(buf: Buffer, p: number): number {
    for (let i = 0; i < this.cells.length; i++) {
      if (p + 4 > buf.length) return -1;
      const len = int32At(buf, p);
      p += len > 0 ? 4 + len : 4;
    }
    return p <= buf.length ? p : -1;
  }

  private writeRow(buf: Buffer, p: number, end: number): void {
    const out = this.out;
    // A null float8 takes 8 bytes where COPY had 4: the bound allows for it.
    out.reserve(this.maskBytes + (end - p) + 4 * this.cells.length);
    const ob = out.buf;
    const start = out.length;
    let o = start + this.maskBytes;
    ob.fill(0, start, o);
    for (let i = 0; i < this.cells.length; i++) {
      const cell = this.cells[i]!;
      const len = int32At(buf, p);
      p += 4;
      if (len === -1) {
        if (this.maskBytes > 0) ob[start + (i >> 3)]! |= 0x80 >> (i & 7);
        if (cell.kind === 'fixed') {
          ob.set(cell.nullBytes, o);
          o += cell.width;
        } else if (cell.kind === 'bool') {
          ob[o++] = this.target.nullBoolean;
        } else {
          ob[o] = 0; ob[o + 1] = 0; ob[o + 2] = 0; ob[o + 3] = 0;
          o += 4;
        }
        continue;
      }
      switch (cell.kind) {
        case 'fixed':
          if (len !== cell.width) throw new CopyFormatError(`a ${len}-byte COPY value where ${cell.width} bytes were expected`);
          for (let k = 0; k < len; k++) ob[o + k] = buf[p + k]!;
          o += len;
          break;
        case 'bool':
          ob[o++] = buf[p] ? CHAR_T : CHAR_F;
          break;
        case 'text': {
          const n = this.target.asciiOnly ? asciiInto(buf, p, len, ob, o + 4) : copyInto(buf, p, len, ob, o + 4);
          ob[o] = n >>> 24; ob[o + 1] = (n >>> 16) & 0xff; ob[o + 2] = (n >>> 8) & 0xff; ob[o + 3] = n & 0xff;
          o += 4 + n;
          if (n > this.maxTextBytes[i]!) this.maxTextBytes[i] = n;
          break;
        }
        default: {
          const never: never = cell;
          throw new Error(`unknown cell ${String(never)}`);
        }
      }
      p += len;
    }
    out.length = o;
    this.rowDone();
  }
}

function copyInto(src: Buffer, p: number, len: number, dst: Buffer, o: number): number {
  if (len > 32) src.copy(dst, o, p, p + len);
  else for (let k = 0; k < len; k++) dst[o + k] = src[p + k]!;
  return len;
}

/** UTF-8 bytes as ASCII, each multi-byte character one '?'; returns the bytes written. */
function asciiInto(src: Buffer, p: number, len: number, dst: Buffer, o: number): number {
  let n = 0;
  for (let k = 0; k < len; k++) {
    const b = src[p + k]!;
    if (b < 0x80) dst[o + n++] = b;
    else if (b >= 0xc0) dst[o + n++] = QUESTION; // a lead byte; continuation bytes (0x80-0xbf) are dropped
  }
  return n;
}
