// The TABLEDATA serialization (VOTable 1.4 §5.1): one TR of TDs per row, empty TD for null,
// booleans T/F, arrays as space-separated values, char cells escaped and cut to a fixed size.
import type { TextDialect } from '../copy/text.ts';
import { arrayShape, isFloating } from '../fields.ts';
import type { CellValue, FieldMeta, Row } from '../types.ts';
import { columnText } from '../values.ts';
import { escapeText } from './xml.ts';

type Present = Exclude<CellValue, null>;
const TF = ['T', 'F'] as const;

function cellText(field: FieldMeta): (value: Present) => string {
  const text = columnText(field, TF);
  if (field.datatype === 'char' || field.datatype === 'unicodeChar') {
    const shape = arrayShape(field.arraysize);
    const max = shape.kind === 'fixed' ? shape.count : shape.kind === 'variable' ? shape.max : 1;
    return (value) => {
      const s = text(value);
      return escapeText(max !== undefined && s.length > max ? s.slice(0, max) : s);
    };
  }
  return (value) => (typeof value === 'string' ? escapeText(value) : text(value));
}

/**
 * An empty TD is null for every type (VOTable 1.3+), but votlint rejects it for fixed-size
 * float arrays (point, circle), so those get NaNs, which clients read as null too.
 */
function nullCell(field: FieldMeta): string {
  const shape = arrayShape(field.arraysize);
  if (shape.kind !== 'fixed' || shape.count === 0 || !isFloating(field)) return '<TD/>';
  return '<TD>' + Array<string>(shape.count).fill('NaN').join(' ') + '</TD>';
}

/** Returns a function giving a row's `<TR>` text; throws on a row of the wrong width. */
export function tabledataRow(fields: readonly FieldMeta[]): (row: Row) => string {
  const cells = fields.map(cellText);
  const nulls = fields.map(nullCell);
  const n = cells.length;
  return (row) => {
    if (row.length !== n) throw new Error(`a row has ${row.length} values for ${n} columns`);
    let tr = '<TR>';
    for (let i = 0; i < n; i++) {
      const v = row[i] ?? null;
      tr += v === null ? (nulls[i] as string) : '<TD>' + (cells[i] as (value: Present) => string)(v) + '</TD>';
    }
    return tr + '</TR>\n';
  };
}

/** TABLEDATA rows from PostgreSQL text COPY (see copy/text.ts): same cells as `tabledataRow`. */
export const TABLEDATA_COPY: TextDialect = {
  text: escapeText,
  booleans: TF,
  infinities: ['+Inf', '-Inf'],
  row: (cells) => {
    let tr = '<TR>';
    for (const c of cells) tr += c === null ? '<TD/>' : '<TD>' + c + '</TD>';
    return tr + '</TR>\n';
  },
  numericLines: (lines) =>
    '<TR><TD>' + lines.slice(0, -1).replaceAll('\t', '</TD><TD>').replaceAll('\n', '</TD></TR>\n<TR><TD>') + '</TD></TR>\n',
};
