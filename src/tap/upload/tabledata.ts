// Cell values of an uploaded VOTable and how TABLEDATA text becomes them (VOTable 1.4 §5.1, §2.1):
// empty TD and VALUES null are null; booleans T/F/1/0/true/false and ? for null; integers in
// decimal or 0x hexadecimal; floats with NaN/Inf; arrays as whitespace-separated elements.
import type { UploadField, VotablePrimitive } from './fields.ts';

/** One cell: null, a scalar, a string (char arrays), or the elements of a numeric/boolean array. */
export type VotableCell = null | boolean | number | bigint | string | readonly number[] | readonly (boolean | null)[];

const INTEGER_RANGE: Partial<Record<VotablePrimitive, readonly [bigint, bigint]>> = {
  unsignedByte: [0n, 255n],
  short: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

const DECIMAL_INTEGER = /^[+-]?\d+$/;
const HEX_INTEGER = /^[+-]?0[xX][0-9a-fA-F]+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** An integer element, range-checked for its datatype. */
export function integerValue(text: string, datatype: VotablePrimitive): bigint {
  let value: bigint;
  if (DECIMAL_INTEGER.test(text)) value = BigInt(text);
  else if (HEX_INTEGER.test(text)) {
    const negative = text.startsWith('-');
    value = BigInt(text.replace(/^[+-]/, ''));
    // Hexadecimal gives the bit pattern: 0xFFFF in a short is -1.
    const range = INTEGER_RANGE[datatype];
    if (range && !negative && value > range[1] && datatype !== 'unsignedByte') value -= (range[1] + 1n) * 2n;
    if (negative) value = -value;
  } else throw new Error(`"${text}" is not an integer`);
  const range = INTEGER_RANGE[datatype];
  if (range && (value < range[0] || value > range[1])) throw new Error(`${text} is out of range for ${datatype}`);
  return value;
}

/** A float element: decimal, NaN, Inf/Infinity with a sign. */
export function floatValue(text: string): number {
  if (FLOAT.test(text)) return Number(text);
  const t = text.toLowerCase();
  if (t === 'nan') return NaN;
  if (/^[+-]?inf(inity)?$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  throw new Error(`"${text}" is not a number`);
}

export function booleanValue(text: string): boolean | null {
  switch (text.toLowerCase()) {
    case 't': case 'true': case '1': return true;
    case 'f': case 'false': case '0': return false;
    case '?': case '': return null;
    default: throw new Error(`"${text}" is not a boolean (T, F, 1, 0, true, false or ?)`);
  }
}

const isInteger = (d: VotablePrimitive): boolean => d === 'unsignedByte' || d === 'short' || d === 'int' || d === 'long';

/** Whether an integer value is the FIELD's VALUES null. */
export function isMagicNull(field: UploadField, value: bigint | number): boolean {
  if (field.nullValue === undefined) return false;
  try {
    return integerValue(field.nullValue.trim(), field.datatype) === BigInt(value);
  } catch {
    return false;
  }
}

/** A numeric element of an array (arrays never hold nulls here; NaN stays NaN). */
function numberElement(token: string, datatype: VotablePrimitive): number {
  return isInteger(datatype) ? Number(integerValue(token, datatype)) : floatValue(token);
}

/** The cell a TD's text stands for; throws an Error whose message says what is wrong. */
export function tabledataCell(field: UploadField, text: string): VotableCell {
  const { datatype, shape } = field;
  if (datatype === 'char' || datatype === 'unicodeChar') {
    if (text === '' || (field.nullValue !== undefined && text === field.nullValue)) return null;
    if (shape.kind === 'fixed' && [...text].length > shape.count) throw new Error(`"${text.slice(0, 40)}" is longer than arraysize ${field.arraysize}`);
    return text;
  }
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (shape.kind === 'scalar') {
    switch (datatype) {
      case 'boolean': return booleanValue(trimmed);
      case 'bit': return booleanValue(trimmed) === true ? 1 : 0;
      case 'unsignedByte': case 'short': case 'int': case 'long': {
        const value = integerValue(trimmed, datatype);
        if (isMagicNull(field, value)) return null;
        return datatype === 'long' ? value : Number(value);
      }
      case 'float': case 'double': {
        const value = floatValue(trimmed);
        return Number.isNaN(value) ? null : value;
      }
      case 'floatComplex': case 'doubleComplex': return trimmed.split(/\s+/).map(floatValue);
      default: {
        const unreachable: never = datatype;
        return unreachable;
      }
    }
  }
  if (datatype === 'boolean') return [...trimmed.replace(/\s+/g, ' ').split(' ')].map(booleanValue);
  if (datatype === 'bit') return [...trimmed.replace(/\s+/g, '')].map((c) => (c === '1' ? 1 : c === '0' ? 0 : NaN)).map((b) => {
    if (Number.isNaN(b)) throw new Error(`"${trimmed.slice(0, 40)}" is not a bit string`);
    return b;
  });
  return trimmed.split(/\s+/).map((token) => numberElement(token, datatype));
}
