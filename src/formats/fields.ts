// Column metadata helpers: unique XML IDs for FIELDs (names may repeat in a join, anchors §2 B13)
// FIELDs from column attributes, and the VOTable arraysize grammar (VOTable 1.4 §2.2) reduced to what writers need.
import type { FieldMeta, VotableDatatype, Xtype } from './types.ts';

export type ArrayShape =
  | { kind: 'scalar' }
  /** Exactly `count` elements ('n', 'AxB'). */
  | { kind: 'fixed'; count: number }
  /** Any count up to `max` ('*', 'n*', 'Ax*'); `max` undefined when unbounded. */
  | { kind: 'variable'; max?: number };

export function arrayShape(arraysize: string | undefined): ArrayShape {
  if (arraysize === undefined || arraysize === '') return { kind: 'scalar' };
  const dims = arraysize.split('x');
  const last = dims[dims.length - 1] ?? '';
  const variable = last.endsWith('*');
  let product = 1;
  for (const [i, dim] of dims.entries()) {
    const text = i === dims.length - 1 && variable ? dim.slice(0, -1) : dim;
    if (text === '') {
      if (i === dims.length - 1 && variable) return { kind: 'variable' };
      throw new Error(`invalid arraysize '${arraysize}'`);
    }
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`invalid arraysize '${arraysize}'`);
    product *= n;
  }
  return variable ? { kind: 'variable', max: product } : { kind: 'fixed', count: product };
}

/**
 * XML-ID-safe, unique IDs for column names, in order: the name with characters outside
 * [A-Za-z0-9_.-] replaced by '_', prefixed when it does not start with a letter or '_', and a
 * numeric suffix when an ID (compared without case, since clients do) is already taken.
 */
export function fieldIds(names: readonly string[]): string[] {
  return deduplicate(names.map((name) => {
    const base = name.replace(/[^A-Za-z0-9_.-]/g, '_');
    return /^[A-Za-z_]/.test(base) ? base : 'col_' + base;
  }));
}

/** FIELD attributes as a column description gives them; absent ones stay absent. */
export interface FieldAttributes {
  datatype: VotableDatatype;
  arraysize?: string | undefined;
  xtype?: Xtype | undefined;
  unit?: string | undefined;
  ucd?: string | undefined;
  utype?: string | undefined;
  description?: string | undefined;
}

const OPTIONAL_ATTRIBUTES = ['arraysize', 'xtype', 'unit', 'ucd', 'utype', 'description'] as const;

/** FIELDs named `names[i]` with the attributes `attributes[i]` and unique XML IDs. */
export function fieldsNamed(names: readonly string[], attributes: readonly FieldAttributes[]): FieldMeta[] {
  const ids = fieldIds(names);
  return names.map((name, i) => {
    const a = attributes[i] as FieldAttributes;
    // Only the FIELD attributes (a column description carries more), and only those present.
    const present = OPTIONAL_ATTRIBUTES.flatMap((key) => (a[key] === undefined ? [] : [[key, a[key]]]));
    return { name, id: ids[i] ?? name, datatype: a.datatype, ...Object.fromEntries(present) } as FieldMeta;
  });
}

/** Names made unique without regard to case (SQLite columns), the first of each kept as is. */
export function uniqueNames(names: readonly string[]): string[] {
  return deduplicate(names.map((name) => (name === '' ? 'col' : name)));
}

function deduplicate(candidates: readonly string[]): string[] {
  const taken = new Set<string>();
  return candidates.map((base) => {
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

export const isFloating = (f: FieldMeta): boolean => f.datatype === 'float' || f.datatype === 'double';
