// VOTable FIELD metadata of result columns taken from the published columns (TAP 1.1 §3:
// datatype, arraysize, xtype as in TAP_SCHEMA), so results and TAP_SCHEMA never disagree.
import { fieldsNamed } from '../formats/fields.ts';
import type { FieldMeta } from '../formats/types.ts';
import type { ColumnDescription } from './types.ts';

/** A result column: the published column it comes from, and the name the query gave it. */
export interface ResultColumn {
  readonly column: ColumnDescription;
  /** Output name (alias or column name); the column's plain name when omitted. */
  readonly name?: string;
}

/** FIELDs for a list of result columns, with unique XML IDs. */
export function fieldsOf(columns: readonly ResultColumn[]): FieldMeta[] {
  return fieldsNamed(columns.map((r) => r.name ?? r.column.plainName), columns.map((r) => r.column));
}
