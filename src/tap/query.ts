// The one query path of TAP, shared by sync and async: ADQL text -> compiled against the tables
// the caller may see (plus this request's uploads) -> rows from a cursor on the read-only role
// -> the requested format's writer. Errors before any output are typed (AdqlQueryError, usage).
import type { Writable } from 'node:stream';
import { compile, type AdqlError, type OutputColumn, type TableMetadata } from '../adql/index.ts';
import type { TapLimits } from '../config.ts';
import type { Database } from '../db/database.ts';
import {
  copyTypes, primeRows, type CopyType, type FieldMeta, type ResultInfo, type VotableDatatype, type WriteOutcome, type Xtype,
} from '../formats/index.ts';
import { fieldsNamed } from '../formats/fields.ts';
import { ServiceError } from '../http/errors.ts';
import type { Caller } from '../metadata/access.ts';
import { adqlMetadata } from '../metadata/adql.ts';
import type { TapMetadata } from '../metadata/catalog.ts';
import type { TapQueryRequest } from './parameters.ts';
import { streamCopy, streamQuery } from './query-stream.ts';

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
 * The query for COPY: each result column cast, by position, to the type whose COPY bytes the
 * writer reads (a no-op when it has that type already). The inner query keeps its ORDER BY and
 * LIMIT, and a subquery with a LIMIT is scanned in its own order.
 */
export function copySql(sql: string, types: readonly CopyType[]): string {
  const names = types.map((_, i) => `c${i + 1}`);
  return `SELECT ${types.map((t, i) => `q.${names[i]}::${t}`).join(', ')} FROM (${sql}) AS q(${names.join(', ')})`;
}

/** Waits for the first piece of output (or the end), mapping a failure to the protocol's error. */
async function started<T>(source: AsyncIterable<T>, opts: RunOptions): Promise<AsyncIterable<T>> {
  let primed;
  try {
    primed = await primeRows(source);
  } catch (err) {
    throw asExecutionError(err);
  }
  opts.onStart?.();
  return primed;
}

/**
 * Runs a compiled query into `sink` in the request's format. A failure before the first row is
 * thrown (so the caller can still answer with an error document and status); after that, the
 * writer reports it inside the document (QUERY_STATUS ERROR after the TABLE). Formats that read
 * PostgreSQL COPY output get it when every result column has a COPY type; the rest get rows.
 */
export async function runQuery(services: TapServices, request: TapQueryRequest, compiled: CompiledQuery,
  sink: Writable, opts: RunOptions): Promise<WriteOutcome> {
  const format = request.format.format;
  const info: ResultInfo = {
    query: request.query,
    sql: compiled.sql,
    maxrec: request.maxrec,
    extraInfos: [{ name: 'REQUEST_DATE', value: new Date().toISOString() }],
  };
  const stream = { timeoutSeconds: opts.timeoutSeconds, ...(opts.signal ? { signal: opts.signal } : {}) };
  const types = format.copy ? copyTypes(compiled.fields) : undefined;
  if (format.copy && types) {
    const chunks = streamCopy(services.db.reader, copySql(compiled.sql, types), format.copy.format, stream);
    return format.copy.write(compiled.fields, types, await started(chunks, opts), sink, info);
  }
  const rows = streamQuery(services.db.reader, compiled.sql, { ...stream, limit: request.maxrec + 1 });
  return format.write(compiled.fields, await started(rows as AsyncIterable<never>, opts), sink, info);
}
