// The one query path of TAP, shared by sync and async: ADQL text -> compiled against the tables
// the caller may see (plus this request's uploads) -> rows from a cursor on the read-only role
// -> the requested format's writer. Errors before any output are typed (AdqlQueryError, usage).
import type { Writable } from 'node:stream';
import { compile, type AdqlError, type OutputColumn, type TableMetadata } from '../adql/index.ts';
import type { TapLimits } from '../config.ts';
import type { Database } from '../db/database.ts';
import { primeRows, type FieldMeta, type VotableDatatype, type WriteOutcome, type Xtype } from '../formats/index.ts';
import { fieldsNamed } from '../formats/fields.ts';
import { ServiceError } from '../http/errors.ts';
import type { Caller } from '../metadata/access.ts';
import { adqlMetadata } from '../metadata/adql.ts';
import type { TapMetadata } from '../metadata/catalog.ts';
import type { TapQueryRequest } from './parameters.ts';
import { streamQuery } from './query-stream.ts';

/** An ADQL query that does not compile: a usage error carrying every problem with its position. */
export class AdqlQueryError extends ServiceError {
  constructor(readonly problems: readonly AdqlError[]) {
    super('usage', problems.map((p) => p.describe()).join('\n'));
  }
}

/** A query that PostgreSQL refused or failed before returning a row (timeout, bad cast...). */
export class QueryExecutionError extends ServiceError {
  constructor(message: string, readonly sqlState: string | undefined) {
    super(sqlState === '57014' ? 'overloaded' : 'usage', message);
  }
}

export interface TapServices {
  db: Database;
  metadata: TapMetadata;
  limits: TapLimits;
}

export interface CompiledQuery {
  sql: string;
  fields: FieldMeta[];
}

export interface UploadedTables {
  sqlSchema: string;
  tables: readonly TableMetadata[];
}

/** FIELD metadata of the result columns as the ADQL engine derived them (TAP 1.1 §2.7.2). */
export function resultFields(columns: readonly OutputColumn[]): FieldMeta[] {
  return fieldsNamed(columns.map((c) => c.name), columns.map((c) => ({
    ...c, datatype: c.datatype as VotableDatatype, xtype: c.xtype as Xtype | undefined,
  })));
}

/** Compiles the request's ADQL against what `caller` may see; throws AdqlQueryError. */
export function compileQuery(services: TapServices, request: TapQueryRequest, caller: Caller,
  uploads?: UploadedTables): CompiledQuery {
  const meta = adqlMetadata(services.metadata.visibleTo(caller), uploads?.tables ?? []);
  const result = compile(request.query, meta, {
    limit: request.maxrec + 1,
    ...(uploads ? { uploadSchema: uploads.sqlSchema } : {}),
  });
  if (!result.ok) throw new AdqlQueryError(result.errors);
  return { sql: result.value.sql, fields: resultFields(result.value.columns) };
}

export interface RunOptions {
  timeoutSeconds: number;
  signal?: AbortSignal;
  /** Called once the first row (or the end) has arrived, before anything is written. */
  onStart?: () => void;
}

function asExecutionError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  const e = err as { message?: string; code?: string };
  const message = e.code === '57014' ? 'the query was cancelled: it ran longer than the allowed time'
    : `the database refused the query: ${e.message ?? String(err)}`;
  return new QueryExecutionError(message, e.code);
}

/**
 * Runs a compiled query into `sink` in the request's format. A failure before the first row is
 * thrown (so the caller can still answer with an error document and status); after that, the
 * writer reports it inside the document (QUERY_STATUS ERROR after the TABLE).
 */
export async function runQuery(services: TapServices, request: TapQueryRequest, compiled: CompiledQuery,
  sink: Writable, opts: RunOptions): Promise<WriteOutcome> {
  const source = streamQuery(services.db.reader, compiled.sql, {
    timeoutSeconds: opts.timeoutSeconds, limit: request.maxrec + 1, ...(opts.signal ? { signal: opts.signal } : {}),
  });
  let rows;
  try {
    rows = await primeRows(source as AsyncIterable<never>);
  } catch (err) {
    throw asExecutionError(err);
  }
  opts.onStart?.();
  return request.format.format.write(compiled.fields, rows, sink, {
    query: request.query,
    sql: compiled.sql,
    maxrec: request.maxrec,
    extraInfos: [{ name: 'REQUEST_DATE', value: new Date().toISOString() }],
  });
}
