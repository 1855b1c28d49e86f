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
/** String(v) switches to exponent notation below 1e-6 (and at 1e21, far above FAST_LIMIT). */
const FIXED_MIN = 1e-6;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/** A growing byte buffer that CSV rows are encoded into. */
class ByteSink {
  buf = Buffer.allocUnsafe(1 << 16);
  pos = 0;

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Writes a string of ASCII characters (number and bigint text). */
  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }
}

/** Whether some d-decimal number reads back as a (the product a·10^d is rounded: try n and its neighbours). */
function readsBack(a: number, d: number): boolean {
  const p = POW10[d] as number;
  const n = Math.round(a * p);
  return n / p === a || (n - 1) / p === a || (n + 1) / p === a;
}

/**
 * The number of decimals of the shortest fixed form of a = |v| (String(v)'s digits), or −1 when
 * it needs more than the fast path allows. If d decimals read back, so do d + 1: the last d
 * allowed is tried first (one probe for full-precision doubles), then a binary search.
 */
function shortDecimals(a: number): number {
  if (a === 0) return 0;
  if (!(a >= FIXED_MIN) || a >= FAST_LIMIT) return -1;
  let hi = 0;
  while (hi < POW10.length - 1 && a * (POW10[hi + 1] as number) < FAST_LIMIT) hi++;
  if (!readsBack(a, hi)) return -1;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (readsBack(a, mid)) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}

const digits = new Uint8Array(24);

/**
 * Writes a finite number as String(v) does. When |v| has a fixed-notation form with few digits
 * (n/10^d reads back as v), the smallest such d gives exactly ECMAScript's shortest digits; the
 * digits of n are written directly. Otherwise String(v).
 */
function writeNumber(out: ByteSink, v: number): void {
  const a = Math.abs(v);
  const d = shortDecimals(a);
  if (d < 0) {
    out.ascii(String(v));
    return;
  }
  const p = POW10[d] as number;
  let n = Math.round(a * p);
  if (n / p !== a) n = (n - 1) / p === a ? n - 1 : n + 1;
  // Digits of n, least significant first, at least d + 1 of them (leading zeros of 0.00x).
  let k = 0;
  do {
    const q = Math.floor(n / 10);
    digits[k++] = n - 10 * q;
    n = q;
  } while (n > 0 || k <= d);
  out.reserve(k + 2);
  const buf = out.buf;
  let pos = out.pos;
  if (v < 0) buf[pos++] = MINUS;
  for (let i = k - 1; i >= 0; i--) {
    if (i === d - 1) buf[pos++] = DOT;
    buf[pos++] = ZERO + (digits[i] as number);
  }
  out.pos = pos;
}

/** Writes a non-negative integer below 2^53, zero-padded to at least `width` digits. */
function writeInteger(out: ByteSink, n: number, width: number): void {
  let k = 0;
  do {
    const q = Math.floor(n / 10);
    digits[k++] = n - 10 * q;
    n = q;
  } while (n > 0 || k < width);
  out.reserve(k);
  for (let i = k - 1; i >= 0; i--) out.buf[out.pos++] = ZERO + (digits[i] as number);
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
 * Writes a bigint as v.toString() does. Object ids of a patch share their leading digits, so
 * the digits above 10^9 are kept from the previous id and only the low nine are computed.
 */
function writeBigint(out: ByteSink, v: bigint): void {
  if (v === 0n) {
    out.ascii('0');
    return;
  }
  let rest = v - bigBase;
  if (rest < 0n || rest >= BILLION) {
    if (v < 0n) {
      out.ascii(v.toString());
      return;
    }
    const head = v / BILLION;
    bigBase = head * BILLION;
    bigHead = head === 0n ? '' : head.toString();
    rest = v - bigBase;
  }
  if (bigHead !== '') out.ascii(bigHead);
  writeInteger(out, Number(rest), bigHead === '' ? 1 : 9);
}

/** UTF-8 bytes of csvCell(s) for recently written strings (patch, field, kind... repeat on every row). */
const stringCache = new Map<string, Buffer>();
const STRING_CACHE_LIMIT = 4096;

function writeString(out: ByteSink, v: string): void {
  let bytes = stringCache.get(v);
  if (bytes === undefined) {
    bytes = Buffer.from(csvCell(v), 'utf8');
    if (v.length <= 64) {
      if (stringCache.size >= STRING_CACHE_LIMIT) stringCache.clear();
      stringCache.set(v, bytes);
    }
  }
  out.reserve(bytes.length);
  for (let i = 0; i < bytes.length; i++) out.buf[out.pos++] = bytes[i] as number;
}

function writeCell(out: ByteSink, v: Cell): void {
  switch (typeof v) {
    case 'number':
      if (Number.isFinite(v)) writeNumber(out, v);
      else out.ascii(csvCell(v));
      return;
    case 'boolean':
      out.reserve(1);
      out.buf[out.pos++] = v ? 0x74 : 0x66;
      return;
    case 'bigint':
      writeBigint(out, v);
      return;
    case 'string':
      writeString(out, v);
      return;
    default:
  }
}

const sink = new ByteSink();

/** Rows as CSV bytes (UTF-8), one line each; the bytes of csvRows(rows). */
export function csvRowBytes(rows: readonly Cell[][]): Buffer {
  sink.pos = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      if (i > 0) {
        sink.reserve(1);
        sink.buf[sink.pos++] = COMMA;
      }
      writeCell(sink, row[i] ?? null);
    }
    sink.reserve(1);
    sink.buf[sink.pos++] = NEWLINE;
  }
  return Buffer.from(sink.buf.subarray(0, sink.pos));
}

export function csvRows(rows: readonly Cell[][]): string {
  return csvRowBytes(rows).toString('utf8');
}
