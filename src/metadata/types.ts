// Typed table metadata of the published schemas (TAP 1.1 §4, VODataService 1.2 §3.5): what
// vo-resources/ says, after validation. TAP_SCHEMA, VOSI tables, the ADQL validator and the
// VOTable FIELDs of results are all derived from these values.
import type { VotableDatatype, Xtype } from '../formats/types.ts';

/** Who may see a schema or table: everyone, or the members of one data release (CoI access). */
export type AccessTag =
  | { readonly kind: 'public' }
  | { readonly kind: 'restricted'; readonly release: string };

export interface ColumnDescription {
  /** The name as published (TAP_SCHEMA.columns.column_name): delimited with quotes when it must be. */
  readonly name: string;
  /** The same name without delimiters, as the ADQL engine and the database know it. */
  readonly plainName: string;
  readonly datatype: VotableDatatype;
  readonly arraysize?: string;
  readonly xtype?: Xtype;
  readonly unit?: string;
  readonly ucd?: string;
  readonly utype?: string;
  readonly description: string;
  /**
   * For an STC-S (xtype adql:region) column: the unpublished pg_sphere column beside it holding
   * the same shape with a spatial index (see adql/metadata.ts ColumnMetadata.geometry).
   */
  readonly geometry?: string;
  readonly principal: boolean;
  readonly indexed: boolean;
  readonly std: boolean;
  /** 1-based position in the table, for TAP_SCHEMA.columns.column_index. */
  readonly columnIndex: number;
}

/** A pg_sphere spoint column mirroring two plain lon/lat columns (see adql/metadata.ts PositionColumn). */
export interface PositionDescription {
  readonly point: string;
  readonly lon: string;
  readonly lat: string;
}

export interface ForeignKeyDescription {
  /** Unique in the whole metadata, e.g. "pdr3_wide.masks-forced". */
  readonly id: string;
  /** Qualified table names. */
  readonly fromTable: string;
  readonly targetTable: string;
  readonly columns: readonly { readonly from: string; readonly target: string }[];
  readonly description?: string;
  readonly utype?: string;
}

export type TableType = 'table' | 'view';

export interface TableDescription {
  /** ADQL schema name (e.g. pdr3_wide, TAP_SCHEMA). */
  readonly schema: string;
  /** Table name without the schema. */
  readonly name: string;
  /** schema.name, as in TAP_SCHEMA.tables.table_name. */
  readonly qualifiedName: string;
  /** Where the table lives in PostgreSQL. */
  readonly sqlSchema: string;
  readonly sqlName: string;
  readonly type: TableType;
  readonly description: string;
  readonly utype?: string;
  readonly columns: readonly ColumnDescription[];
  readonly foreignKeys: readonly ForeignKeyDescription[];
  readonly positions: readonly PositionDescription[];
  readonly access: AccessTag;
  /** 1-based display order across the service, for TAP_SCHEMA.tables.table_index. */
  readonly tableIndex: number;
}

export interface SchemaDescription {
  readonly name: string;
  readonly sqlName: string;
  readonly description: string;
  readonly utype?: string;
  readonly access: AccessTag;
  readonly tables: readonly TableDescription[];
  /** 1-based display order, for TAP_SCHEMA.schemas.schema_index. */
  readonly schemaIndex: number;
}
