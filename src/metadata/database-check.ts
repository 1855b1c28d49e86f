// Compares the published metadata with the database it describes: every published table must
// exist with exactly the published columns (names, compatible types) plus the geometry twins of
// STC-S columns, and a column published as indexed must lead an index (through its twin, if any).
// A mismatch is what taplint's MDQ stage would report as E-CLDR/E-CTYP.
import type pg from 'pg';
import type { TapMetadata } from './catalog.ts';
import type { ColumnDescription } from './types.ts';

/** Which published column types a PostgreSQL type may back (TAP 1.1 §4.3, DALI xtypes). */
function compatible(pgType: string, c: ColumnDescription): boolean {
  switch (pgType) {
    case 'int8': return c.datatype === 'long' && c.xtype === undefined;
    case 'int4': return c.datatype === 'int' && c.xtype === undefined;
    case 'int2': return c.datatype === 'short' && c.xtype === undefined;
    case 'float8': case 'numeric': return c.datatype === 'double' && c.xtype === undefined;
    case 'float4': return c.datatype === 'float' && c.xtype === undefined;
    case 'bool': return c.datatype === 'boolean';
    case 'text': case 'varchar': case 'bpchar':
      return (c.datatype === 'char' || c.datatype === 'unicodeChar') && (c.xtype === undefined || c.xtype === 'adql:region');
    case 'timestamp': case 'timestamptz': case 'date': return c.xtype === 'timestamp';
    case 'spoint': return c.xtype === 'point';
    case 'scircle': return c.xtype === 'circle';
    case 'spoly': return c.xtype === 'polygon';
    case 'bytea': return c.datatype === 'unsignedByte';
    default: return false;
  }
}


interface DbColumn {
  name: string;
  type: string;
  leadsIndex: boolean;
}

async function databaseColumns(client: pg.ClientBase, schema: string, table: string): Promise<{ kind: string; columns: DbColumn[] } | undefined> {
  const rel = await client.query<{ oid: number; relkind: string }>(
    `SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2`, [schema, table]);
  const row = rel.rows[0];
  if (!row) return undefined;
  const cols = await client.query<DbColumn>(
    `SELECT a.attname AS name, t.typname AS type,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indkey[0] = a.attnum) AS "leadsIndex"
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [row.oid]);
  return { kind: row.relkind, columns: cols.rows };
}

/** Every disagreement between the metadata and the database, as readable sentences; [] when none. */
export async function compareWithDatabase(client: pg.ClientBase, metadata: TapMetadata): Promise<string[]> {
  const out: string[] = [];
  for (const t of metadata.tables()) {
    const db = await databaseColumns(client, t.sqlSchema, t.sqlName);
    if (!db) {
      out.push(`${t.qualifiedName}: no table ${t.sqlSchema}.${t.sqlName} in the database`);
      continue;
    }
    const isView = db.kind === 'v' || db.kind === 'm';
    if (isView !== (t.type === 'view')) out.push(`${t.qualifiedName}: published as a ${t.type}, but it is ${isView ? 'a view' : 'a table'} in the database`);
    const byName = new Map(db.columns.map((c) => [c.name, c]));
    for (const c of t.columns) {
      const dbc = byName.get(c.plainName);
      if (!dbc) {
        out.push(`${t.qualifiedName}.${c.name}: published but not in the database`);
        continue;
      }
      byName.delete(c.plainName);
      if (!compatible(dbc.type, c)) {
        out.push(`${t.qualifiedName}.${c.name}: ${dbc.type} in the database cannot be published as ${c.datatype}${c.arraysize ? `[${c.arraysize}]` : ''}${c.xtype ? ` (${c.xtype})` : ''}`);
      }
      // An STC-S column is searched through its pg_sphere twin: the twin is what the index must lead.
      const twin = c.geometry === undefined ? undefined : byName.get(c.geometry);
      if (c.geometry !== undefined) {
        byName.delete(c.geometry);
        if (!twin) out.push(`${t.qualifiedName}.${c.name}: its geometry column ${c.geometry} is not in the database`);
        else if (twin.type !== 'spoly') out.push(`${t.qualifiedName}.${c.name}: its geometry column ${c.geometry} is ${twin.type}, not a pg_sphere spoly`);
      }
      const searched = c.geometry === undefined ? dbc : twin;
      // A view's columns use the indexes of the table under it, which the planner reaches through the view.
      if (c.indexed && searched && !searched.leadsIndex && !isView) {
        out.push(`${t.qualifiedName}.${c.name}: published as indexed, but no index starts with ${searched.name}`);
      }
    }
    for (const extra of byName.keys()) out.push(`${t.qualifiedName}.${extra}: in the database but not published (SELECT * would return it)`);
  }
  return out;
}
