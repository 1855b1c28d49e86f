// FITS binary table results (FITS 4.0 §7.3): a null primary HDU, then one BINTABLE whose rows
// are spooled to a temporary file first, because NAXIS2, string widths and the heap size
// (PCOUNT) must be in the header and are only known when the rows end. Rows come as arrays or as
// PostgreSQL binary COPY output (copy/binary.ts writes the same spool bytes).
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import {
  commentCard, formatHeader, integerCard, logicalCard, paddedLength, stringCard, type HeaderCard,
} from '../fits/header.ts';
import type { Writable } from 'node:stream';
import { ByteBuilder } from './bytes.ts';
import { BinaryFromCopy, nanOr, type BinaryTarget } from './copy/binary.ts';
import type { CopyType } from './copy/columns.ts';
import { pumpCopy, type CopyChunks } from './copy/pump.ts';
import { cellEncoder, ELEMENT_BYTES, type CellEncoder, type NullFills } from './cells.ts';
import { arrayShape, uniqueNames } from './fields.ts';
import { pumpRows } from './rows.ts';
import { ChunkedSink } from './sink.ts';
import { withSpoolDir } from './spool.ts';
import type { CopyWriter, FieldMeta, ResultInfo, ResultWriter, Row, RowSource, VotableDatatype, WriteOutcome } from './types.ts';

/** FITS has no null integers of its own: these TNULLn values stand for them (§7.3.2). */
const FITS_NULLS: NullFills = { unsignedByte: 255, short: -32768, int: -2147483648, long: -(2n ** 63n), boolean: 0 };

const TFORM_CODE: Record<VotableDatatype, string> = {
  boolean: 'L', unsignedByte: 'B', short: 'I', int: 'J', long: 'K', float: 'E', double: 'D', char: 'A', unicodeChar: 'A',
};

/**
 * How a column travels: fixed-width cells are copied; variable strings are spooled with a
 * count and padded to the widest seen; variable numeric arrays go to the heap (1Q descriptors).
 */
type Layout =
  | { kind: 'fixed'; bytes: number; tform: string }
  | { kind: 'chars' }
  | { kind: 'heap'; elementBytes: number };

interface Column {
  field: FieldMeta;
  name: string;
  layout: Layout;
  encode: CellEncoder;
  /** Largest element count seen (variable layouts). */
  maxCount: number;
}

function planColumn(field: FieldMeta, name: string): Column {
  // FITS strings are ASCII bytes: unicodeChar columns become char, other characters '?'.
  const asFits: FieldMeta = field.datatype === 'unicodeChar' ? { ...field, datatype: 'char' } : field;
  const shape = arrayShape(asFits.arraysize);
  const code = TFORM_CODE[asFits.datatype];
  const elementBytes = ELEMENT_BYTES[asFits.datatype];
  let layout: Layout;
  if (shape.kind === 'variable') {
    layout = asFits.datatype === 'char' ? { kind: 'chars' } : { kind: 'heap', elementBytes };
  } else {
    const count = shape.kind === 'fixed' ? shape.count : 1;
    layout = { kind: 'fixed', bytes: count * elementBytes, tform: `${count}${code}` };
  }
  return { field, name, layout, encode: cellEncoder(asFits, { nulls: FITS_NULLS, charset: 'ascii' }), maxCount: 0 };
}

function tform(column: Column): string {
  const { layout } = column;
  switch (layout.kind) {
    case 'fixed':
      return layout.tform;
    case 'chars':
      return `${Math.max(1, column.maxCount)}A`;
    case 'heap':
      return `1Q${TFORM_CODE[column.field.datatype]}(${column.maxCount})`;
    default: {
      const never: never = layout;
      throw new Error(`unknown layout ${String(never)}`);
    }
  }
}

function tableBytes(column: Column): number {
  const { layout } = column;
  if (layout.kind === 'fixed') return layout.bytes;
  return layout.kind === 'chars' ? Math.max(1, column.maxCount) : 16;
}

const INTEGER_CODES = new Set(['B', 'I', 'J', 'K']);

/** Header text must be printable ASCII: other characters become spaces or '?'. */
function printable(s: string): string {
  return s.replace(/[\t\r\n]/g, ' ').replace(/[^\x20-\x7e]/g, '?');
}

