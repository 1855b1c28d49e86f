// What the engine needs to know of the tables a caller may query (TAP 1.1 §4 TAP_SCHEMA content):
// the TAP layer fills it, already filtered to what the caller is allowed to see.
import type { AdqlType } from './types.ts';

export interface ColumnMetadata {
  /** The column's ADQL name as published in TAP_SCHEMA.columns (without quotes). */
  readonly name: string;
  readonly type: AdqlType;
  readonly unit?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly xtype?: string;
  readonly description?: string;
  /** The database column when it is not spelt like `name`. */
  readonly sqlName?: string;
  /**
   * For a REGION column stored as STC-S text (ObsCore s_region): the database column holding the
   * same shape as a pg_sphere value (spoly), with its GiST index. Every use of the column as a
   * geometry (CONTAINS, INTERSECTS, AREA, CENTROID...) reads this twin; selecting the column
   * returns the text.
   */
  readonly geometry?: string;
}

/**
 * An indexed pg_sphere spoint column holding spoint(radians(lon), radians(lat)) of two plain
 * columns: POINT(lon, lat) on this table becomes that column so the GiST index is used.
 */
export interface PositionColumn {
  /** The database name of the spoint column. */
  readonly point: string;
  /** ADQL names of the longitude and latitude columns (degrees). */
  readonly lon: string;
  readonly lat: string;
}

export interface TableMetadata {
  /** ADQL schema name (TAP_UPLOAD for uploaded tables). */
  readonly schema: string;
  /** ADQL table name without the schema. */
  readonly name: string;
  readonly sqlSchema?: string;
  readonly sqlName?: string;
  readonly description?: string;
  readonly columns: readonly ColumnMetadata[];
  readonly positions?: readonly PositionColumn[];
}

/** The tables visible to one caller; the engine never sees the others. */
export interface MetadataProvider {
  /** Visible tables with this name (any schema), compared case-insensitively. */
  findTables(name: string): readonly TableMetadata[];
  /** All visible tables, for "did you mean" suggestions. */
  allTables(): Iterable<TableMetadata>;
}

/** A provider over a fixed list of tables (the caller filters the list by rights beforehand). */
export function metadataFromTables(tables: readonly TableMetadata[]): MetadataProvider {
  const byName = new Map<string, TableMetadata[]>();
  for (const table of tables) {
    const key = table.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), table]);
  }
  return {
    findTables: (name) => byName.get(name.toLowerCase()) ?? [],
    allTables: () => tables,
  };
}

export const UPLOAD_SCHEMA = 'TAP_UPLOAD';
