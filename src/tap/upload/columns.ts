// How an uploaded FIELD becomes a database column and an ADQL column (TAP 1.1 §2.7.6, DALI 1.1
// §3.3, ADQL 2.1 §3): PostgreSQL type, ADQL type, xtype kept for timestamp/point/circle/polygon,
// and each cell as COPY text (geometry in pg_sphere's radians, timestamps in DALI form).
import type { AdqlType, ColumnMetadata } from '../../adql/index.ts';
import type { VotableDatatype, Xtype } from '../../formats/types.ts';
import { adqlTypeOf } from '../../metadata/adql.ts';
import { UploadFormatError } from './errors.ts';
import type { UploadField } from './fields.ts';
import type { VotableCell } from './tabledata.ts';

export type ColumnKind =
  | 'boolean' | 'smallint' | 'integer' | 'bigint' | 'real' | 'double'
  | 'text' | 'timestamp' | 'point' | 'circle' | 'polygon' | 'bytea';

export interface UploadColumn {
  field: UploadField;
  kind: ColumnKind;
  /** The database column name (quoted in SQL). */
  sqlName: string;
}

const SQL_TYPE: Record<ColumnKind, string> = {
  boolean: 'boolean', smallint: 'smallint', integer: 'integer', bigint: 'bigint', real: 'real',
  double: 'double precision', text: 'text', timestamp: 'timestamp', point: 'spoint', circle: 'scircle',
  polygon: 'spoly', bytea: 'bytea',
};

export const sqlTypeOf = (kind: ColumnKind): string => SQL_TYPE[kind];

const GEOMETRY: Record<string, ColumnKind | undefined> = { point: 'point', circle: 'circle', polygon: 'polygon' };
const isTimestampXtype = (xtype: string | undefined): boolean => xtype === 'timestamp' || xtype?.toLowerCase() === 'adql:timestamp';

/** The column kind of a FIELD, or a usage error naming the FIELD when this service cannot hold it. */
export function columnKind(field: UploadField): ColumnKind {
  const { datatype, shape } = field;
  const scalar = shape.kind === 'scalar';
  const oneDimensional = field.arraysize === undefined || !field.arraysize.includes('x');
  const refuse = (what: string): never => {
    throw new UploadFormatError(`column ${field.name}: ${what} cannot be uploaded to this service`);
  };
  switch (datatype) {
    case 'char': case 'unicodeChar':
      if (!oneDimensional) return refuse(`a ${field.arraysize} array of strings`);
      return isTimestampXtype(field.xtype) ? 'timestamp' : 'text';
    case 'boolean': return scalar ? 'boolean' : refuse('a boolean array');
    case 'unsignedByte': return scalar ? 'smallint' : oneDimensional ? 'bytea' : refuse('a multi-dimensional byte array');
    case 'short': return scalar ? 'smallint' : refuse('a short array');
    case 'int': return scalar ? 'integer' : refuse('an int array');
    case 'long': return scalar ? 'bigint' : refuse('a long array');
    case 'float': case 'double': {
      if (scalar) return datatype === 'float' ? 'real' : 'double';
      const geometry = GEOMETRY[field.xtype?.toLowerCase() ?? ''];
      return geometry ?? refuse(`a ${datatype} array without xtype point, circle or polygon`);
    }
    case 'bit': case 'floatComplex': case 'doubleComplex': return refuse(`datatype ${datatype}`);
    default: {
      const unreachable: never = datatype;
      return unreachable;
    }
  }
}

const KEPT_XTYPE: Partial<Record<ColumnKind, Xtype>> = { timestamp: 'timestamp', point: 'point', circle: 'circle', polygon: 'polygon' };

/** The datatype a column of this kind is published with (bit and complex types never get here). */
function publishedDatatype(column: UploadColumn): VotableDatatype {
  const { datatype } = column.field;
  if (datatype === 'bit' || datatype === 'floatComplex' || datatype === 'doubleComplex') throw new Error(`no column kind for ${datatype}`);
  return datatype;
}

/** The ADQL type, by the same VOTable-to-ADQL mapping as the published tables (TAP 1.1 §4.3). */
function adqlType(column: UploadColumn): AdqlType {
  const xtype = KEPT_XTYPE[column.kind];
  const { arraysize } = column.field;
  return adqlTypeOf({
    datatype: publishedDatatype(column),
    ...(arraysize === undefined || xtype !== undefined ? {} : { arraysize }),
    ...(xtype ? { xtype } : {}),
  });
}

