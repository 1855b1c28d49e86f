// Text forms of cell values shared by the text serializations (TABLEDATA, CSV, TSV, SQLite):
// DALI 1.1 §3.3 literals — ISO timestamps without 'Z', arrays as space-separated numbers.
import type { CellValue, FieldMeta } from './types.ts';

/** VOTable/DALI number text: NaN, +Inf, -Inf for the special values. */
export function numberText(x: number): string {
  if (Number.isFinite(x)) return x === 0 && Object.is(x, -0) ? '-0' : String(x);
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? '+Inf' : '-Inf';
}

/** DALI timestamp: YYYY-MM-DDThh:mm:ss.sss in UTC, no zone suffix. */
export function timestampText(value: Date | string): string {
  if (typeof value === 'string') return PG_TIMESTAMP.test(value) ? value.replace(' ', 'T') : value;
  const iso = value.toISOString();
  return iso.endsWith('Z') ? iso.slice(0, -1) : iso;
}
/** PostgreSQL's text form of a timestamp has a space where DALI has a 'T'. */
const PG_TIMESTAMP = /^\d{4}-\d\d-\d\d \d/;

export function numberArrayText(values: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += (i === 0 ? '' : ' ') + numberText(values[i] as number);
  return s;
}

/** The text of a non-null value; `booleans` gives the words for true and false. */
export function valueText(value: Exclude<CellValue, null>, booleans: readonly [string, string]): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return numberText(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? booleans[0] : booleans[1];
    default:
      if (value instanceof Date) return timestampText(value);
      return numberArrayText(value);
  }
}

/**
 * The text of a column's non-null values: valueText, with strings of a timestamp column
 * (PostgreSQL's 'YYYY-MM-DD hh:mm:ss' text) put in DALI form.
 */
export function columnText(field: FieldMeta, booleans: readonly [string, string]): (value: Exclude<CellValue, null>) => string {
  if (field.xtype === 'timestamp') {
    return (value) => (typeof value === 'string' || value instanceof Date ? timestampText(value) : valueText(value, booleans));
  }
  return (value) => valueText(value, booleans);
}
