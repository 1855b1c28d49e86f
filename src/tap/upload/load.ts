// TAP_UPLOAD (TAP 1.1 §2.7.6): loads a request's uploaded VOTables into a fresh schema of their
// own, one table per UPLOAD pair, readable by the query role, and drops it when the query is over.
// Everything happens in one transaction: a failed or abandoned load leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { UPLOAD_SCHEMA, type PositionColumn, type TableMetadata } from '../../adql/index.ts';
import { READER_ROLE } from '../../db/cluster.ts';
import { ServiceError, usageError } from '../../http/errors.ts';
import type { TapLimits } from '../../config.ts';
import type { UploadReference } from '../parameters.ts';
import { columnMetadata, copyLine, sqlTypeOf, uploadColumns, type UploadColumn } from './columns.ts';
import { UploadFormatError, UploadLimitError } from './errors.ts';
import { openUpload, type InlineFiles } from './source.ts';
import { readVotable } from './votable-reader.ts';

export type UploadLimits = Pick<TapLimits, 'uploadMaxBytes' | 'uploadMaxRows' | 'uploadUrlAllowList'> & {
  /** Give up on a by-URL upload after this long (default 60 s). */
  uploadFetchTimeoutMs?: number;
};

export interface LoadedUploads {
  /** The per-query schema holding the tables (pass it to compile as `uploadSchema`). */
  sqlSchema: string;
  /** TAP_UPLOAD.<name> for each UPLOAD pair, for the ADQL metadata. */
  tables: TableMetadata[];
  /** Drops the schema; safe to call more than once. */
  dispose(): Promise<void>;
}

/** Per-query schemas are named tap_upload_<creation ms>_<random> so the sweeper can age them. */
export const UPLOAD_SCHEMA_PREFIX = 'tap_upload_';

export const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function newSchemaName(now = Date.now()): string {
  return `${UPLOAD_SCHEMA_PREFIX}${now}_${randomBytes(6).toString('hex')}`;
}

const POSITION_UCD = { lon: 'pos.eq.ra', lat: 'pos.eq.dec' } as const;

/** The main RA/Dec pair of an upload (UCD pos.eq.ra / pos.eq.dec, meta.main preferred), if any. */
function mainPosition(columns: readonly UploadColumn[]): { lon: UploadColumn; lat: UploadColumn } | undefined {
  const find = (ucd: string): UploadColumn | undefined => {
    const candidates = columns.filter((c) => (c.kind === 'double' || c.kind === 'real')
      && (c.field.ucd ?? '').split(';')[0]?.trim().toLowerCase() === ucd);
    return candidates.find((c) => /(^|;)\s*meta\.main\s*($|;)/i.test(c.field.ucd ?? '')) ?? candidates[0];
  };
  const lon = find(POSITION_UCD.lon);
  const lat = find(POSITION_UCD.lat);
  return lon && lat ? { lon, lat } : undefined;
}

/** As a ServiceError for the TAP layer: format problems are usage errors, limits are 413. */
function asUploadError(err: unknown, table: string): unknown {
  if (err instanceof UploadFormatError) return usageError(`UPLOAD ${table}: ${err.message}`);
  if (err instanceof UploadLimitError) return new ServiceError('too-large', `UPLOAD ${table}: ${err.message}`);
  const pgError = err as { code?: string; message?: string };
  // Values PostgreSQL refuses (a bad timestamp, a latitude out of range...) are the upload's fault.
  if (typeof pgError.code === 'string' && /^(22|23)/.test(pgError.code)) return usageError(`UPLOAD ${table}: ${pgError.message ?? 'invalid value'}`);
  return err;
}

