// The functions the engine knows: ADQL 2.1 built-ins (§2.3 math/trig, §4 optional ones) and the
// user-defined functions (§4.3), each a signature, an SQL template and a description.
import type { FeatureForm } from './features.ts';
import type { AdqlTypeName } from './types.ts';

/** What an argument must be; the last entry repeats for variadic functions. */
export type ArgumentKind = 'numeric' | 'string' | 'geometry' | 'point' | 'any' | 'stringLiteral' | 'integerLiteral';

/** The result type: a fixed one, or that of the first argument (ABS, COALESCE...). */
export type ResultRule = AdqlTypeName | 'firstArgument';

export interface BuiltinFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly args: readonly ArgumentKind[];
  readonly returns: ResultRule;
  /** The optional feature it belongs to, or null for the mandatory core. */
  readonly feature: FeatureForm | null;
}

const math = (minArgs: number, maxArgs: number, returns: ResultRule = 'DOUBLE', args: readonly ArgumentKind[] = ['numeric']): BuiltinFunction =>
  ({ minArgs, maxArgs, args, returns, feature: null });
const geometryFunction = (feature: FeatureForm, minArgs: number, maxArgs: number, args: readonly ArgumentKind[], returns: ResultRule): BuiltinFunction =>
  ({ minArgs, maxArgs, args, returns, feature });

export const BUILTIN_FUNCTIONS = {
  ABS: math(1, 1, 'firstArgument'),
  ACOS: math(1, 1), ASIN: math(1, 1), ATAN: math(1, 1), ATAN2: math(2, 2), COS: math(1, 1), COT: math(1, 1),
  SIN: math(1, 1), TAN: math(1, 1),
  CEILING: math(1, 1), FLOOR: math(1, 1), DEGREES: math(1, 1), RADIANS: math(1, 1), EXP: math(1, 1),
  LOG: math(1, 1), LOG10: math(1, 1), SQRT: math(1, 1), POWER: math(2, 2), MOD: math(2, 2, 'firstArgument'),
  PI: math(0, 0), RAND: math(0, 1, 'DOUBLE', ['integerLiteral']),
  ROUND: math(1, 2, 'DOUBLE', ['numeric', 'integerLiteral']),
  TRUNCATE: math(1, 2, 'DOUBLE', ['numeric', 'integerLiteral']),
  LOWER: { minArgs: 1, maxArgs: 1, args: ['string'], returns: 'VARCHAR', feature: 'LOWER' },
  UPPER: { minArgs: 1, maxArgs: 1, args: ['string'], returns: 'VARCHAR', feature: 'UPPER' },
  COALESCE: { minArgs: 1, maxArgs: Infinity, args: ['any'], returns: 'firstArgument', feature: 'COALESCE' },
  NULLIF: { minArgs: 2, maxArgs: 2, args: ['any'], returns: 'firstArgument', feature: 'NULLIF' },
  IN_UNIT: { minArgs: 2, maxArgs: 2, args: ['numeric', 'stringLiteral'], returns: 'DOUBLE', feature: 'IN_UNIT' },
  CONTAINS: geometryFunction('CONTAINS', 2, 2, ['geometry'], 'INTEGER'),
  INTERSECTS: geometryFunction('INTERSECTS', 2, 2, ['geometry'], 'INTEGER'),
  DISTANCE: geometryFunction('DISTANCE', 2, 4, ['point'], 'DOUBLE'),
  AREA: geometryFunction('AREA', 1, 1, ['geometry'], 'DOUBLE'),
  CENTROID: geometryFunction('CENTROID', 1, 1, ['geometry'], 'POINT'),
  COORD1: geometryFunction('COORD1', 1, 1, ['point'], 'DOUBLE'),
  COORD2: geometryFunction('COORD2', 1, 1, ['point'], 'DOUBLE'),
  COORDSYS: geometryFunction('COORDSYS', 1, 1, ['geometry'], 'VARCHAR'),
} as const satisfies Record<string, BuiltinFunction>;

