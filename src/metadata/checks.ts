// Rules a published name or column must follow (ADQL 2.1 §2.1 identifiers, VOTable 1.4 §2.1
// datatypes and arraysize, DALI 1.1 §3.3 xtypes, UCD1+, VOUnit), each returning what is wrong.
import { isReservedWord } from '../adql/reserved.ts';
import type { VotableDatatype, Xtype } from '../formats/types.ts';
import { type UcdVocabulary, ucdProblem } from './ucd.ts';
import { unitProblem } from './vounit.ts';

export const DATATYPES: readonly VotableDatatype[] =
  ['boolean', 'unsignedByte', 'short', 'int', 'long', 'float', 'double', 'char', 'unicodeChar'];
export const XTYPES: readonly Xtype[] =
  ['timestamp', 'interval', 'point', 'circle', 'polygon', 'adql:clob', 'adql:blob', 'adql:region'];

const REGULAR = /^[A-Za-z][A-Za-z0-9_]*$/;
const DELIMITED = /^"([^"]+)"$/;
const ARRAYSIZE = /^(\d+x)*(\d+\*?|\*)$/;

/** The name without delimiters, or a problem. */
export function identifierProblem(name: string): string | undefined {
  const quoted = DELIMITED.exec(name);
  if (quoted) return undefined;
  if (!REGULAR.test(name)) return `"${name}" is not an ADQL regular identifier (delimit it with double quotes)`;
  if (isReservedWord(name)) return `"${name}" is an ADQL reserved word: publish it delimited, as "\\"${name}\\""`;
  return undefined;
}

export const plainName = (name: string): string => DELIMITED.exec(name)?.[1] ?? name;

/** The datatype/arraysize/xtype combination a DALI xtype requires. */
const XTYPE_SHAPE: Partial<Record<Xtype, { datatype: readonly VotableDatatype[]; arraysize: RegExp }>> = {
  point: { datatype: ['double', 'float'], arraysize: /^2$/ },
  circle: { datatype: ['double', 'float'], arraysize: /^3$/ },
  polygon: { datatype: ['double', 'float'], arraysize: /^(\d+)?\*$|^\d+$/ },
  interval: { datatype: ['short', 'int', 'long', 'float', 'double'], arraysize: /^2$/ },
  timestamp: { datatype: ['char', 'unicodeChar'], arraysize: ARRAYSIZE },
  'adql:region': { datatype: ['char', 'unicodeChar'], arraysize: ARRAYSIZE },
};

export interface ColumnTypeDraft {
  datatype: string;
  arraysize?: string;
  xtype?: string;
  unit?: string;
  ucd?: string;
  geometry?: string;
}

export function columnProblems(c: ColumnTypeDraft, vocabulary: UcdVocabulary): string[] {
  const out: string[] = [];
  if (!(DATATYPES as readonly string[]).includes(c.datatype)) out.push(`datatype "${c.datatype}" is not a VOTable datatype`);
  if (c.arraysize !== undefined && !ARRAYSIZE.test(c.arraysize)) out.push(`arraysize "${c.arraysize}" is malformed`);
  if ((c.datatype === 'char' || c.datatype === 'unicodeChar') && c.arraysize === undefined) {
    out.push('strings need an arraysize ("*", "n*" or "n"): TAP 1.1 §4.3');
  }
  if (c.xtype !== undefined) {
    if (!(XTYPES as readonly string[]).includes(c.xtype)) out.push(`xtype "${c.xtype}" is not a DALI/ADQL xtype`);
    const shape = XTYPE_SHAPE[c.xtype as Xtype];
    if (shape && (!shape.datatype.includes(c.datatype as VotableDatatype) || !shape.arraysize.test(c.arraysize ?? ''))) {
      out.push(`xtype ${c.xtype} does not fit datatype ${c.datatype} arraysize ${c.arraysize ?? '(none)'}`);
    }
  }
  if (c.geometry !== undefined) {
    // The twin is a database column name, quoted by the translator: a plain lower-case one.
    if (c.xtype !== 'adql:region') out.push('geometry (a pg_sphere twin column) is for xtype adql:region columns only');
    if (!/^[a-z][a-z0-9_]*$/.test(c.geometry)) out.push(`geometry "${c.geometry}" is not a plain lower-case column name`);
  }
  if (c.unit !== undefined) {
    const p = unitProblem(c.unit);
    if (p) out.push(`unit: ${p}`);
  }
  if (c.ucd !== undefined) {
    const p = ucdProblem(c.ucd, vocabulary);
    if (p) out.push(`ucd "${c.ucd}": ${p}`);
  }
  return out;
}
