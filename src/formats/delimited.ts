// CSV (RFC 4180: header row, CRLF, fields quoted when they hold a comma, quote or line break)
// and TSV (IANA text/tab-separated-values: no tabs or line breaks inside fields), TAP 1.1 §3.2.
import type { Writable } from 'node:stream';
import { pumpCopy } from './copy/pump.ts';
import { TextFromCopy, type TextDialect } from './copy/text.ts';
import { pumpRows, type RowOutcome } from './rows.ts';
import { ChunkedSink } from './sink.ts';
import type { CellValue, CopyWriter, FieldMeta, ResultWriter, Row, WriteOutcome } from './types.ts';
import { columnText } from './values.ts';

interface Dialect {
  separator: string;
  lineEnd: string;
  /** Makes one field's text safe for the dialect. */
  field: (text: string) => string;
}

const CSV_NEEDS_QUOTES = /[",\r\n]/;
export const CSV: Dialect = {
  separator: ',',
  lineEnd: '\r\n',
  field: (s) => (CSV_NEEDS_QUOTES.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s),
};

const TSV_FORBIDDEN = /[\t\r\n]/g;
export const TSV: Dialect = {
  separator: '\t',
  lineEnd: '\n',
  field: (s) => s.replace(TSV_FORBIDDEN, ' '),
};

const TRUE_FALSE = ['true', 'false'] as const;

/** The dialect's lines from PostgreSQL text COPY (see copy/text.ts), as `delimitedLine` writes them. */
function delimitedCopyDialect(dialect: Dialect): TextDialect {
  const { separator, lineEnd, field } = dialect;
  return {
    text: field,
    booleans: TRUE_FALSE,
    infinities: ['+Inf', '-Inf'],
    row: (cells) => cells.map((c) => c ?? '').join(separator) + lineEnd,
    numericLines: (lines) => {
      const separated = separator === '\t' ? lines : lines.replaceAll('\t', separator);
      return lineEnd === '\n' ? separated : separated.replaceAll('\n', lineEnd);
    },
  };
}

/** One row's line: null is an empty field, everything else its DALI text. */
export function delimitedLine(dialect: Dialect, fields: readonly FieldMeta[]): (row: Row) => string {
  const { separator, lineEnd, field } = dialect;
  const texts = fields.map((f) => columnText(f, TRUE_FALSE));
  const width = fields.length;
  return (row) => {
    if (row.length !== width) throw new Error(`a row has ${row.length} values for ${width} columns`);
    let line = '';
    for (let i = 0; i < width; i++) {
      const v: CellValue = row[i] ?? null;
      if (i > 0) line += separator;
      if (v === null) continue;
      const text = (texts[i] as (value: Exclude<CellValue, null>) => string)(v);
      line += typeof v === 'number' || typeof v === 'bigint' ? text : field(text);
    }
    return line + lineEnd;
  };
}

export function headerLine(dialect: Dialect, fields: readonly FieldMeta[]): string {
  return fields.map((f) => dialect.field(f.name)).join(dialect.separator) + dialect.lineEnd;
}

/**
 * Writes a header and one line per row. These formats have no place for a status: OVERFLOW
 * and ERROR are only in the outcome, and a caller streaming to a client should abort the
 * connection on ERROR so a failed result is not mistaken for a complete one.
 */
export function delimitedWriter(dialect: Dialect): ResultWriter {
  return (fields, rows, sink, info) => {
    const line = delimitedLine(dialect, fields);
    return writeDelimited(dialect, fields, sink, (out, after) => pumpRows(rows, info.maxrec, (row) => out.write(line(row)), after));
  };
}

/** The same lines from PostgreSQL text COPY output (see copy/text.ts). */
export function delimitedCopyWriter(dialect: Dialect): CopyWriter {
  const copyDialect = delimitedCopyDialect(dialect);
  return {
    format: 'text',
    write: (fields, types, chunks, sink, info) => writeDelimited(dialect, fields, sink, (out, after) =>
      pumpCopy(chunks, info.maxrec, new TextFromCopy(types, copyDialect, (s) => out.write(s)), after)),
  };
}

async function writeDelimited(dialect: Dialect, fields: readonly FieldMeta[], sink: Writable,
  rows: (out: ChunkedSink, afterChunk: () => Promise<void> | undefined) => Promise<RowOutcome>): Promise<WriteOutcome> {
  const out = new ChunkedSink(sink);
  try {
    out.write(headerLine(dialect, fields));
    const outcome = await rows(out, () => (out.full ? out.flush() : undefined));
    await out.flush();
    return outcome;
  } finally {
    out.release();
  }
}