export type BuiltinFunctionName = keyof typeof BUILTIN_FUNCTIONS;

export function builtinFunction(upperName: string): BuiltinFunction | undefined {
  return Object.hasOwn(BUILTIN_FUNCTIONS, upperName) ? BUILTIN_FUNCTIONS[upperName as BuiltinFunctionName] : undefined;
}

/** A UDF parameter or result type, as written in a TAPRegExt form ("order INTEGER"). */
export interface UdfParameter {
  readonly name: string;
  readonly type: AdqlTypeName;
}

/** What the parser needs to know of a UDF: its name and arguments. */
export interface FunctionSignature {
  readonly name: string;
  readonly params: readonly UdfParameter[];
  readonly returns: AdqlTypeName;
}

/**
 * A user-defined function: its signature, the SQL it becomes ({0}, {1}... are the translated
 * arguments, already in pg_sphere form for geometry) and the description for /capabilities.
 */
export interface UserDefinedFunction extends FunctionSignature {
  readonly sql: string;
  readonly description: string;
  readonly unit?: string;
  readonly ucd?: string;
}

const param = (name: string, type: AdqlTypeName): UdfParameter => ({ name, type });

export const USER_DEFINED_FUNCTIONS: readonly UserDefinedFunction[] = [
  {
    name: 'ivo_healpix_index', params: [param('hpxOrder', 'INTEGER'), param('ra', 'DOUBLE'), param('dec', 'DOUBLE')], returns: 'BIGINT',
    sql: 'healpix_nest(({0})::integer, spoint(radians({1}), radians({2})))',
    description: 'HEALPix NESTED index at the given order of the position (ra, dec) in degrees.', ucd: 'pos.healpix',
  },
  {
    name: 'ivo_healpix_index', params: [param('hpxOrder', 'INTEGER'), param('p', 'POINT')], returns: 'BIGINT',
    sql: 'healpix_nest(({0})::integer, {1})',
    description: 'HEALPix NESTED index at the given order of a point.', ucd: 'pos.healpix',
  },
  {
    name: 'ivo_healpix_center', params: [param('hpxOrder', 'INTEGER'), param('hpxIndex', 'BIGINT')], returns: 'POINT',
    sql: 'center_of_healpix_nest(({0})::integer, ({1})::bigint)',
    description: 'Centre of the HEALPix NESTED pixel of the given order and index.',
  },
  {
    name: 'gavo_ipix', params: [param('ra', 'DOUBLE'), param('dec', 'DOUBLE')], returns: 'BIGINT',
    sql: 'healpix_nest(29, spoint(radians({0}), radians({1})))',
    description: 'HEALPix NESTED index at order 29 (about 0.4 mas pixels) of (ra, dec) in degrees; prefixes of it give coarser orders.',
  },
  {
    name: 'ivo_nocasematch', params: [param('value', 'VARCHAR'), param('pattern', 'VARCHAR')], returns: 'INTEGER',
    sql: 'CASE WHEN ({0}) ILIKE ({1}) THEN 1 ELSE 0 END',
    description: '1 if value matches the LIKE pattern ignoring case, else 0.',
  },
  {
    name: 'ivo_hasword', params: [param('haystack', 'VARCHAR'), param('needle', 'VARCHAR')], returns: 'INTEGER',
    sql: "CASE WHEN to_tsvector('simple', {0}) @@ plainto_tsquery('simple', {1}) THEN 1 ELSE 0 END",
    description: '1 if needle occurs as a word in haystack (case-insensitive), else 0.',
  },
  {
    name: 'ivo_interval_overlaps', params: [param('l1', 'DOUBLE'), param('h1', 'DOUBLE'), param('l2', 'DOUBLE'), param('h2', 'DOUBLE')], returns: 'INTEGER',
    sql: 'CASE WHEN ({0}) <= ({3}) AND ({2}) <= ({1}) THEN 1 ELSE 0 END',
    description: '1 if the closed intervals [l1, h1] and [l2, h2] overlap, else 0.',
  },
  {
    name: 'ivo_to_mjd', params: [param('t', 'TIMESTAMP')], returns: 'DOUBLE',
    sql: "(extract(epoch from ({0})) / 86400.0 + 40587.0)::double precision",
    description: 'Modified Julian Date of a timestamp.', unit: 'd', ucd: 'time.epoch',
  },
  {
    name: 'gavo_match', params: [param('pattern', 'VARCHAR'), param('value', 'VARCHAR')], returns: 'INTEGER',
    sql: 'CASE WHEN ({1}) ~ ({0}) THEN 1 ELSE 0 END',
    description: '1 if value matches the POSIX regular expression pattern, else 0.',
  },
  {
    name: 'coneSearch', params: [param('coord', 'POINT'), param('ra', 'DOUBLE'), param('dec', 'DOUBLE'), param('radiusArcsec', 'DOUBLE')], returns: 'BOOLEAN',
    sql: '({0} <@ scircle(spoint(radians({1}), radians({2})), radians(({3}) / 3600.0)))',
    description: 'HSC archive habit: true when coord lies within radiusArcsec of (ra, dec) in degrees; usable alone in WHERE; uses the spatial index.',
  },
  {
    name: 'boxSearch', params: [param('coord', 'POINT'), param('ra1', 'DOUBLE'), param('ra2', 'DOUBLE'), param('dec1', 'DOUBLE'), param('dec2', 'DOUBLE')], returns: 'BOOLEAN',
    sql: '({0} <@ sbox(spoint(radians({1}), radians({3})), spoint(radians({2}), radians({4}))))',
    description: 'HSC archive habit: true when coord lies in the ra1..ra2, dec1..dec2 box (degrees, RA from ra1 eastwards to ra2); usable alone in WHERE; uses the spatial index.',
  },
];

