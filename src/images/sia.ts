// SIA 2.0 query (SIA 2.0 §2.1, §3): constraints on ivoa.obscore from POS, BAND, TIME, POL, FOV,
// SPATRES, EXPTIME, ID, COLLECTION, FACILITY, INSTRUMENT, DPTYPE, CALIB, TARGET, TIMERES, SPECRP,
// FORMAT; repeated values of one parameter ORed, different parameters ANDed.
import type { ImageLimits } from '../config.ts';
import { usageError } from '../http/errors.ts';
import type { ColumnDescription } from '../metadata/types.ts';
import { parseInterval, parseNumber, type DaliParams } from './params.ts';
import { intersectsSql, parsePos } from './region.ts';
import { datalinkUrlSql, S_REGION_GEOMETRY } from './obscore.ts';

type Constraint = (value: string, p: (v: unknown) => string) => string;

const numericRange = (column: string, what: string): Constraint => (value, p) => {
  const r = parseInterval(value, what);
  return `${column} BETWEEN ${p(r.lo)}::float8 AND ${p(r.hi)}::float8`;
};

/** An interval param matches when [lo, hi] intersects the record's [min, max] (nulls never match). */
const overlapRange = (minColumn: string, maxColumn: string, what: string): Constraint => (value, p) => {
  const r = parseInterval(value, what);
  return `(${minColumn} <= ${p(r.hi)}::float8 AND ${maxColumn} >= ${p(r.lo)}::float8)`;
};

const exact = (column: string): Constraint => (value, p) => `${column} = ${p(value)}`;

const POL_STATES = ['I', 'Q', 'U', 'V', 'RR', 'LL', 'RL', 'LR', 'XX', 'YY', 'XY', 'YX', 'POLI', 'POLA'];

/** Every SIA 2.0 query parameter and the condition one value of it makes. */
export const SIA_CONSTRAINTS: Readonly<Record<string, Constraint>> = {
  POS: (value, p) => {
    const params: unknown[] = [];
    const sql = intersectsSql(S_REGION_GEOMETRY, parsePos(value), params);
    // Renumber the region's placeholders into the query's.
    return sql.replace(/\$(\d+)/g, (_, n: string) => p(params[Number(n) - 1]));
  },
  BAND: overlapRange('em_min', 'em_max', 'BAND'),
  TIME: overlapRange('t_min', 't_max', 'TIME'),
  POL: (value, p) => {
    const state = value.trim();
    if (!POL_STATES.includes(state)) throw usageError(`POL: "${value}" is not a polarization state (${POL_STATES.join(', ')})`);
    return `pol_states LIKE ${p(`%/${state}/%`)}`;
  },
  FOV: numericRange('s_fov', 'FOV'),
  SPATRES: numericRange('s_resolution', 'SPATRES'),
  EXPTIME: numericRange('t_exptime', 'EXPTIME'),
  TIMERES: numericRange('t_resolution', 'TIMERES'),
  SPECRP: numericRange('em_res_power', 'SPECRP'),
  ID: (value, p) => `lower(obs_publisher_did) = lower(${p(value.trim())})`,
  COLLECTION: exact('obs_collection'),
  FACILITY: exact('facility_name'),
  INSTRUMENT: exact('instrument_name'),
  DPTYPE: exact('dataproduct_type'),
  TARGET: exact('target_name'),
  FORMAT: exact('access_format'),
  CALIB: (value, p) => {
    const n = parseNumber(value, 'CALIB');
    if (!Number.isInteger(n)) throw usageError(`CALIB: "${value}" must be an integer calibration level`);
    return `calib_level = ${p(n)}::int4`;
  },
};

export interface SiaQuery {
  sql: string;
  params: unknown[];
  maxrec: number;
}

/** MAXREC: the default when absent, capped at the hard limit; 0 asks for metadata only. */
export function siaMaxrec(params: DaliParams, limits: ImageLimits): number {
  const text = params.single('MAXREC');
  if (text === undefined) return limits.siaMaxrecDefault;
  const n = parseNumber(text, 'MAXREC');
  if (!Number.isInteger(n) || n < 0) throw usageError(`MAXREC: "${text}" must be a non-negative integer`);
  return Math.min(n, limits.siaMaxrecHard);
}

/**
 * The SQL of a SIA query over ivoa.obscore: the published columns in order (s_region as the STC-S
 * text ObsCore 1.1 §4.12 wants, access_url under this request's base URL), maxrec + 1 rows to
 * detect overflow.
 */
export function siaQuery(params: DaliParams, columns: readonly ColumnDescription[], base: string, limits: ImageLimits): SiaQuery {
  const values: unknown[] = [];
  const p = (v: unknown): string => {
    values.push(v);
    return `$${values.length}`;
  };
  const maxrec = siaMaxrec(params, limits);
  const conditions: string[] = [];
  for (const [name, constraint] of Object.entries(SIA_CONSTRAINTS)) {
    const alternatives = params.all(name).map((v) => constraint(v, p));
    if (alternatives.length) conditions.push(alternatives.length === 1 ? alternatives[0] as string : `(${alternatives.join(' OR ')})`);
  }
  const baseParam = p(base);
  const select = columns.map((c) => {
    const name = `"${c.plainName}"`;
    if (c.plainName === 'access_url') return `${datalinkUrlSql(`${baseParam}::text`, 'obs_publisher_did')} AS ${name}`;
    return name;
  });
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const sql = `SELECT ${select.join(', ')} FROM ivoa.obscore${where} ORDER BY obs_publisher_did LIMIT ${maxrec + 1}`;
  return { sql, params: values, maxrec };
}
