// ADQL value types and their VOTable serialisation (ADQL 2.1 §3, DALI 1.1 §3 xtypes).

export type AdqlTypeName =
  | 'SMALLINT' | 'INTEGER' | 'BIGINT' | 'REAL' | 'DOUBLE'
  | 'CHAR' | 'VARCHAR' | 'CLOB' | 'TIMESTAMP'
  | 'BINARY' | 'VARBINARY' | 'BLOB'
  | 'POINT' | 'CIRCLE' | 'POLYGON' | 'REGION'
  | 'BOOLEAN'
  /** The type of a bare NULL: fits wherever any type does. */
  | 'NULL';

/** A type with its optional TAP_SCHEMA arraysize ("30", "30*", "*"). */
export interface AdqlType {
  readonly name: AdqlTypeName;
  readonly arraysize?: string;
}

export type TypeCategory = 'numeric' | 'string' | 'geometry' | 'timestamp' | 'binary' | 'boolean' | 'null';

const INTEGER_RANK: Partial<Record<AdqlTypeName, number>> = { SMALLINT: 1, INTEGER: 2, BIGINT: 3, REAL: 4, DOUBLE: 5 };

export function categoryOf(name: AdqlTypeName): TypeCategory {
  switch (name) {
    case 'SMALLINT': case 'INTEGER': case 'BIGINT': case 'REAL': case 'DOUBLE': return 'numeric';
    case 'CHAR': case 'VARCHAR': case 'CLOB': return 'string';
    case 'POINT': case 'CIRCLE': case 'POLYGON': case 'REGION': return 'geometry';
    case 'TIMESTAMP': return 'timestamp';
    case 'BINARY': case 'VARBINARY': case 'BLOB': return 'binary';
    case 'BOOLEAN': return 'boolean';
    case 'NULL': return 'null';
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}

export const isInteger = (name: AdqlTypeName): boolean => name === 'SMALLINT' || name === 'INTEGER' || name === 'BIGINT';

/** The result type of arithmetic on two numeric types (SQL's implicit widening). */
export function widerNumeric(a: AdqlTypeName, b: AdqlTypeName): AdqlTypeName {
  if (a === 'NULL') return b;
  if (b === 'NULL') return a;
  const ra = INTEGER_RANK[a] ?? 5;
  const rb = INTEGER_RANK[b] ?? 5;
  return ra >= rb ? a : b;
}

/** How a value of this type is written in a VOTable FIELD (ADQL 2.1 §3, TAP 1.1 §2.7.2). */
export interface VotableType {
  readonly datatype: 'boolean' | 'unsignedByte' | 'short' | 'int' | 'long' | 'float' | 'double' | 'char';
  readonly arraysize?: string;
  readonly xtype?: string;
}

export function votableTypeOf(type: AdqlType): VotableType {
  const size = type.arraysize;
  switch (type.name) {
    case 'SMALLINT': return { datatype: 'short' };
    case 'INTEGER': return { datatype: 'int' };
    case 'BIGINT': return { datatype: 'long' };
    case 'REAL': return { datatype: 'float' };
    case 'DOUBLE': return { datatype: 'double' };
    // One character has no arraysize: arraysize="1" is deprecated (VOTable 1.3 Erratum 3, taplint W-YAR1).
    case 'CHAR': return size === '1' ? { datatype: 'char' } : { datatype: 'char', arraysize: size ?? '*' };
    case 'VARCHAR': return { datatype: 'char', arraysize: size ?? '*' };
    case 'CLOB': return { datatype: 'char', arraysize: '*', xtype: 'adql:clob' };
    case 'TIMESTAMP': return { datatype: 'char', arraysize: '*', xtype: 'timestamp' };
    case 'BINARY': return { datatype: 'unsignedByte', arraysize: size ?? '*' };
    case 'VARBINARY': return { datatype: 'unsignedByte', arraysize: size ?? '*' };
    case 'BLOB': return { datatype: 'unsignedByte', arraysize: '*', xtype: 'adql:blob' };
    case 'POINT': return { datatype: 'double', arraysize: '2', xtype: 'point' };
    case 'CIRCLE': return { datatype: 'double', arraysize: '3', xtype: 'circle' };
    case 'POLYGON': return { datatype: 'double', arraysize: '*', xtype: 'polygon' };
    // STC-S text (ObsCore 1.1 §4.12, TAP 1.1 §4.3): DALI has no array form for a general region.
    case 'REGION': return { datatype: 'char', arraysize: '*', xtype: 'adql:region' };
    case 'BOOLEAN': return { datatype: 'boolean' };
    case 'NULL': return { datatype: 'char', arraysize: '*' };
    default: {
      const unreachable: never = type.name;
      return unreachable;
    }
  }
}