/** The TAPRegExt form of a UDF: "name(arg TYPE, ...) -> TYPE" (TAPRegExt 1.0 §2.3). */
export function udfForm(fn: FunctionSignature): string {
  return `${fn.name}(${fn.params.map((p) => `${p.name} ${p.type}`).join(', ')}) -> ${fn.returns}`;
}

const FORM = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*\((.*)\)\s*->\s*(.+?)\s*$/s;
const TYPE_WORDS: Readonly<Record<string, AdqlTypeName>> = {
  SMALLINT: 'SMALLINT', INTEGER: 'INTEGER', INT: 'INTEGER', BIGINT: 'BIGINT', REAL: 'REAL', FLOAT: 'REAL', DOUBLE: 'DOUBLE',
  'DOUBLE PRECISION': 'DOUBLE', CHAR: 'CHAR', VARCHAR: 'VARCHAR', TEXT: 'VARCHAR', CLOB: 'CLOB', TIMESTAMP: 'TIMESTAMP',
  POINT: 'POINT', CIRCLE: 'CIRCLE', POLYGON: 'POLYGON', REGION: 'REGION', BOOLEAN: 'BOOLEAN',
};

function typeFromWords(words: string): AdqlTypeName | undefined {
  return TYPE_WORDS[words.replace(/\(.*\)/, '').replace(/\[\]$/, '').trim().toUpperCase().replace(/\s+/g, ' ')];
}

/** Reads a TAPRegExt UDF form back into a signature; undefined when it is not one. */
export function parseUdfForm(form: string): FunctionSignature | undefined {
  const match = FORM.exec(form);
  if (!match) return undefined;
  const [, name = '', paramText = '', resultText = ''] = match;
  const returns = typeFromWords(resultText);
  if (!returns) return undefined;
  const params: UdfParameter[] = [];
  for (const part of paramText.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const space = part.search(/\s/);
    const type = space < 0 ? undefined : typeFromWords(part.slice(space + 1));
    if (!type) return undefined;
    params.push({ name: part.slice(0, space), type });
  }
  return { name, params, returns };
}
