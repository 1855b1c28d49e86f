// VOTable FIELD metadata of result columns taken from the published columns (TAP 1.1 §3:
// datatype, arraysize, xtype as in TAP_SCHEMA), so results and TAP_SCHEMA never disagree.
import { fieldIds } from '../formats/fields.ts';
import type { FieldMeta } from '../formats/types.ts';
import type { ColumnDescription } from './types.ts';

/** A result column: the published column it comes from, and the name the query gave it. */
export interface ResultColumn {
  readonly column: ColumnDescription;
  /** Output name (alias or column name); the column's plain name when omitted. */
  readonly name?: string;
}

/** The FIELD attributes of one published column (without the ID, which depends on the whole result). */
export function fieldOf(c: ColumnDescription, name: string = c.plainName): Omit<FieldMeta, 'id'> {
  return {
    name, datatype: c.datatype,
    ...(c.arraysize === undefined ? {} : { arraysize: c.arraysize }),
    ...(c.unit === undefined ? {} : { unit: c.unit }),
    ...(c.ucd === undefined ? {} : { ucd: c.ucd }),
    ...(c.utype === undefined ? {} : { utype: c.utype }),
    ...(c.xtype === undefined ? {} : { xtype: c.xtype }),
    description: c.description,
  };
}

/** FIELDs for a list of result columns, with unique XML IDs. */
export function fieldsOf(columns: readonly ResultColumn[]): FieldMeta[] {
  const named = columns.map((r) => fieldOf(r.column, r.name ?? r.column.plainName));
  const ids = fieldIds(named.map((f) => f.name));
  return named.map((f, i) => ({ ...f, id: ids[i] ?? f.name }));
}
