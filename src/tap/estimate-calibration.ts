// How fast this server turns planner cost into seconds, for /tap/estimate's run-time estimate.
// Measured once per database pool, on first use, with reference queries written in ADQL against
// the largest public table with a position, and run through the same path as user queries:
//   scan: SELECT COUNT(*) over up to a million rows (a sequential scan, one row out);
//   cone: SELECT COUNT(*) in a cone holding about 2000 rows (the GiST index, one row out);
//   rows: SELECT TOP 5000 of one column, then of up to 20 floating-point columns, streamed through
//         the default output format to a discarding sink (twice each; the second run counts,
//         once the writer's code is warm).
// secondsPerCost is the geometric mean of (execution time / corrected plan cost) of scan and
// cone, each measured warm (second of two runs, server-side "Execution Time" of EXPLAIN
// ANALYZE); their ratio, the spread, says how well one factor fits both kinds of work.
// What the rows queries took beyond their cost share, per row, splits into secondsPerRow and
// secondsPerValue (the narrow and the wide one differ only in columns). The estimate is
// secondsPerCost * cost + rows * (secondsPerRow + secondsPerValue * columns). Honest limits: warm cache only (a cold disk can
// be 10-30x slower), other load on the server is not foreseen, and planner costs of complex
// joins are often off by several times; the range given with each estimate says so.
import { Writable } from 'node:stream';
import { ANONYMOUS } from '../metadata/access.ts';
import type { TableDescription } from '../metadata/types.ts';
import { tapQueryRequest } from './parameters.ts';
import { compileQuery, runQuery, type TapServices } from './query.ts';
import { densityMap } from './estimate-density.ts';
import { explainJson, readOnlySession } from './estimate-session.ts';

export interface CalibrationReference {
  readonly name: 'scan' | 'cone' | 'rows';
  readonly adql: string;
  readonly cost: number;
  readonly rows: number;
  readonly seconds: number;
}

export interface Calibration {
  readonly secondsPerCost: number;
  /** Seconds per row, and per value (one column of one row), read from the cursor and written in the default format. */
  readonly secondsPerRow: number;
  readonly secondsPerValue: number;
  /** max/min of seconds per cost over the references (1: one factor fits all). */
  readonly spread: number;
  readonly table: string;
  readonly references: readonly CalibrationReference[];
  readonly measuredAt: string;
}

/** Corrected rows and cost of a translated query, as /tap/estimate computes them. */
export type PlanCost = (sql: string) => Promise<{ rows: number; cost: number }>;

const SCAN_ROWS = 1_000_000;
const CONE_ROWS = 2000;
const STREAMED_ROWS = 5000;
const STREAMED_COLUMNS = 20;
const REFERENCE_TIMEOUT_SECONDS = 60;

