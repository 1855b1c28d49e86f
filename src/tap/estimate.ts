// /tap/estimate's computation (the HSC archive's "estimate before you submit"): EXPLAIN of the
// translated SQL on the read-only pool, pg_sphere cone estimates corrected from a sky-density
// map of the table, and a run time from this server's calibration (estimate-calibration.ts).
import type pg from 'pg';
import type { TableDescription } from '../metadata/types.ts';
import type { CompiledQuery, TapServices } from './query.ts';
import { calibration, type Calibration } from './estimate-calibration.ts';
import { densityMap } from './estimate-density.ts';
import {
  conesOf, correctPlan, parsePlan, refinesDistance, walkPlan, type PlanCone, type PlanNode, type ScanCorrection,
} from './estimate-plan.ts';
import { explainJson, readOnlySession } from './estimate-session.ts';
import { quoteName } from './upload/load.ts';

export interface QueryEstimate {
  sql: string;
  /** Rows the query would return (after TOP and MAXREC). */
  estimatedRows: number;
  /** The planner's own figure for the same, before any correction. */
  plannerRows: number;
  /** Whether more rows than MAXREC are expected to match (the result would be marked OVERFLOW). */
  overflow: boolean;
  /** The planner's total cost, and the same once corrected rows are taken into account. */
  planCost: number;
  correctedCost: number;
  /** Run time on this server, warm cache, and a range for it; null before a calibration exists. */
  estimatedSeconds: number | null;
  secondsRange: [number, number] | null;
  notes: string[];
}

const EXPLAIN_TIMEOUT_SECONDS = 10;
/** PostgreSQL's selectivity for an inequality on an expression it has no statistics for (DEFAULT_INEQ_SEL). */
const DEFAULT_INEQUALITY_SELECTIVITY = 1 / 3;
/** An estimate's range is at least this factor either way (planner costs of arbitrary queries are rarely closer). */
const MIN_RANGE_FACTOR = 3;
const DEG = 180 / Math.PI;

function tableOf(services: TapServices, scan: PlanNode): TableDescription | undefined {
  return services.metadata.tables().find((t) => t.sqlName === scan.relation && (scan.schema === undefined || t.sqlSchema === scan.schema));
}

const round = (x: number, digits = 3): string => Number(x.toPrecision(digits)).toString();

/** The planner's row count for the cone alone on `table` (pg_sphere's fixed selectivity times its rows). */
async function plannerConeRows(client: pg.PoolClient, table: TableDescription, cone: PlanCone): Promise<number> {
  const circle = `'<(${cone.lon} , ${cone.lat}) , ${cone.radius}>'`;
  const sql = `SELECT 1 FROM ${quoteName(table.sqlSchema)}.${quoteName(table.sqlName)} WHERE ${quoteName(cone.column)} <@ ${circle}::scircle`;
  return parsePlan(await explainJson(client, sql, 'FORMAT JSON')).rows;
}

/** Corrections for scans holding one constant cone on a published position column; notes say what was done. */
async function coneCorrections(services: TapServices, client: pg.PoolClient, plan: PlanNode, notes: string[]): Promise<Map<PlanNode, ScanCorrection>> {
  const fixes = new Map<PlanNode, ScanCorrection>();
  for (const scan of walkPlan(plan)) {
    if (scan.relation === undefined) continue;
    const { cones, indexScans } = conesOf(scan);
    if (cones.length === 0) continue;
    const table = tableOf(services, scan);
    const name = table?.qualifiedName ?? scan.relation;
    const [cone] = cones;
    const position = table?.positions.find((p) => p.point === cone?.column);
    if (!table || !cone || !position) {
      notes.push(`${name}: a cone on a column without a published position: the planner's row estimate is kept`);
      continue;
    }
    if (cones.length > 1) {
      notes.push(`${name}: several cones in one scan: the planner's row estimate is kept`);
      continue;
    }
    const map = await densityMap(services.db.reader, client, { sqlSchema: table.sqlSchema, sqlName: table.sqlName, lon: position.lon, lat: position.lat });
    const coneRows = map.coneRows(cone.lon * DEG, cone.lat * DEG, cone.radius * DEG);
    const planned = await plannerConeRows(client, table, cone);
    const coneRatio = coneRows / Math.max(planned, 1);
    // The exact-distance test that follows a DISTANCE cone keeps nearly every row of the cone,
    // but the planner counts it as an independent 1/3.
    const refined = refinesDistance(scan) ? 1 / DEFAULT_INEQUALITY_SELECTIVITY : 1;
    const otherSelectivity = Math.min(1, (scan.rows / Math.max(planned, 1)) * refined);
    // A sequential scan reads the whole table whatever the cone; index scans read what the cone holds.
    const workRatio = scan.nodeType === 'Seq Scan' ? 1 : coneRatio;
    fixes.set(scan, { rows: coneRows * otherSelectivity, workRatio });
    for (const index of indexScans) fixes.set(index, { rows: index.rows * coneRatio, workRatio: coneRatio });
    notes.push(`${name}: cone of radius ${round(cone.radius * DEG)}° at (${round(cone.lon * DEG, 7)}, ${round(cone.lat * DEG, 7)}): `
      + `${round(coneRows)} rows from the table's sky density${map.sampled ? ' (sampled)' : ''} instead of the planner's ${round(planned)} `
      + '(pg_sphere estimates a fixed fraction of the table whatever the radius)'
      + (otherSelectivity < 1 ? `; other conditions keep about ${round(otherSelectivity * 100, 2)}% of them (planner's selectivity)` : ''));
  }
  return fixes;
}