function headerCards(columns: readonly Column[], rowCount: number, heapBytes: number, info: ResultInfo,
  outcome: WriteOutcome): HeaderCard[] {
  const cards: HeaderCard[] = [
    stringCard('XTENSION', 'BINTABLE', 'binary table extension'),
    integerCard('BITPIX', 8), integerCard('NAXIS', 2),
    integerCard('NAXIS1', columns.reduce((n, c) => n + tableBytes(c), 0), 'bytes per row'),
    integerCard('NAXIS2', rowCount, 'rows'),
    integerCard('PCOUNT', heapBytes, 'heap bytes'), integerCard('GCOUNT', 1),
    integerCard('TFIELDS', columns.length),
  ];
  columns.forEach((c, i) => {
    const n = i + 1;
    const form = tform(c);
    cards.push(stringCard(`TTYPE${n}`, printable(c.name)), stringCard(`TFORM${n}`, form));
    if (c.field.unit) cards.push(stringCard(`TUNIT${n}`, printable(c.field.unit)));
    const code = c.layout.kind === 'heap' ? form.charAt(2) : form.charAt(form.length - 1);
    if (INTEGER_CODES.has(code) && c.field.nullable !== false) {
      const key = code as 'B' | 'I' | 'J' | 'K';
      const tnull = { B: FITS_NULLS.unsignedByte, I: FITS_NULLS.short, J: FITS_NULLS.int, K: FITS_NULLS.long }[key];
      cards.push(integerCard(`TNULL${n}`, tnull));
    }
    if (c.field.ucd) cards.push(stringCard(`TUCD${n}`, printable(c.field.ucd)));
    if (c.field.description) cards.push(stringCard(`TCOMM${n}`, printable(c.field.description)));
  });
  cards.push(stringCard('EXTNAME', 'RESULT'));
  cards.push(stringCard('QSTATUS', outcome.status, 'QUERY_STATUS: OK, OVERFLOW or ERROR'));
  if (outcome.errorMessage !== undefined) cards.push(stringCard('QERROR', printable(outcome.errorMessage)));
  cards.push(stringCard('QUERY', printable(info.query)));
  if (info.sql !== undefined) cards.push(stringCard('SQL', printable(info.sql)));
  cards.push(commentCard('Nulls: NaN for reals, TNULLn for integers, a zero byte for logicals.'));
  return cards;
}

const PRIMARY: HeaderCard[] = [
  logicalCard('SIMPLE', true, 'conforms to FITS'), integerCard('BITPIX', 8), integerCard('NAXIS', 0),
  logicalCard('EXTEND', true, 'a binary table follows'),
];

/** End of the spooled row starting at `pos`, or -1 when `buf` does not hold all of it. */
function spooledRowEnd(buf: Buffer, pos: number, columns: readonly Column[]): number {
  let p = pos;
  for (const { layout } of columns) {
    if (layout.kind === 'fixed') {
      p += layout.bytes;
    } else {
      if (p + 4 > buf.length) return -1;
      p += 4 + buf.readInt32BE(p) * (layout.kind === 'chars' ? 1 : layout.elementBytes);
    }
    if (p > buf.length) return -1;
  }
  return p;
}

/** Reads the spool file and calls `visit` with each whole row (buffer and start offset). */
async function eachSpooledRow(path: string, columns: readonly Column[],
  visit: (buf: Buffer, start: number) => void, afterChunk: () => Promise<void> | undefined): Promise<void> {
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const buf = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
    let pos = 0;
    for (let end = spooledRowEnd(buf, pos, columns); end >= 0; end = spooledRowEnd(buf, pos, columns)) {
      visit(buf, pos);
      pos = end;
    }
    carry = Buffer.from(buf.subarray(pos));
    await afterChunk();
  }
  if (carry.length > 0) throw new Error('FITS spool file ends inside a row');
}

/** Spool bytes so far, handed to the file when 64 KiB have gathered (with its backpressure). */
async function spoolTo(path: string,
  fill: (out: ByteBuilder, flushRows: () => Promise<void> | undefined) => Promise<WriteOutcome>): Promise<WriteOutcome> {
  const file = createWriteStream(path);
  const spool = new ChunkedSink(file);
  const out = new ByteBuilder();
  const flushRows = (): Promise<void> | undefined => {
    if (out.length < 64 * 1024) return undefined;
    spool.writeBytes(Buffer.from(out.buf.subarray(0, out.length)));
    out.length = 0;
    return spool.full ? spool.flush() : undefined;
  };
  try {
    const outcome = await fill(out, flushRows);
    spool.writeBytes(Buffer.from(out.buf.subarray(0, out.length)));
    await spool.flush();
    file.end();
    await once(file, 'finish');
    return outcome;
  } finally {
    spool.release();
    file.destroy();
  }
}

/** Spools rows (cells in FITS encoding, variable cells count-prefixed), tracking widths. */
async function spoolRows(columns: Column[], rows: RowSource, path: string, maxrec: number | undefined):
  Promise<{ outcome: WriteOutcome; heapBytes: number }> {
  let heapBytes = 0;
  const outcome = await spoolTo(path, (out, flushRows) => {
    const encodeRow = (row: Row): void => {
      if (row.length !== columns.length) throw new Error(`a row has ${row.length} values for ${columns.length} columns`);
      const start = out.length;
      let rowHeap = 0;
      const counts: number[] = [];
      try {
        for (const [i, c] of columns.entries()) {
          const at = out.length;
          c.encode(out, row[i] ?? null);
          if (c.layout.kind !== 'fixed') {
            const count = out.buf.readInt32BE(at);
            counts[i] = count;
            if (c.layout.kind === 'heap') rowHeap += count * c.layout.elementBytes;
          }
        }
      } catch (err) {
        out.length = start;
        throw err;
      }
      counts.forEach((count, i) => {
        const c = columns[i] as Column;
        if (count > c.maxCount) c.maxCount = count;
      });
      heapBytes += rowHeap;
    };
    return pumpRows(rows, maxrec, encodeRow, flushRows);
  });
  return { outcome, heapBytes };
}

