// The FIELDs of an uploaded VOTable (VOTable 1.4 §4.1, §2.1-2.2): datatype, arraysize, the
// VALUES null of integer columns, and the element counts the readers need.
import { UploadFormatError } from './errors.ts';
import { arrayShape as parseArraysize, type ArrayShape } from '../../formats/fields.ts';

export const VOTABLE_DATATYPES = [
  'boolean', 'bit', 'unsignedByte', 'short', 'int', 'long', 'char', 'unicodeChar',
  'float', 'double', 'floatComplex', 'doubleComplex',
] as const;
export type VotablePrimitive = (typeof VOTABLE_DATATYPES)[number];

export type { ArrayShape };

export interface UploadField {
  /** FIELD name: the column's ADQL name (delimited in queries when it is not a regular identifier). */
  name: string;
  datatype: VotablePrimitive;
  arraysize: string | undefined;
  shape: ArrayShape;
  unit: string | undefined;
  ucd: string | undefined;
  utype: string | undefined;
  xtype: string | undefined;
  description: string | undefined;
  /** VALUES null: the magic value standing for null (integers, VOTable 1.4 §4.3). */
  nullValue: string | undefined;
}

const isDatatype = (value: string): value is VotablePrimitive => (VOTABLE_DATATYPES as readonly string[]).includes(value);

/** Parses `arraysize` ("*", "12", "8*", "3x4", "2x*") with the writers' grammar; a bad one is the upload's fault. */
export function arrayShape(arraysize: string | undefined, where: string): ArrayShape {
  try {
    return parseArraysize(arraysize?.trim());
  } catch {
    throw new UploadFormatError(`${where}: arraysize "${arraysize}" is not a VOTable array size`);
  }
}

/** A FIELD from its attributes (local names, as the XML scanner gives them). */
export function uploadField(attributes: ReadonlyMap<string, string>, index: number): UploadField {
  const name = attributes.get('name');
  const where = `FIELD ${index + 1}${name ? ` (${name})` : ''}`;
  if (name === undefined || name.trim() === '') throw new UploadFormatError(`${where} has no name`);
  const datatype = attributes.get('datatype');
  if (datatype === undefined) throw new UploadFormatError(`${where} has no datatype`);
  if (!isDatatype(datatype)) throw new UploadFormatError(`${where}: datatype "${datatype}" is not a VOTable datatype`);
  const arraysize = attributes.get('arraysize');
  return {
    name, datatype, arraysize, shape: arrayShape(arraysize, where),
    unit: attributes.get('unit'), ucd: attributes.get('ucd'), utype: attributes.get('utype'), xtype: attributes.get('xtype'),
    description: undefined, nullValue: undefined,
  };
}

/** Bytes of one element in the BINARY serialization (VOTable 1.4 §5.4); bit arrays are packed. */
export function elementBytes(datatype: VotablePrimitive): number {
  switch (datatype) {
    case 'boolean': case 'unsignedByte': case 'char': case 'bit': return 1;
    case 'short': case 'unicodeChar': return 2;
    case 'int': case 'float': return 4;
    case 'long': case 'double': case 'floatComplex': return 8;
    case 'doubleComplex': return 16;
    default: {
      const unreachable: never = datatype;
      return unreachable;
    }
  }
}
