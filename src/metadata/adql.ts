// The ADQL validator's view of the metadata (src/adql MetadataProvider): column types as ADQL
// types (ADQL 2.1 §3 / TAP 1.1 §4.3 mapping of VOTable datatypes), positions and the geometry
// twins of STC-S region columns for the spatial index.
import { type ColumnMetadata, type MetadataProvider, type TableMetadata, metadataFromTables } from '../adql/metadata.ts';
import type { AdqlType, AdqlTypeName } from '../adql/types.ts';
import type { TapMetadata } from './catalog.ts';
import type { ColumnDescription, TableDescription } from './types.ts';

const isFixed = (arraysize: string | undefined): boolean => arraysize !== undefined && /^\d+$/.test(arraysize);

/** The ADQL type of a published column. */
export function adqlTypeOf(c: Pick<ColumnDescription, 'datatype' | 'arraysize' | 'xtype'>): AdqlType {
  const sized = (name: AdqlTypeName): AdqlType => (c.arraysize === undefined ? { name } : { name, arraysize: c.arraysize });
  switch (c.xtype) {
    case 'point': return { name: 'POINT' };
    case 'circle': return { name: 'CIRCLE' };
    case 'polygon': return { name: 'POLYGON' };
    case 'adql:region': return { name: 'REGION' };
    case 'timestamp': return { name: 'TIMESTAMP' };
    case 'adql:clob': return { name: 'CLOB' };
    case 'adql:blob': return { name: 'BLOB' };
    case 'interval': case undefined: break;
    default: {
      const never: never = c.xtype;
      return never;
    }
  }
  switch (c.datatype) {
    case 'boolean': return { name: 'BOOLEAN' };
    case 'short': return { name: 'SMALLINT' };
    case 'int': return { name: 'INTEGER' };
    case 'long': return { name: 'BIGINT' };
    case 'float': return { name: 'REAL' };
    case 'double': return { name: 'DOUBLE' };
    case 'char': case 'unicodeChar': return sized(isFixed(c.arraysize) ? 'CHAR' : 'VARCHAR');
    case 'unsignedByte': return c.arraysize === undefined ? { name: 'SMALLINT' } : sized(isFixed(c.arraysize) ? 'BINARY' : 'VARBINARY');
    default: {
      const never: never = c.datatype;
      return never;
    }
  }
}

function columnMetadata(c: ColumnDescription): ColumnMetadata {
  return {
    name: c.plainName, type: adqlTypeOf(c),
    ...(c.unit === undefined ? {} : { unit: c.unit }),
    ...(c.ucd === undefined ? {} : { ucd: c.ucd }),
    ...(c.utype === undefined ? {} : { utype: c.utype }),
    ...(c.xtype === undefined ? {} : { xtype: c.xtype }),
    ...(c.geometry === undefined ? {} : { geometry: c.geometry }),
    description: c.description,
  };
}

// Table descriptions are immutable and shared by every view (visibleTo filters, it does not
// copy them), so their ADQL form is built once: per request it cost a quarter of a small
// query's server CPU (bench/tap.md).
const converted = new WeakMap<TableDescription, TableMetadata>();

export function tableMetadata(t: TableDescription): TableMetadata {
  let m = converted.get(t);
  if (!m) {
    m = convertTable(t);
    converted.set(t, m);
  }
  return m;
}

function convertTable(t: TableDescription): TableMetadata {
  return {
    schema: t.schema, name: t.name, sqlSchema: t.sqlSchema, sqlName: t.sqlName, description: t.description,
    columns: t.columns.map(columnMetadata),
    ...(t.positions.length === 0 ? {} : { positions: t.positions }),
  };
}

/**
 * What the ADQL engine may resolve names against: pass the caller's view
 * (`metadata.visibleTo(caller)`), plus any uploaded tables of the request.
 */
export function adqlMetadata(view: TapMetadata, extra: readonly TableMetadata[] = []): MetadataProvider {
  return metadataFromTables([...view.tables().map(tableMetadata), ...extra]);
}
