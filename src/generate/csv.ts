// Encodes generated rows as PostgreSQL COPY ... (FORMAT csv, HEADER) text: NULL is an unquoted
// empty field, the empty string is quoted, booleans are t/f, int8 ids are exact (bigint).
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

export function csvRows(rows: readonly Cell[][]): string {
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) {
      if (i > 0) line += ',';
      line += csvCell(row[i] ?? null);
    }
    out += line + '\n';
  }
  return out;
}
