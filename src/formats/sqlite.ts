// The HSC archive's SQLite3 download: the result as table "result" in a database file built on
// disk with better-sqlite3 (SQLite's own page cache bounds memory), then streamed to the sink;
// "result_columns" keeps the FIELD metadata and "query_info" the query and QUERY_STATUS.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { arrayShape, uniqueNames } from './fields.ts';
import { pumpRows } from './rows.ts';
import { copyFileTo, withSpoolDir } from './spool.ts';
import type { CellValue, FieldMeta, ResultWriter, Row } from './types.ts';
import { columnText } from './values.ts';

type SqliteValue = number | bigint | string | Buffer | null;

/** Rows per transaction: large enough to amortise the commit, small enough to stay bounded. */
const BATCH_ROWS = 2000;

function columnType(f: FieldMeta): 'INTEGER' | 'REAL' | 'TEXT' | 'BLOB' {
  const scalar = arrayShape(f.arraysize).kind === 'scalar';
  switch (f.datatype) {
    case 'boolean': case 'short': case 'int': case 'long':
      return scalar ? 'INTEGER' : 'TEXT';
    case 'unsignedByte':
      return scalar ? 'INTEGER' : 'BLOB';
    case 'float': case 'double':
      return scalar ? 'REAL' : 'TEXT';
    case 'char': case 'unicodeChar':
      return 'TEXT';
    default: {
      const never: never = f.datatype;
      throw new Error(`unknown datatype ${String(never)}`);
    }
  }
}

type ColumnType = ReturnType<typeof columnType>;

/** Integers and reals as themselves, NaN as NULL, byte arrays as BLOBs, the rest as DALI text. */
function sqliteValue(v: CellValue, type: ColumnType, text: (value: Exclude<CellValue, null>) => string): SqliteValue {
  if (v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && type === 'INTEGER' && /^\s*-?\d+\s*$/.test(v)) return BigInt(v);
  if (v instanceof Uint8Array && type === 'BLOB') return Buffer.from(v);
  return text(v);
}

const quoteIdent = (name: string): string => '"' + name.replaceAll('"', '""') + '"';

function createSchema(db: Database.Database, fields: readonly FieldMeta[], names: readonly string[]): void {
  const columns = fields.map((f, i) => `${quoteIdent(names[i] as string)} ${columnType(f)}`);
  db.exec(`CREATE TABLE result (${columns.join(', ')})`);
  db.exec(`CREATE TABLE result_columns (column_index INTEGER, name TEXT, field_name TEXT, datatype TEXT,
    arraysize TEXT, xtype TEXT, unit TEXT, ucd TEXT, utype TEXT, description TEXT)`);
  db.exec('CREATE TABLE query_info (name TEXT PRIMARY KEY, value TEXT)');
  const describe = db.prepare('INSERT INTO result_columns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  fields.forEach((f, i) => describe.run(i + 1, names[i], f.name, f.datatype, f.arraysize ?? null, f.xtype ?? null,
    f.unit ?? null, f.ucd ?? null, f.utype ?? null, f.description ?? null));
}

export const writeSqlite: ResultWriter = (fields, rows, sink, info) =>
  withSpoolDir(info.spoolDir, async (dir) => {
    const path = join(dir, 'result.sqlite3');
    const db = new Database(path);
    let closed = false;
    try {
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      const names = uniqueNames(fields.map((f) => f.name));
      createSchema(db, fields, names);
      const types = fields.map(columnType);
      const texts = fields.map((f) => columnText(f, ['1', '0']));
      const insert = db.prepare(`INSERT INTO result VALUES (${fields.map(() => '?').join(', ')})`);
      const insertBatch = db.transaction((batch: SqliteValue[][]) => { for (const r of batch) insert.run(r); });
      let batch: SqliteValue[][] = [];
      const encode = (row: Row): void => {
        if (row.length !== types.length) throw new Error(`a row has ${row.length} values for ${types.length} columns`);
        batch.push(types.map((t, i) => sqliteValue(row[i] ?? null, t, texts[i] as (value: Exclude<CellValue, null>) => string)));
      };
      const commitBatch = (): Promise<void> | undefined => {
        if (batch.length < BATCH_ROWS) return undefined;
        insertBatch(batch);
        batch = [];
        // Inserting is synchronous: let other requests run between batches.
        return new Promise((resolve) => setImmediate(resolve));
      };
      const outcome = await pumpRows(rows, info.maxrec, encode, commitBatch);
      insertBatch(batch);
      const status = db.prepare('INSERT OR REPLACE INTO query_info VALUES (?, ?)');
      status.run('QUERY_STATUS', outcome.status);
      if (outcome.errorMessage !== undefined) status.run('ERROR', outcome.errorMessage);
      status.run('QUERY', info.query);
      if (info.sql !== undefined) status.run('SQL', info.sql);
      for (const extra of info.extraInfos ?? []) status.run(extra.name, extra.content ?? extra.value);
      db.close();
      closed = true;
      await copyFileTo(path, sink);
      return outcome;
    } finally {
      if (!closed) db.close();
    }
  });
