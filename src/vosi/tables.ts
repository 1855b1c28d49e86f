// VOSI-tables documents (VOSI 1.1 §3.3, VODataService 1.2 §3.3/§3.5): the tableset of what the
// caller may see, with detail=min (tables without columns) or full, and one table on its own.
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { TapMetadata } from '../metadata/catalog.ts';
import type { ColumnDescription, ForeignKeyDescription, TableDescription } from '../metadata/types.ts';
import { NS, optional, serialize, vosiRoot } from './xml.ts';

export type TablesDetail = 'min' | 'max';

function addColumn(parent: XMLBuilder, c: ColumnDescription): void {
  const col = parent.ele('column');
  if (c.std) col.att('std', 'true');
  col.ele('name').txt(c.name);
  optional(col, 'description', c.description);
  optional(col, 'unit', c.unit);
  optional(col, 'ucd', c.ucd);
  optional(col, 'utype', c.utype);
  const dataType = col.ele('dataType').att(NS.xsi, 'xsi:type', 'vs:VOTableType');
  if (c.arraysize !== undefined) dataType.att('arraysize', c.arraysize);
  if (c.xtype !== undefined) dataType.att('extendedType', c.xtype);
  dataType.txt(c.datatype);
  if (c.indexed) col.ele('flag').txt('indexed');
}

function addForeignKey(parent: XMLBuilder, k: ForeignKeyDescription): void {
  const fk = parent.ele('foreignKey');
  fk.ele('targetTable').txt(k.targetTable);
  for (const pair of k.columns) fk.ele('fkColumn').ele('fromColumn').txt(pair.from).up().ele('targetColumn').txt(pair.target);
  optional(fk, 'description', k.description);
  optional(fk, 'utype', k.utype);
}

function fillTable(table: XMLBuilder, t: TableDescription, detail: TablesDetail): void {
  table.att('type', t.type);
  table.ele('name').txt(t.qualifiedName);
  optional(table, 'description', t.description);
  optional(table, 'utype', t.utype);
  if (detail === 'min') return;
  for (const c of t.columns) addColumn(table, c);
  for (const k of t.foreignKeys) addForeignKey(table, k);
}

/** GET {tables}: <vosi:tableset> of the caller's view. */
export function tablesetXml(view: TapMetadata, detail: TablesDetail = 'max'): string {
  const root = vosiRoot(NS.tables, 'vosi:tableset', ['vs', 'xsi']);
  for (const s of view.schemas) {
    const schema = root.ele('schema');
    schema.ele('name').txt(s.name);
    optional(schema, 'description', s.description);
    optional(schema, 'utype', s.utype);
    for (const t of s.tables) fillTable(schema.ele('table'), t, detail);
  }
  return serialize(root);
}

/** GET {tables}/{name}: <vosi:table> in full detail (VOSI 1.1 §3.3.2). */
export function tableXml(table: TableDescription): string {
  const root = vosiRoot(NS.tables, 'vosi:table', ['vs', 'xsi']);
  fillTable(root, table, 'max');
  return serialize(root);
}
