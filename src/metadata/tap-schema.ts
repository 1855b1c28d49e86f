// Writes TAP_SCHEMA (TAP 1.1 §4) from the metadata: the five tables are emptied and refilled in
// one transaction, so a concurrent ADQL query sees either the old or the new content.
import type pg from 'pg';
import type { TapMetadata } from './catalog.ts';
import type { ColumnDescription } from './types.ts';

/** TAP 1.1 §4.3 "size": the integer part of a one-dimensional arraysize ("n" or "n*"), else NULL. */
export function sizeOf(arraysize: string | undefined): number | null {
  const m = arraysize === undefined ? null : /^(\d+)\*?$/.exec(arraysize);
  return m ? Number(m[1]) : null;
}

const bit = (b: boolean): number => (b ? 1 : 0);

/** The TAP_SCHEMA rows of a metadata view, one array per table, column names as in sql/050. */
export function tapSchemaRows(metadata: TapMetadata) {
  const tables = metadata.tables();
  return {
    schemas: metadata.schemas.map((s) => ({
      schema_name: s.name, utype: s.utype ?? null, description: s.description, schema_index: s.schemaIndex,
    })),
    tables: tables.map((t) => ({
      schema_name: t.schema, table_name: t.qualifiedName, table_type: t.type, utype: t.utype ?? null,
      description: t.description, table_index: t.tableIndex,
    })),
    columns: tables.flatMap((t) => t.columns.map((c: ColumnDescription) => ({
      table_name: t.qualifiedName, column_name: c.name, datatype: c.datatype, arraysize: c.arraysize ?? null,
      xtype: c.xtype ?? null, size: sizeOf(c.arraysize), description: c.description, utype: c.utype ?? null,
      unit: c.unit ?? null, ucd: c.ucd ?? null, indexed: bit(c.indexed), principal: bit(c.principal), std: bit(c.std),
      column_index: c.columnIndex,
    }))),
    keys: metadata.foreignKeys().map((k) => ({
      key_id: k.id, from_table: k.fromTable, target_table: k.targetTable, description: k.description ?? null, utype: k.utype ?? null,
    })),
    key_columns: metadata.foreignKeys().flatMap((k) => k.columns.map((pair) => ({
      key_id: k.id, from_column: pair.from, target_column: pair.target,
    }))),
  };
}

/** Parents before children: the insert order the foreign keys of sql/050 need. */
const TABLES = ['schemas', 'tables', 'columns', 'keys', 'key_columns'] as const;

/**
 * Replaces the content of tap_schema with `metadata` (give it the public view:
 * `metadata.visibleTo(ANONYMOUS)`, since every caller can query TAP_SCHEMA).
 */
export async function writeTapSchema(client: pg.ClientBase, metadata: TapMetadata): Promise<void> {
  const rows = tapSchemaRows(metadata);
  await client.query('BEGIN');
  try {
    // Keeps a second writer out until COMMIT; readers go on seeing the old rows (MVCC) meanwhile.
    await client.query('LOCK TABLE tap_schema.schemas, tap_schema.tables, tap_schema.columns, tap_schema.keys, tap_schema.key_columns IN EXCLUSIVE MODE');
    await client.query('DELETE FROM tap_schema.schemas'); // cascades to the four others
    for (const table of TABLES) {
      await client.query(`INSERT INTO tap_schema.${table} SELECT * FROM json_populate_recordset(NULL::tap_schema.${table}, $1)`,
        [JSON.stringify(rows[table])]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