async function largestPositionedTable(services: TapServices): Promise<{ table: TableDescription; reltuples: number } | undefined> {
  const candidates = services.metadata.visibleTo(ANONYMOUS).tables().filter((t) => t.positions.length > 0);
  if (candidates.length === 0) return undefined;
  const sizes = await readOnlySession(services.db.reader, 5, (client) => client.query<{ s: string; t: string; n: number }>(
    `SELECT n.nspname AS s, c.relname AS t, c.reltuples::float8 AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [candidates.map((t) => t.sqlSchema), candidates.map((t) => t.sqlName)]));
  let best: { table: TableDescription; reltuples: number } | undefined;
  for (const table of candidates) {
    const n = sizes.rows.find((r) => r.s === table.sqlSchema && r.t === table.sqlName)?.n ?? -1;
    if (n > 0 && (!best || n > best.reltuples)) best = { table, reltuples: n };
  }
  return best;
}

function compiled(services: TapServices, adql: string, maxrec: number) {
  const request = tapQueryRequest([{ name: 'LANG', value: 'ADQL' }, { name: 'QUERY', value: adql }, { name: 'MAXREC', value: String(maxrec) }], services.limits);
  return { request, query: compileQuery(services, request, ANONYMOUS) };
}

/** Server-side execution time of a query, warm: the second of two EXPLAIN ANALYZE runs. */
async function executionSeconds(services: TapServices, sql: string): Promise<number> {
  return readOnlySession(services.db.reader, REFERENCE_TIMEOUT_SECONDS, async (client) => {
    let seconds = NaN;
    for (let run = 0; run < 2; run++) {
      const output = await explainJson(client, sql, 'ANALYZE, TIMING OFF, FORMAT JSON');
      const first = Array.isArray(output) ? output[0] as { 'Execution Time'?: unknown } : undefined;
      seconds = typeof first?.['Execution Time'] === 'number' ? first['Execution Time'] / 1000 : NaN;
    }
    if (!Number.isFinite(seconds)) throw new Error('EXPLAIN ANALYZE gave no execution time');
    return seconds;
  });
}

async function measure(services: TapServices, planCost: PlanCost, name: 'scan' | 'cone', adql: string): Promise<CalibrationReference> {
  const { query } = compiled(services, adql, 1);
  const plan = await planCost(query.sql);
  return { name, adql, cost: plan.cost, rows: plan.rows, seconds: await executionSeconds(services, query.sql) };
}

async function streamedSeconds(services: TapServices, adql: string, rows: number): Promise<{ seconds: number; sql: string; columns: number }> {
  const { request, query } = compiled(services, adql, rows);
  let seconds = NaN;
  for (let run = 0; run < 2; run++) {
    const discard = new Writable({ write(_chunk, _encoding, done) { done(); } });
    const t0 = process.hrtime.bigint();
    await runQuery(services, request, query, discard, { timeoutSeconds: REFERENCE_TIMEOUT_SECONDS });
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return { seconds, sql: query.sql, columns: query.fields.length };
}

/** A streamed reference: its seconds beyond its plan cost's share, per row returned. */
async function streamedReference(services: TapServices, planCost: PlanCost, secondsPerCost: number, adql: string) {
  const streamed = await streamedSeconds(services, adql, STREAMED_ROWS);
  const plan = await planCost(streamed.sql);
  const rows = Math.max(1, Math.min(STREAMED_ROWS, plan.rows));
  const reference: CalibrationReference = { name: 'rows', adql, cost: plan.cost, rows, seconds: streamed.seconds };
  return { reference, columns: streamed.columns, perRow: Math.max(0, streamed.seconds - secondsPerCost * plan.cost) / rows };
}

async function calibrate(services: TapServices, planCost: PlanCost): Promise<Calibration | undefined> {
  const largest = await largestPositionedTable(services);
  if (!largest) return undefined;
  const { table } = largest;
  const position = table.positions[0];
  if (!position) return undefined;
  const name = table.qualifiedName;
  const scan = await measure(services, planCost, 'scan',
    `SELECT COUNT(*) AS n FROM (SELECT TOP ${SCAN_ROWS} ${position.lon} FROM ${name}) AS s`);
  const references: CalibrationReference[] = [scan];
  const density = await readOnlySession(services.db.reader, REFERENCE_TIMEOUT_SECONDS, (client) => densityMap(services.db.reader, client,
    { sqlSchema: table.sqlSchema, sqlName: table.sqlName, lon: position.lon, lat: position.lat }));
  const densest = density.densestPoint();
  if (densest && densest.density > 0) {
    const radius = Math.min(5, Math.sqrt(CONE_ROWS / (Math.PI * densest.density)));
    references.push(await measure(services, planCost, 'cone',
      `SELECT COUNT(*) AS n FROM ${name} WHERE CONTAINS(POINT('ICRS', ${position.lon}, ${position.lat}), CIRCLE('ICRS', ${densest.lon}, ${densest.lat}, ${radius.toPrecision(6)})) = 1`));
  }
  const perCost = references.filter((r) => r.cost > 0 && r.seconds > 0).map((r) => r.seconds / r.cost);
  if (perCost.length === 0) return undefined;
  const secondsPerCost = Math.exp(perCost.reduce((s, x) => s + Math.log(x), 0) / perCost.length);
  // Output: the same rows narrow (one column) and wide (up to 20 floating-point columns, the bulk
  // of a catalog query and the dearest to write) separate the cost per row from that per value.
  const floats = table.columns.filter((c) => (c.datatype === 'double' || c.datatype === 'float') && c.arraysize === undefined && c.xtype === undefined)
    .slice(0, STREAMED_COLUMNS).map((c) => c.name);
  const narrow = await streamedReference(services, planCost, secondsPerCost, `SELECT TOP ${STREAMED_ROWS} ${position.lon} FROM ${name}`);
  const wide = await streamedReference(services, planCost, secondsPerCost,
    `SELECT TOP ${STREAMED_ROWS} ${floats.length > 1 ? floats.join(', ') : '*'} FROM ${name}`);
  references.push(narrow.reference, wide.reference);
  const secondsPerValue = wide.columns > narrow.columns
    ? Math.max(0, (wide.perRow - narrow.perRow) / (wide.columns - narrow.columns)) : wide.perRow / wide.columns;
  return {
    secondsPerCost,
    secondsPerRow: Math.max(0, narrow.perRow - secondsPerValue * narrow.columns),
    secondsPerValue,
    spread: Math.max(...perCost) / Math.min(...perCost),
    table: name,
    references,
    measuredAt: new Date().toISOString(),
  };
}

const calibrations = new WeakMap<object, Promise<Calibration | undefined>>();

/** This server's calibration, measured on first use and kept for the life of the database pool. */
export function calibration(services: TapServices, planCost: PlanCost): Promise<Calibration | undefined> {
  const key = services.db.reader;
  let cached = calibrations.get(key);
  if (!cached) {
    cached = calibrate(services, planCost);
    calibrations.set(key, cached);
    cached.catch(() => { if (calibrations.get(key) === cached) calibrations.delete(key); });
  }
  return cached;
}