async function loadTable(client: pg.PoolClient, schema: string, ref: UploadReference, inlineFiles: InlineFiles,
  limits: UploadLimits, signal: AbortSignal | undefined): Promise<TableMetadata> {
  const bytes = await openUpload(ref, inlineFiles, {
    maxBytes: limits.uploadMaxBytes, urlAllowList: limits.uploadUrlAllowList,
    ...(limits.uploadFetchTimeoutMs === undefined ? {} : { fetchTimeoutMs: limits.uploadFetchTimeoutMs }),
  }, signal);
  const votable = await readVotable(bytes, { maxRows: limits.uploadMaxRows });
  const columns = uploadColumns(votable.fields);
  const sqlName = ref.table.toLowerCase();
  const table = `${quoteName(schema)}.${quoteName(sqlName)}`;
  const definitions = columns.map((c) => `${quoteName(c.sqlName)} ${sqlTypeOf(c.kind)}`);
  const position = mainPosition(columns);
  let positions: PositionColumn[] | undefined;
  if (position) {
    const taken = new Set(columns.map((c) => c.sqlName));
    let point = 'tap_upload_position';
    while (taken.has(point)) point = `_${point}`;
    definitions.push(`${quoteName(point)} spoint GENERATED ALWAYS AS `
      + `(spoint(radians(${quoteName(position.lon.sqlName)}), radians(${quoteName(position.lat.sqlName)}))) STORED`);
    positions = [{ point, lon: position.lon.field.name, lat: position.lat.field.name }];
  }
  await client.query(`CREATE TABLE ${table} (${definitions.join(', ')})`);
  const copy = client.query(copyFrom(`COPY ${table} (${columns.map((c) => quoteName(c.sqlName)).join(', ')}) FROM STDIN`));
  async function* lines(): AsyncGenerator<string> {
    let batch = '';
    for await (const row of votable.rows) {
      batch += copyLine(columns, row);
      if (batch.length >= 64 * 1024) {
        signal?.throwIfAborted();
        yield batch;
        batch = '';
      }
    }
    if (batch !== '') yield batch;
  }
  await pipeline(Readable.from(lines()), copy);
  if (positions) {
    await client.query(`CREATE INDEX ON ${table} USING gist (${quoteName(positions[0]?.point ?? '')})`);
  }
  await client.query(`GRANT SELECT ON ${table} TO ${READER_ROLE}`);
  await client.query(`ANALYZE ${table}`);
  return {
    schema: UPLOAD_SCHEMA, name: ref.table, sqlSchema: schema, sqlName,
    ...(votable.name ? { description: `uploaded table ${votable.name}` } : {}),
    columns: columns.map(columnMetadata),
    ...(positions ? { positions } : {}),
  };
}

/**
 * Loads the UPLOAD tables of one query into a new schema, readable (not writable) by the query
 * role. Throws ServiceErrors: usage (400) for malformed or unsupported documents and missing
 * parts, forbidden (403) for URLs off the allow-list, too-large (413) past the byte/row limits.
 */
export async function loadUploads(pool: pg.Pool, refs: readonly UploadReference[], inlineFiles: InlineFiles,
  limits: UploadLimits, signal?: AbortSignal): Promise<LoadedUploads> {
  const sqlSchema = newSchemaName();
  const client = await pool.connect();
  const tables: TableMetadata[] = [];
  let failed = true;
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA ${quoteName(sqlSchema)}`);
    await client.query(`GRANT USAGE ON SCHEMA ${quoteName(sqlSchema)} TO ${READER_ROLE}`);
    for (const ref of refs) {
      signal?.throwIfAborted();
      try {
        tables.push(await loadTable(client, sqlSchema, ref, inlineFiles, limits, signal));
      } catch (err) {
        throw asUploadError(err, ref.table);
      }
    }
    await client.query('COMMIT');
    failed = false;
  } finally {
    if (failed) await client.query('ROLLBACK').catch(() => undefined);
    client.release(failed ? true : undefined);
  }
  let disposed: Promise<void> | undefined;
  return {
    sqlSchema, tables,
    dispose: () => (disposed ??= dropUploadSchema(pool, sqlSchema)),
  };
}

/** Drops one per-query upload schema (and its tables). */
export async function dropUploadSchema(db: pg.Pool | pg.PoolClient, sqlSchema: string): Promise<void> {
  if (!sqlSchema.startsWith(UPLOAD_SCHEMA_PREFIX)) throw new Error(`${sqlSchema} is not an upload schema`);
  await db.query(`DROP SCHEMA IF EXISTS ${quoteName(sqlSchema)} CASCADE`);
}
