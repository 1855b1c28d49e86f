// Big-endian binary encoding of one cell per FIELD datatype and arraysize (VOTable 1.4 §5.4
// BINARY/BINARY2 rules); FITS BINTABLE spooling reuses it with its own null values.
import { ByteBuilder } from './bytes.ts';
import { arrayShape } from './fields.ts';
import type { CellValue, FieldMeta, VotableDatatype } from './types.ts';
import { columnText } from './values.ts';

/** Writes one cell; returns true when the value was null (the caller may flag it). */
export type CellEncoder = (out: ByteBuilder, value: CellValue) => boolean;

/** What a null integer or boolean becomes in the bytes (floats always become NaN). */
export interface NullFills {
  unsignedByte: number;
  short: number;
  int: number;
  long: bigint;
  boolean: number;
}

export interface CellEncoding {
  nulls: NullFills;
  /** 'utf8' keeps every character (VOTable); 'ascii' replaces the rest with '?' (FITS). */
  charset: 'utf8' | 'ascii';
}

type Present = Exclude<CellValue, null>;
type ElementWriter = (out: ByteBuilder, value: Present) => void;

const CHAR_T = 0x54;
const CHAR_F = 0x46;

/** Bytes per element of each datatype (char 1, unicodeChar 2 per character). */
export const ELEMENT_BYTES: Record<VotableDatatype, number> = {
  boolean: 1, unsignedByte: 1, short: 2, int: 4, long: 8, float: 4, double: 8, char: 1, unicodeChar: 2,
};

export function cellEncoder(field: FieldMeta, encoding: CellEncoding): CellEncoder {
  const shape = arrayShape(field.arraysize);
  if (field.datatype === 'char' || field.datatype === 'unicodeChar') return stringEncoder(field, encoding);
  const element = elementWriter(field.datatype);
  const writeNull = nullWriter(field.datatype, encoding.nulls);
  switch (shape.kind) {
    case 'scalar':
      return (out, value) => {
        if (value === null) { writeNull(out); return true; }
        element(out, value);
        return false;
      };
    case 'fixed':
      return (out, value) => {
        if (value === null) {
          for (let i = 0; i < shape.count; i++) writeNull(out);
          return true;
        }
        const items = elementsOf(value);
        for (let i = 0; i < shape.count; i++) writeElement(out, items[i], element, writeNull);
        return false;
      };
    case 'variable':
      return (out, value) => {
        if (value === null) { out.i32(0); return true; }
        const items = elementsOf(value);
        const count = Math.min(items.length, shape.max ?? items.length);
        out.i32(count);
        for (let i = 0; i < count; i++) writeElement(out, items[i], element, writeNull);
        return false;
      };
    default: {
      const never: never = shape;
      throw new Error(`unknown array shape ${String(never)}`);
    }
  }
}

function writeElement(out: ByteBuilder, item: number | bigint | undefined, element: ElementWriter,
  writeNull: (out: ByteBuilder) => void): void {
  if (item === undefined || (typeof item === 'number' && Number.isNaN(item))) writeNull(out);
  else element(out, item);
}

/** Strings: fixed 'n' padded with NULs, variable with a 4-byte count of elements. */
function stringEncoder(field: FieldMeta, encoding: CellEncoding): CellEncoder {
  const shape = arrayShape(field.arraysize);
  const unicode = field.datatype === 'unicodeChar';
  const bytesPer = unicode ? 2 : 1;
  const stringOf = columnText(field, ['T', 'F']);
  const put = (out: ByteBuilder, s: string, maxChars: number): number => {
    if (unicode) {
      const start = out.length;
      const n = out.text(s, 'utf16le', maxChars * 2);
      out.buf.subarray(start, start + n).swap16();
      return n / 2;
    }
    return encoding.charset === 'ascii' ? out.text(asciiOnly(s), 'latin1', maxChars) : out.text(s, 'utf8', maxChars);
  };
  if (shape.kind === 'variable') {
    return (out, value) => {
      const at = out.length;
      out.i32(0);
      if (value === null) return true;
      const n = put(out, stringOf(value), shape.max ?? Number.POSITIVE_INFINITY);
      out.buf.writeInt32BE(n, at);
      return false;
    };
  }
  const width = shape.kind === 'fixed' ? shape.count : 1;
  return (out, value) => {
    const n = value === null ? 0 : put(out, stringOf(value), width);
    out.fill(0, (width - n) * bytesPer);
    return value === null;
  };
}

function asciiOnly(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : s.replace(/[^\x00-\x7f]/g, '?');
}

function elementsOf(value: Present): ArrayLike<number | bigint> {
  if (Array.isArray(value) || value instanceof Uint8Array) return value as ArrayLike<number>;
  if (typeof value === 'string') return value.split(/[\s,{}()]+/).filter((t) => t !== '').map(Number);
  if (typeof value === 'number' || typeof value === 'bigint') return [value];
  throw new TypeError(`${String(value)} is not an array`);
}

function elementWriter(datatype: Exclude<VotableDatatype, 'char' | 'unicodeChar'>): ElementWriter {
  switch (datatype) {
    case 'boolean':
      return (out, v) => out.u8(truthy(v) ? CHAR_T : CHAR_F);
    case 'unsignedByte':
      return (out, v) => out.u8(integerIn(v, 0, 255));
    case 'short':
      return (out, v) => out.i16(integerIn(v, -32768, 32767));
    case 'int':
      return (out, v) => out.i32(integerIn(v, -2147483648, 2147483647));
    case 'long':
      return (out, v) => out.i64(toBigInt(v));
    case 'float':
      return (out, v) => out.f32(toNumber(v));
    case 'double':
      return (out, v) => out.f64(toNumber(v));
    default: {
      const never: never = datatype;
      throw new Error(`unknown datatype ${String(never)}`);
    }
  }
}

function nullWriter(datatype: Exclude<VotableDatatype, 'char' | 'unicodeChar'>, nulls: NullFills): (out: ByteBuilder) => void {
  switch (datatype) {
    case 'boolean':
      return (out) => out.u8(nulls.boolean);
    case 'unsignedByte':
      return (out) => out.u8(nulls.unsignedByte);
    case 'short':
      return (out) => out.i16(nulls.short);
    case 'int':
      return (out) => out.i32(nulls.int);
    case 'long':
      return (out) => out.i64(nulls.long);
    case 'float':
      return (out) => out.f32(Number.NaN);
    case 'double':
      return (out) => out.f64(Number.NaN);
    default: {
      const never: never = datatype;
      throw new Error(`unknown datatype ${String(never)}`);
    }
  }
}

function truthy(v: Present): boolean {
  if (typeof v === 'string') return /^(t|true|1|y|yes)$/i.test(v.trim());
  return Boolean(v);
}

export function toNumber(v: Present): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return Number(v);
  if (v instanceof Date) return v.getTime();
  throw new TypeError('an array where a number was expected');
}

function integerIn(v: Present, lo: number, hi: number): number {
  const x = toNumber(v);
  if (!Number.isInteger(x) || x < lo || x > hi) throw new RangeError(`${String(v)} is not an integer in [${lo}, ${hi}]`);
  return x;
}

export function toBigInt(v: Present): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string') return BigInt(v.trim());
  const x = toNumber(v);
  if (!Number.isInteger(x)) throw new RangeError(`${String(v)} is not an integer`);
  return BigInt(x);
}