/** TNULLn of each integer COPY type (reals ignore it: NaN). */
const FITS_INTEGER_NULLS: Record<Exclude<CopyType, 'text' | 'bool'>, bigint> = {
  int2: BigInt(FITS_NULLS.short), int4: BigInt(FITS_NULLS.int), int8: FITS_NULLS.long, float4: 0n, float8: 0n,
};

/** FITS spool rows from binary COPY: the same bytes spoolRows writes (COPY types have no heap). */
const FITS_TARGET: BinaryTarget = {
  nullMask: false,
  nullBytes: (type) => nanOr(type, FITS_INTEGER_NULLS[type]),
  nullBoolean: FITS_NULLS.boolean,
  asciiOnly: true,
};

async function spoolCopy(columns: Column[], types: readonly CopyType[], chunks: CopyChunks, path: string,
  maxrec: number | undefined): Promise<{ outcome: WriteOutcome; heapBytes: number }> {
  const outcome = await spoolTo(path, async (out, flushRows) => {
    const transcoder = new BinaryFromCopy(types, FITS_TARGET, out);
    const result = await pumpCopy(chunks, maxrec, transcoder, flushRows);
    transcoder.maxTextBytes.forEach((n, i) => { (columns[i] as Column).maxCount = n; });
    return result;
  });
  return { outcome, heapBytes: 0 };
}

export const writeFits: ResultWriter = (fields, rows, sink, info) =>
  writeSpooled(fields, sink, info, (columns, path) => spoolRows(columns, rows, path, info.maxrec));

/** The same file from binary COPY output. */
export const fitsCopyWriter: CopyWriter = {
  format: 'binary',
  write: (fields, types, chunks, sink, info) =>
    writeSpooled(fields, sink, info, (columns, path) => spoolCopy(columns, types, chunks, path, info.maxrec)),
};

/** Spools the rows with `spool`, then writes the primary HDU, the BINTABLE header, table and heap. */
function writeSpooled(fields: readonly FieldMeta[], sink: Writable, info: ResultInfo,
  spool: (columns: Column[], path: string) => Promise<{ outcome: WriteOutcome; heapBytes: number }>): Promise<WriteOutcome> {
  return withSpoolDir(info.spoolDir, async (dir) => {
    const names = uniqueNames(fields.map((f) => f.name));
    const columns = fields.map((f, i) => planColumn(f, names[i] as string));
    const path = join(dir, 'rows.bin');
    const { outcome, heapBytes } = await spool(columns, path);

    const out = new ChunkedSink(sink);
    try {
      out.writeBytes(formatHeader(PRIMARY));
      out.writeBytes(formatHeader(headerCards(columns, outcome.rowCount, heapBytes, info, outcome)));
      const block = new ByteBuilder();
      const emit = (): Promise<void> | undefined => {
        if (block.length === 0) return undefined;
        out.writeBytes(Buffer.from(block.buf.subarray(0, block.length)));
        block.length = 0;
        return out.full ? out.flush() : undefined;
      };
      // Pass 1: the main table, variable strings padded, heap arrays replaced by descriptors.
      let heapOffset = 0n;
      await eachSpooledRow(path, columns, (buf, start) => {
        let p = start;
        for (const c of columns) {
          const { layout } = c;
          if (layout.kind === 'fixed') {
            block.bytes(buf.subarray(p, p + layout.bytes));
            p += layout.bytes;
            continue;
          }
          const count = buf.readInt32BE(p);
          p += 4;
          if (layout.kind === 'chars') {
            block.bytes(buf.subarray(p, p + count));
            block.fill(0, Math.max(1, c.maxCount) - count);
            p += count;
          } else {
            block.i64(BigInt(count));
            block.i64(heapOffset);
            heapOffset += BigInt(count * layout.elementBytes);
            p += count * layout.elementBytes;
          }
        }
      }, emit);
      // Pass 2: the heap, the variable arrays' elements in row order.
      if (heapBytes > 0) {
        await eachSpooledRow(path, columns, (buf, start) => {
          let p = start;
          for (const { layout } of columns) {
            if (layout.kind === 'fixed') { p += layout.bytes; continue; }
            const bytes = buf.readInt32BE(p) * (layout.kind === 'chars' ? 1 : layout.elementBytes);
            p += 4;
            if (layout.kind === 'heap') block.bytes(buf.subarray(p, p + bytes));
            p += bytes;
          }
        }, emit);
      }
      await emit();
      const dataBytes = outcome.rowCount * columns.reduce((n, c) => n + tableBytes(c), 0) + heapBytes;
      out.writeBytes(Buffer.alloc(paddedLength(dataBytes) - dataBytes));
      await out.flush();
      return outcome;
    } finally {
      out.release();
    }
  });
}
