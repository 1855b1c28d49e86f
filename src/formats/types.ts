// The shapes every result writer shares: column metadata (VOTable FIELD attributes, VOTable 1.4
// §4), the row source (a pg cursor in `rowMode: 'array'`), and what a writer reports back.
import type { Writable } from 'node:stream';
import type { CopyFormat, CopyType } from './copy/columns.ts';
import type { CopyChunks } from './copy/pump.ts';

/** VOTable primitive datatypes a TAP result column may have (VOTable 1.4 §2.1). */
export type VotableDatatype =
  | 'boolean' | 'unsignedByte' | 'short' | 'int' | 'long' | 'float' | 'double' | 'char' | 'unicodeChar';

/** DALI 1.1 §3.3 xtypes, plus the ADQL ones for CLOB/BLOB/REGION. */
export type Xtype =
  | 'timestamp' | 'interval' | 'point' | 'circle' | 'polygon' | 'adql:clob' | 'adql:blob' | 'adql:region';

export interface FieldMeta {
  /** The column name as the query gave it (FIELD name); may repeat across columns. */
  name: string;
  /** Unique, XML-ID-safe (see `fieldIds`). */
  id: string;
  datatype: VotableDatatype;
  /** VOTable arraysize: undefined for scalars, 'n', 'n*', '*', 'AxB', 'Ax*' ... */
  arraysize?: string;
  unit?: string;
  ucd?: string;
  utype?: string;
  xtype?: Xtype;
  description?: string;
  /** False when the column can never be null (lets FITS skip TNULL); defaults to true. */
  nullable?: boolean;
}

/** Geometry (DALI point/circle/polygon, interval) arrays are plain number arrays. */
export type CellValue = number | bigint | string | boolean | Date | Uint8Array | readonly number[] | null;
export type Row = readonly CellValue[];

/** Row arrays in FIELD order, as pg-cursor yields them with `rowMode: 'array'`. */
export type RowSource = AsyncIterable<Row>;

export type QueryStatus = 'OK' | 'OVERFLOW' | 'ERROR';

export interface ResultInfo {
  /** The ADQL text as submitted (INFO name="QUERY"). */
  query: string;
  /** The SQL actually run (INFO name="SQL"). */
  sql?: string;
  /** More INFOs for the results RESOURCE (e.g. standardID, citation, request_date). */
  extraInfos?: readonly { name: string; value: string; content?: string }[];
  /**
   * Rows to write at most. The source may yield maxrec+1 rows: the writer writes maxrec and
   * reports OVERFLOW only if that extra row exists. Undefined: no limit.
   */
  maxrec?: number;
  /** Where spooling writers (FITS, SQLite) put their temporary files; os.tmpdir() by default. */
  spoolDir?: string;
}

export interface WriteOutcome {
  rowCount: number;
  status: QueryStatus;
  /** The failure message when status is ERROR (the row source or a row's encoding threw). */
  errorMessage?: string;
}

/**
 * Streams a result to `sink` with backpressure and bounded memory; leaves the sink open (the
 * caller ends it). A failure of the row source mid-stream is reported as status ERROR inside
 * the document where the format can say so; a failure of the sink itself rejects.
 */
export type ResultWriter = (
  fields: readonly FieldMeta[], rows: RowSource, sink: Writable, info: ResultInfo,
) => Promise<WriteOutcome>;

/**
 * A writer fed by PostgreSQL's `COPY (query) TO STDOUT` output in `format` instead of row
 * arrays, for results whose every column has a COPY type (`copyTypes`): the query's columns are
 * cast to `types` so the bytes are known. Same contract as ResultWriter otherwise.
 */
export interface CopyWriter {
  format: CopyFormat;
  write(fields: readonly FieldMeta[], types: readonly CopyType[], chunks: CopyChunks, sink: Writable,
    info: ResultInfo): Promise<WriteOutcome>;
}