/** What the ADQL engine knows of the column: the FIELD's name, unit, UCD, utype and description. */
export function columnMetadata(column: UploadColumn): ColumnMetadata {
  const { field } = column;
  const xtype = KEPT_XTYPE[column.kind];
  return {
    name: field.name, type: adqlType(column), sqlName: column.sqlName,
    ...(field.unit ? { unit: field.unit } : {}),
    ...(field.ucd ? { ucd: field.ucd } : {}),
    ...(field.utype ? { utype: field.utype } : {}),
    ...(xtype ? { xtype } : {}),
    ...(field.description ? { description: field.description } : {}),
  };
}

/**
 * Database names for the FIELDs: the FIELD name itself when PostgreSQL can hold it (at most 63
 * bytes, no NUL), else c<n>. Two FIELDs with the same name are a usage error, as ADQL could not
 * tell them apart.
 */
export function uploadColumns(fields: readonly UploadField[]): UploadColumn[] {
  const usable = (name: string): boolean => Buffer.byteLength(name) <= 63 && !name.includes('\u0000');
  const taken = new Set<string>();
  for (const field of fields) {
    if (taken.has(field.name)) throw new UploadFormatError(`two FIELDs are named ${field.name}`);
    taken.add(field.name);
  }
  let n = 0;
  const generated = (): string => {
    do n += 1; while (taken.has(`c${n}`));
    taken.add(`c${n}`);
    return `c${n}`;
  };
  return fields.map((field) => ({ field, kind: columnKind(field), sqlName: usable(field.name) ? field.name : generated() }));
}

// ---- COPY text (PostgreSQL COPY ... FROM STDIN, text format) ----------------------------------

const escapeCopy = (text: string): string => text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));

const RADIANS = Math.PI / 180;
const DALI_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?Z?$/;

function numbers(cell: VotableCell, what: string): readonly number[] {
  if (!Array.isArray(cell) || cell.some((v) => typeof v !== 'number')) throw new Error(`${what} must be numbers`);
  return cell as readonly number[];
}

/** spoint text in radians: "(lon, lat)". */
function spoint(lon: number, lat: number): string {
  if (!(Math.abs(lat) <= 90) || !Number.isFinite(lon)) throw new Error(`(${lon}, ${lat}) is not a position in degrees`);
  return `(${lon * RADIANS}, ${lat * RADIANS})`;
}

/** The COPY text of a non-null cell (without escaping); null when the cell stands for null (NaN geometry). */
function cellText(kind: ColumnKind, cell: Exclude<VotableCell, null>): string | null {
  switch (kind) {
    case 'boolean': return cell === true ? 't' : 'f';
    case 'smallint': case 'integer': case 'bigint': case 'real': case 'double': return String(cell);
    case 'text': return String(cell).replace(/\u0000/g, '');
    case 'timestamp': {
      const text = String(cell).trim();
      // BINARY has no null for strings: an empty timestamp is one.
      if (text === '') return null;
      if (!DALI_TIMESTAMP.test(text)) throw new Error(`"${text.slice(0, 40)}" is not a DALI timestamp (YYYY-MM-DD['T'hh:mm:ss[.SSS]])`);
      return text.replace(/Z$/, '');
    }
    case 'point': {
      const [lon, lat, ...rest] = numbers(cell, 'a point');
      if (lon === undefined || lat === undefined || rest.length > 0) throw new Error('a point has 2 numbers');
      return Number.isNaN(lon) || Number.isNaN(lat) ? null : spoint(lon, lat);
    }
    case 'circle': {
      const [lon, lat, radius, ...rest] = numbers(cell, 'a circle');
      if (lon === undefined || lat === undefined || radius === undefined || rest.length > 0) throw new Error('a circle has 3 numbers');
      if ([lon, lat, radius].some(Number.isNaN)) return null;
      return `<${spoint(lon, lat)}, ${radius * RADIANS}>`;
    }
    case 'polygon': {
      const values = numbers(cell, 'a polygon');
      if (values.length === 0 || values.some(Number.isNaN)) return null;
      if (values.length % 2 !== 0 || values.length < 6) throw new Error('a polygon has at least 3 vertices (6 numbers)');
      const vertices: string[] = [];
      for (let i = 0; i < values.length; i += 2) vertices.push(spoint(values[i] ?? NaN, values[i + 1] ?? NaN));
      return `{${vertices.join(', ')}}`;
    }
    case 'bytea': return `\\x${Buffer.from(numbers(cell, 'bytes')).toString('hex')}`;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** One row as a line of COPY text; a bad value throws an Error naming the column. */
export function copyLine(columns: readonly UploadColumn[], row: readonly VotableCell[]): string {
  const cells = columns.map((column, i) => {
    const cell = row[i] ?? null;
    if (cell === null) return '\\N';
    try {
      const text = cellText(column.kind, cell);
      return text === null ? '\\N' : escapeCopy(text);
    } catch (err) {
      throw new UploadFormatError(`column ${column.field.name}: ${(err as Error).message}`);
    }
  });
  return `${cells.join('\t')}\n`;
}