/** The overall row cap the translator put at the end of the SQL: min(TOP, MAXREC + 1). */
function outerLimit(sql: string): number | undefined {
  const m = /\sLIMIT (\d+)(?: OFFSET \d+)?$/.exec(sql);
  return m ? Number(m[1]) : undefined;
}

/**
 * Corrected rows and cost of a translated query (also the calibration's measure of its
 * references), and the rows reaching the outermost Limit: those the query matches.
 */
async function correctedPlan(services: TapServices, client: pg.PoolClient, sql: string, notes: string[]) {
  const plan = parsePlan(await explainJson(client, sql));
  const fixes = await coneCorrections(services, client, plan, notes);
  const corrected = correctPlan(plan, fixes);
  const limited = plan.nodeType === 'Limit' ? plan.children[0] : undefined;
  return { plan, corrected, matching: limited ? correctPlan(limited, fixes).rows : corrected.rows };
}

function timeOf(cal: Calibration, cost: number, rows: number, columns: number): { seconds: number; range: [number, number] } {
  const seconds = cal.secondsPerCost * cost + rows * (cal.secondsPerRow + cal.secondsPerValue * columns);
  const factor = Math.max(MIN_RANGE_FACTOR, cal.spread);
  return { seconds, range: [seconds / factor, seconds * factor] };
}

export async function estimateQuery(services: TapServices, compiled: CompiledQuery, maxrec: number): Promise<QueryEstimate> {
  const notes: string[] = [];
  const { plan, corrected, matching } = await readOnlySession(services.db.reader, EXPLAIN_TIMEOUT_SECONDS,
    (client) => correctedPlan(services, client, compiled.sql, notes));
  const cap = outerLimit(compiled.sql) ?? Infinity;
  const estimatedRows = Math.round(Math.min(corrected.rows, cap, maxrec));
  const overflow = cap === maxrec + 1 && matching > maxrec;
  if (overflow) notes.push(`more than MAXREC=${maxrec} rows are expected to match: the result would stop there (OVERFLOW)`);
  const cal = await calibration(services, (sql) => readOnlySession(services.db.reader, EXPLAIN_TIMEOUT_SECONDS, async (client) => {
    const reference = (await correctedPlan(services, client, sql, [])).corrected;
    return { rows: reference.rows, cost: reference.totalCost };
  })).catch((err: unknown) => {
    notes.push(`no run time: this server's calibration failed (${err instanceof Error ? err.message : String(err)}); it is tried again next time`);
    return null;
  });
  let estimatedSeconds: number | null = null;
  let secondsRange: [number, number] | null = null;
  if (cal) {
    const time = timeOf(cal, corrected.totalCost, estimatedRows, compiled.fields.length);
    estimatedSeconds = time.seconds;
    secondsRange = time.range;
    notes.push(`run time from this server's calibration on ${cal.table} (${cal.measuredAt}): `
      + `${cal.secondsPerCost.toPrecision(3)} s per unit of plan cost, ${cal.secondsPerRow.toPrecision(3)} s per row and ${cal.secondsPerValue.toPrecision(3)} s per value returned (in VOTable); `
      + 'warm cache, so a first run from disk can be much slower');
  } else if (cal === undefined) {
    notes.push('no run time: this server has no table to calibrate on yet');
  }
  return {
    sql: compiled.sql, estimatedRows, plannerRows: plan.rows, overflow,
    planCost: plan.totalCost, correctedCost: corrected.totalCost, estimatedSeconds, secondsRange, notes,
  };
}
