// Encodes generated rows as PostgreSQL COPY ... (FORMAT csv, HEADER) text: NULL is an unquoted
// empty field, the empty string is quoted, booleans are t/f, int8 ids are exact (bigint).
// Numbers are written exactly as String(v) would write them; short decimals take a fast path
// straight into bytes (see writeNumber), the rest go through String().
import { POW10 as POW10_BINDING } from './rounding.ts';
import type { Cell, TableSpec } from './table.ts';

const NEEDS_QUOTES = /[",\n\r]/;

export function csvCell(v: Cell): string {
  switch (typeof v) {
    case 'number':
      if (Number.isFinite(v)) return String(v);
      return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 't' : 'f';
    case 'string':
      return v === '' || NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    default:
      return '';
  }
}

export function csvHeader(table: TableSpec): string {
  return table.columns.map((c) => c.name).join(',') + '\n';
}

/**
 * Fast-path bound on the scaled integer n = |v|·10^d: below 2^50 the rounding interval of v is
 * narrower than a quarter of 10^−d, so at most one d-decimal number reads back as v.
 */
const FAST_LIMIT = 2 ** 50;
/** A module-local reference: an imported binding may be read through a getter on every access (tsx). */
const POW10: Float64Array = POW10_BINDING;
/** FAST_LIMIT / 10^d: |v| below it allows d decimals on the fast path. */
const DECIMALS_LIMIT: Float64Array = POW10.map((p) => FAST_LIMIT / p);
/** String(v) switches to exponent notation below 1e-6 (and at 1e21, far above FAST_LIMIT). */
const FIXED_MIN = 1e-6;
/** Room reserved before each cell: enough for any number (String(v) is at most 24 characters). */
const CELL_ROOM = 64;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const TRUE_BYTE = 0x74;
const FALSE_BYTE = 0x66;
/** Bigints in [0, BIGINT_FAST_MAX] have at most 20 digits and fit in CELL_ROOM. */
const BIGINT_FAST_MAX = 2n ** 64n;

/** Decimal digits of the number being written, least significant first. */
const digits = new Uint8Array(32);

/** Writes an ASCII string (number and bigint text) at pos; the caller has reserved its room. */
function writeAscii(buf: Buffer, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/**
 * Writes a finite number as String(v) does, into room the caller reserved; returns the new end.
 * With d the most decimals the fast path allows for |v|, the d-decimal numbers near |v| are
 * spaced wider than its rounding interval, so at most one, n/10^d, reads back as |v|. When one
 * does, every shorter decimal that reads back is n/10^d too (scaled), so n without its trailing
 * zeros is String(v)'s shortest form. Otherwise String(v).
 */
function writeNumber(buf: Buffer, pos: number, v: number): number {
  if ((v | 0) === v) {
    // A 32-bit integer (counts, flags, patch numbers); −0 is written "0" as String(−0) is.
    if (v >= 0) return writeInteger(buf, pos, v, 1);
    buf[pos] = MINUS;
    return writeInteger(buf, pos + 1, -v, 1);
  }
  const a = Math.abs(v);
  if (!(a >= FIXED_MIN) || a >= FAST_LIMIT) return writeAscii(buf, pos, String(v));
  // d: the largest count of decimals with a·10^d below FAST_LIMIT (15 for |v| in [0.113, 1.13)).
  let d = 15;
  if (a < (DECIMALS_LIMIT[15] as number)) {
    while (a < (DECIMALS_LIMIT[d + 1] as number)) d++;
  } else {
    while (a >= (DECIMALS_LIMIT[d] as number)) d--;
  }
  const p = POW10[d] as number;
  let n = Math.round(a * p);
  if (n / p !== a) {
    if ((n - 1) / p === a) n -= 1;
    else if ((n + 1) / p === a) n += 1;
    else return writeAscii(buf, pos, String(v));
  }
  // n < 2^50: its low eight digits and the rest are each exact 32-bit integers; kept as such
  // (| 0) so that the divisions by 10 compile to integer arithmetic, not floating-point division.
  const high = (n / 1e8) | 0;
  let low = (n - high * 1e8) | 0;
  if (v < 0) buf[pos++] = MINUS;
  // With eight or more decimals the low eight digits are all in the fraction; all zeros for
  // values rounded to a few decimals (most of them).
  if (d >= 8) return low === 0 ? writeFixed(buf, pos, high, 0, 0, d - 8) : writeFixed(buf, pos, high, low, 8, d);
  let k = 0;
  for (let j = 0; j < 8; j++) {
    const q = (low / 10) | 0;
    digits[k++] = low - 10 * q;
    low = q;
  }
  for (let h = high; h > 0; ) {
    const q = (h / 10) | 0;
    digits[k++] = h - 10 * q;
    h = q;
  }
  while (k <= d) digits[k++] = 0;
  // Digits [d, k) are the integer part (leading zeros dropped, at least one kept), [last, d) the
  // fraction without its trailing zeros.
  let top = k - 1;
  while (top > d && digits[top] === 0) top--;
  let last = 0;
  while (last < d && digits[last] === 0) last++;
  for (let i = top; i >= d; i--) buf[pos++] = ZERO + (digits[i] as number);
  if (last < d) {
    buf[pos++] = DOT;
    for (let i = d - 1; i >= last; i--) buf[pos++] = ZERO + (digits[i] as number);
  }
  return pos;
}

/**
 * Writes (high·10^lowDigits + low)/10^d in its shortest fixed form: trailing zeros of the fraction
 * dropped, one leading 0 when below 1. high and low are 32-bit integers ≥ 0, low < 10^lowDigits,
 * lowDigits ≤ d (the low digits are all in the fraction).
 */
function writeFixed(buf: Buffer, pos: number, high: number, low: number, lowDigits: number, d: number): number {
  while (lowDigits > 0) {
    const q = (low / 10) | 0;
    if (q * 10 !== low) break;
    low = q;
    lowDigits--;
    d--;
  }
  if (lowDigits === 0) {
    while (d > 0) {
      const q = (high / 10) | 0;
      if (q * 10 !== high) break;
      high = q;
      d--;
    }
  }
  const k = high < 1e4 ? (high < 100 ? (high < 10 ? 1 : 2) : high < 1000 ? 3 : 4) : high < 1e6 ? (high < 1e5 ? 5 : 6) : high < 1e7 ? 7 : high < 1e8 ? 8 : high < 1e9 ? 9 : 10;
  /** Fraction digits that come from high. */
  const highDecimals = d - lowDigits;
  const end = pos + (k > highDecimals ? k - highDecimals : 1) + (d > 0 ? d + 1 : 0);
  let at = end;
  for (let j = 0; j < lowDigits; j++) {
    const q = (low / 10) | 0;
    buf[--at] = ZERO + low - 10 * q;
    low = q;
  }
  for (let j = 0; j < highDecimals; j++) {
    const q = (high / 10) | 0;
    buf[--at] = ZERO + high - 10 * q;
    high = q;
  }
  if (d > 0) buf[--at] = DOT;
  do {
    const q = (high / 10) | 0;
    buf[--at] = ZERO + high - 10 * q;
    high = q;
  } while (high > 0);
  return end;
}

/** Writes an integer in [0, 2^31], zero-padded to at least `width` digits. */
function writeInteger(buf: Buffer, pos: number, n: number, width: number): number {
  let k = 0;
  let rest = n >>> 0;
  do {
    const q = (rest / 10) >>> 0;
    digits[k++] = rest - 10 * q;
    rest = q;
  } while (rest > 0 || k < width);
  for (let i = k - 1; i >= 0; i--) buf[pos++] = ZERO + (digits[i] as number);
  return pos;
}

const BILLION = 1_000_000_000n;
/**
 * The last bigint block: a multiple of 10^9 and its decimal digits without the nine zeros. It
 * starts far below any value, so the first bigint always computes its block (a start at -1
 * wrote 1n as "2").
 */
let bigBase = -2n * BILLION;
let bigHead = '';

/**
 * Writes a bigint in [0, BIGINT_FAST_MAX] as v.toString() does. Object ids of a patch share their
 * leading digits, so the digits above 10^9 are kept from the previous id and only the low nine
 * are computed.
 */
function writeBigint(buf: Buffer, pos: number, v: bigint): number {
  let rest = v - bigBase;
  if (rest < 0n || rest >= BILLION) {
    const head = v / BILLION;
    bigBase = head * BILLION;
    bigHead = head === 0n ? '' : head.toString();
    rest = v - bigBase;
  }
  if (bigHead === '') return writeInteger(buf, pos, Number(rest), 1);
  return writeInteger(buf, writeAscii(buf, pos, bigHead), Number(rest), 9);
}

/** UTF-8 bytes of csvCell(s) for recently written strings (patch, field, kind... repeat on every row). */
const stringCache = new Map<string, Buffer>();
const STRING_CACHE_LIMIT = 4096;

function stringBytes(v: string): Buffer {
  let bytes = stringCache.get(v);
  if (bytes === undefined) {
    bytes = Buffer.from(csvCell(v), 'utf8');
    if (v.length <= 64) {
      if (stringCache.size >= STRING_CACHE_LIMIT) stringCache.clear();
      stringCache.set(v, bytes);
    }
  }
  return bytes;
}

/** The buffer rows are encoded into, reused from call to call and grown as needed. */
let sinkBuffer: Buffer = Buffer.allocUnsafe(1 << 16);

/** A buffer holding buf[0, pos) with room for at least `room` more bytes (buf itself when it has it). */
function withRoom(buf: Buffer, pos: number, room: number): Buffer {
  if (pos + room <= buf.length) return buf;
  const next = Buffer.allocUnsafe(Math.max(2 * buf.length, pos + room));
  buf.copy(next, 0, 0, pos);
  sinkBuffer = next;
  return next;
}

/**
 * Rows as CSV bytes (UTF-8), one line each, in a buffer the next call reuses: write or copy it
 * before encoding more rows.
 */
export function csvRowView(rows: readonly Cell[][]): Buffer {
  let buf = sinkBuffer;
  let pos = 0;
  for (const row of rows) {
    const width = row.length;
    for (let i = 0; i < width; i++) {
      if (pos + CELL_ROOM > buf.length) buf = withRoom(buf, pos, CELL_ROOM);
      if (i > 0) buf[pos++] = COMMA;
      const v = row[i];
      switch (typeof v) {
        case 'number':
          pos = Number.isFinite(v) ? writeNumber(buf, pos, v) : writeAscii(buf, pos, csvCell(v));
          break;
        case 'boolean':
          buf[pos++] = v ? TRUE_BYTE : FALSE_BYTE;
          break;
        case 'bigint':
          if (v >= 0n && v <= BIGINT_FAST_MAX) {
            pos = writeBigint(buf, pos, v);
          } else {
            const text = v.toString();
            buf = withRoom(buf, pos, text.length);
            pos = writeAscii(buf, pos, text);
          }
          break;
        case 'string': {
          const bytes = stringBytes(v);
          buf = withRoom(buf, pos, bytes.length);
          for (let j = 0; j < bytes.length; j++) buf[pos++] = bytes[j] as number;
          break;
        }
        default:
      }
    }
    if (pos + 1 > buf.length) buf = withRoom(buf, pos, 1);
    buf[pos++] = NEWLINE;
  }
  return buf.subarray(0, pos);
}

/** Rows as CSV bytes (UTF-8), one line each, in a buffer of their own; the bytes of csvRows(rows). */
export function csvRowBytes(rows: readonly Cell[][]): Buffer {
  return Buffer.from(csvRowView(rows));
}

export function csvRows(rows: readonly Cell[][]): string {
  return csvRowBytes(rows).toString('utf8');
}
