// Which result columns PostgreSQL's COPY output can carry straight into a writer: each FIELD
// maps to the one PostgreSQL type whose COPY bytes (binary) or text the fast writers transcode.
import { arrayShape } from '../fields.ts';
import type { FieldMeta } from '../types.ts';

/** The PostgreSQL type a result column is cast to for COPY (its binary form is fixed by it). */
export type CopyType = 'int2' | 'int4' | 'int8' | 'float4' | 'float8' | 'bool' | 'text';

/** PostgreSQL's COPY serializations the transcoders read. */
export type CopyFormat = 'binary' | 'text';

/** Bytes of a value of each fixed-width type in binary COPY (and in BINARY2 / FITS). */
export const FIXED_WIDTH: Record<Exclude<CopyType, 'text'>, number> = {
  int2: 2, int4: 4, int8: 8, float4: 4, float8: 8, bool: 1,
};

export const isNumericCopyType = (t: CopyType): boolean => t !== 'text' && t !== 'bool';

/**
 * The COPY type of one FIELD, or undefined when its values need the row path: xtypes (timestamps,
 * geometries), arrays, single characters, bounded strings and unicodeChar keep their own encoders.
 */
export function copyType(field: FieldMeta): CopyType | undefined {
  if (field.xtype !== undefined) return undefined;
  const shape = arrayShape(field.arraysize);
  switch (field.datatype) {
    case 'short': return shape.kind === 'scalar' ? 'int2' : undefined;
    case 'int': return shape.kind === 'scalar' ? 'int4' : undefined;
    case 'long': return shape.kind === 'scalar' ? 'int8' : undefined;
    case 'float': return shape.kind === 'scalar' ? 'float4' : undefined;
    case 'double': return shape.kind === 'scalar' ? 'float8' : undefined;
    case 'boolean': return shape.kind === 'scalar' ? 'bool' : undefined;
    case 'char': return shape.kind === 'variable' && shape.max === undefined ? 'text' : undefined;
    case 'unsignedByte':
    case 'unicodeChar':
      return undefined;
    default: {
      const never: never = field.datatype;
      throw new Error(`unknown datatype ${String(never)}`);
    }
  }
}

/** The COPY types of all FIELDs, or undefined when any of them needs the row path. */
export function copyTypes(fields: readonly FieldMeta[]): CopyType[] | undefined {
  const types: CopyType[] = [];
  for (const f of fields) {
    const t = copyType(f);
    if (t === undefined) return undefined;
    types.push(t);
  }
  return types;
}
