// Rows of the BINARY and BINARY2 serializations (VOTable 1.4 §5.4-5.5): big-endian values,
// variable arrays prefixed by a 4-byte count, BINARY2's leading null-flag bytes (MSB first),
// and nulls from VALUES null (integers) and NaN (floats). Bytes arrive in base64 pieces.
import { UploadFormatError } from './errors.ts';
import { elementBytes, type UploadField } from './fields.ts';
import { isMagicNull, type VotableCell } from './tabledata.ts';

/** Not enough bytes yet for the row. */
const INCOMPLETE = Symbol('incomplete');

class RowCursor {
  constructor(readonly bytes: Buffer, public offset: number) {}

  take(n: number): number {
    const at = this.offset;
    if (at + n > this.bytes.length) throw INCOMPLETE;
    this.offset = at + n;
    return at;
  }
}

function decodeElements(field: UploadField, cursor: RowCursor, count: number): VotableCell {
  const b = cursor.bytes;
  const { datatype } = field;
  const size = datatype === 'bit' ? Math.ceil(count / 8) : count * elementBytes(datatype);
  const at = cursor.take(size);
  const scalar = field.shape.kind === 'scalar';
  switch (datatype) {
    case 'char': {
      const raw = b.subarray(at, at + size);
      const nul = raw.indexOf(0);
      return raw.subarray(0, nul < 0 ? raw.length : nul).toString('utf8');
    }
    case 'unicodeChar': {
      const raw = Buffer.from(b.subarray(at, at + size));
      raw.swap16();
      const text = raw.toString('utf16le');
      const nul = text.indexOf('\u0000');
      return nul < 0 ? text : text.slice(0, nul);
    }
    case 'boolean': {
      const values: (boolean | null)[] = [];
      for (let i = 0; i < count; i += 1) {
        const c = String.fromCharCode(b[at + i] ?? 0).toLowerCase();
        values.push(c === 't' || c === '1' ? true : c === 'f' || c === '0' ? false : null);
      }
      return scalar ? (values[0] ?? null) : values;
    }
    case 'bit': {
      const bits: number[] = [];
      for (let i = 0; i < count; i += 1) bits.push(((b[at + (i >> 3)] ?? 0) >> (7 - (i & 7))) & 1);
      return scalar ? (bits[0] ?? null) : bits;
    }
    case 'long': {
      if (scalar) {
        const value = b.readBigInt64BE(at);
        return isMagicNull(field, value) ? null : value;
      }
      return Array.from({ length: count }, (_, i) => Number(b.readBigInt64BE(at + 8 * i)));
    }
    case 'unsignedByte': case 'short': case 'int': case 'float': case 'double': case 'floatComplex': case 'doubleComplex': {
      const read = numberReader(datatype, b);
      const width = datatype === 'floatComplex' ? 4 : datatype === 'doubleComplex' ? 8 : elementBytes(datatype);
      const n = datatype === 'floatComplex' || datatype === 'doubleComplex' ? count * 2 : count;
      const values = Array.from({ length: n }, (_, i) => read(at + width * i));
      if (!scalar || n !== 1) return values;
      const value = values[0] ?? NaN;
      if (Number.isNaN(value)) return null;
      return datatype !== 'float' && datatype !== 'double' && isMagicNull(field, value) ? null : value;
    }
    default: {
      const unreachable: never = datatype;
      return unreachable;
    }
  }
}

function numberReader(datatype: 'unsignedByte' | 'short' | 'int' | 'float' | 'double' | 'floatComplex' | 'doubleComplex', b: Buffer): (at: number) => number {
  switch (datatype) {
    case 'unsignedByte': return (at) => b.readUInt8(at);
    case 'short': return (at) => b.readInt16BE(at);
    case 'int': return (at) => b.readInt32BE(at);
    case 'float': case 'floatComplex': return (at) => b.readFloatBE(at);
    case 'double': case 'doubleComplex': return (at) => b.readDoubleBE(at);
    default: {
      const unreachable: never = datatype;
      return unreachable;
    }
  }
}

function decodeCell(field: UploadField, cursor: RowCursor): VotableCell {
  const { shape } = field;
  switch (shape.kind) {
    case 'scalar': return decodeElements(field, cursor, 1);
    case 'fixed': return decodeElements(field, cursor, shape.count);
    case 'variable': {
      const count = cursor.bytes.readUInt32BE(cursor.take(4));
      if (shape.max !== undefined && count > shape.max) {
        throw new UploadFormatError(`column ${field.name}: ${count} elements where arraysize ${field.arraysize} allows ${shape.max}`);
      }
      return decodeElements(field, cursor, count);
    }
    default: {
      const unreachable: never = shape;
      return unreachable;
    }
  }
}

/** Decodes the rows of one BINARY or BINARY2 STREAM from its base64 text, piece by piece. */
export class BinaryRowDecoder {
  private pendingText = '';
  private pendingBytes: Buffer = Buffer.alloc(0);
  private readonly maskBytes: number;

  constructor(private readonly fields: readonly UploadField[], readonly nullMask: boolean) {
    this.maskBytes = nullMask ? Math.ceil(fields.length / 8) : 0;
  }

  /** Rows completed by this piece of base64 text. */
  push(base64: string): VotableCell[][] {
    const text = this.pendingText + base64.replace(/\s+/g, '');
    if (/[^A-Za-z0-9+/=]/.test(text)) throw new UploadFormatError('the STREAM holds characters that are not base64');
    const whole = text.length - (text.length % 4);
    this.pendingText = text.slice(whole);
    if (whole === 0) return [];
    const bytes = Buffer.from(text.slice(0, whole), 'base64');
    this.pendingBytes = this.pendingBytes.length === 0 ? bytes : Buffer.concat([this.pendingBytes, bytes]);
    return this.rows();
  }

  /** The end of the STREAM: nothing may be left over. */
  end(rowsSoFar: number): void {
    if (this.pendingText.replace(/=+$/, '') !== '' || this.pendingBytes.length > 0) {
      throw new UploadFormatError(`the BINARY stream ends in the middle of row ${rowsSoFar + 1}`);
    }
  }

  private rows(): VotableCell[][] {
    const rows: VotableCell[][] = [];
    const bytes = this.pendingBytes;
    let start = 0;
    for (;;) {
      const row = this.row(bytes, start);
      if (!row) break;
      rows.push(row.cells);
      start = row.end;
    }
    this.pendingBytes = bytes.subarray(start);
    return rows;
  }

  private row(bytes: Buffer, start: number): { cells: VotableCell[]; end: number } | undefined {
    if (start >= bytes.length) return undefined;
    const cursor = new RowCursor(bytes, start);
    try {
      const mask = cursor.take(this.maskBytes);
      const cells = this.fields.map((field, i) => {
        const cell = decodeCell(field, cursor);
        const isNull = this.nullMask && ((bytes[mask + (i >> 3)] ?? 0) & (0x80 >> (i & 7))) !== 0;
        return isNull ? null : cell;
      });
      return { cells, end: cursor.offset };
    } catch (err) {
      if (err === INCOMPLETE) return undefined;
      throw err;
    }
  }
}
