// The generator's output contract: table descriptions and row chunks, independent of where
// they are written (CSV files for `hsc-vo ingest`, or straight into COPY).

/** One cell of a generated row. bigint for int8 ids; null is SQL NULL. */
export type Cell = number | bigint | string | boolean | null;

export interface ColumnSpec {
  /** Column name exactly as in the real PDR3 database (lower case). */
  name: string;
  /** PostgreSQL type as written in the DDL in sql/ (e.g. 'int8', 'float8', 'real', 'bool', 'text'). */
  pgType: string;
  unit?: string;
  ucd?: string;
  description: string;
}

/** A column description; unit and UCD only when given. */
export function column(name: string, pgType: string, description: string, unit?: string, ucd?: string): ColumnSpec {
  return {
    name, pgType, description,
    ...(unit === undefined ? {} : { unit }),
    ...(ucd === undefined ? {} : { ucd }),
  };
}

export interface TableSpec {
  schema: string;
  name: string;
  description: string;
  /** The columns the generator writes, in row order. Generated columns (e.g. coord) are not listed. */
  columns: readonly ColumnSpec[];
}

export interface TableChunk {
  table: TableSpec;
  rows: Cell[][];
}

/**
 * A unit of generation work that can be produced alone, in any order, on any worker, with the
 * same result every time (a patch of the catalog, a night of frames...). Ingest loads one unit
 * per transaction, so an interrupted load is re-run without duplicates.
 */
export interface WorkUnit {
  /** Stable key, unique in a dataset, e.g. 'catalog/pdr3_wide/9560/4,4' or 'frames/night/57400'. */
  key: string;
  /** Expected row count for progress bars (an estimate is fine). */
  estimatedRows: number;
  produce(): Iterable<TableChunk>;
}

export function qualifiedName(t: TableSpec): string {
  return `${t.schema}.${t.name}`;
}
