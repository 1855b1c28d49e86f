// PostgreSQL EXPLAIN (FORMAT JSON) plans for /tap/estimate: read into typed nodes, cones on
// pg_sphere spoint columns found, and row counts and costs recomputed once some scans are corrected.

/** One node of an EXPLAIN (FORMAT JSON, VERBOSE) plan, with the fields the estimate reads. */
export interface PlanNode {
  readonly nodeType: string;
  readonly rows: number;
  readonly startupCost: number;
  readonly totalCost: number;
  /** Outer, Inner, Member, InitPlan, SubPlan... */
  readonly relationship: string | undefined;
  readonly schema: string | undefined;
  readonly relation: string | undefined;
  /** Plain, Sorted, Hashed, Mixed (aggregates). */
  readonly strategy: string | undefined;
  /** Filter, Index Cond, Recheck Cond, Join Filter, Hash Cond: the conditions as PostgreSQL prints them. */
  readonly conditions: readonly string[];
  readonly children: readonly PlanNode[];
}

/** A constant cone on a spoint column, as the planner sees it (radians). */
export interface PlanCone {
  readonly column: string;
  readonly lon: number;
  readonly lat: number;
  readonly radius: number;
}

const CONDITION_KEYS = ['Filter', 'Index Cond', 'Recheck Cond', 'Join Filter', 'Hash Cond', 'Merge Cond'];

function numberField(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`EXPLAIN plan node without a numeric "${key}"`);
  return v;
}

function stringField(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function planNodeOf(value: unknown): PlanNode {
  if (typeof value !== 'object' || value === null) throw new Error('EXPLAIN plan node is not an object');
  const o = value as Record<string, unknown>;
  const nodeType = stringField(o, 'Node Type');
  if (nodeType === undefined) throw new Error('EXPLAIN plan node without "Node Type"');
  const plans = o.Plans;
  return {
    nodeType,
    rows: numberField(o, 'Plan Rows'),
    startupCost: numberField(o, 'Startup Cost'),
    totalCost: numberField(o, 'Total Cost'),
    relationship: stringField(o, 'Parent Relationship'),
    schema: stringField(o, 'Schema'),
    relation: stringField(o, 'Relation Name'),
    strategy: stringField(o, 'Strategy'),
    conditions: CONDITION_KEYS.map((k) => stringField(o, k)).filter((c): c is string => c !== undefined),
    children: Array.isArray(plans) ? plans.map(planNodeOf) : [],
  };
}

/** The root node of what `EXPLAIN (FORMAT JSON)` returned (one row, one column, `[{ Plan: ... }]`). */
export function parsePlan(explainOutput: unknown): PlanNode {
  const text = typeof explainOutput === 'string' ? JSON.parse(explainOutput) as unknown : explainOutput;
  const first = Array.isArray(text) ? text[0] as unknown : undefined;
  if (typeof first !== 'object' || first === null || !('Plan' in first)) throw new Error('EXPLAIN output without a plan');
  return planNodeOf((first as { Plan: unknown }).Plan);
}

export function* walkPlan(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.children) yield* walkPlan(child);
}

/** The bitmap index scans feeding a bitmap heap scan (through BitmapAnd / BitmapOr). */
function bitmapInputs(node: PlanNode): PlanNode[] {
  return node.children.filter((c) => c.nodeType.startsWith('Bitmap') && c.relation === undefined)
    .flatMap((c) => [c, ...bitmapInputs(c)]);
}

const NUMBER = '(-?[0-9.]+(?:e[-+]?[0-9]+)?)';
// pg_sphere prints a constant circle as '<(lon , lat) , radius>'::scircle, in radians.
const CONE = new RegExp(`(?:[A-Za-z_][\\w$]*\\.)?"?([A-Za-z_][\\w$]*)"? <@ '<\\(${NUMBER} , ${NUMBER}\\) , ${NUMBER}>'::scircle`, 'g');

/** Constant cones in a scan node's own conditions and in those of its bitmap index scans. */
export function conesOf(scan: PlanNode): { cones: PlanCone[]; indexScans: PlanNode[] } {
  const indexScans = bitmapInputs(scan);
  const seen = new Map<string, PlanCone>();
  for (const text of [scan, ...indexScans].flatMap((n) => n.conditions)) {
    for (const m of text.matchAll(CONE)) {
      const [, column = '', lon = '', lat = '', radius = ''] = m;
      seen.set(`${column}|${lon}|${lat}|${radius}`, { column, lon: Number(lon), lat: Number(lat), radius: Number(radius) });
    }
  }
  return { cones: [...seen.values()], indexScans };
}

/** Whether the scan also filters on the exact distance to the cone's centre (ADQL DISTANCE(...) < r). */
export function refinesDistance(scan: PlanNode): boolean {
  return scan.conditions.some((c) => /<->/.test(c));
}

/** A corrected row count for a scan, and the factor its work (index pages, rows read) scales by. */
export interface ScanCorrection {
  readonly rows: number;
  readonly workRatio: number;
}

export interface CorrectedNode {
  readonly rows: number;
  readonly startupCost: number;
  readonly totalCost: number;
}

const ratio = (corrected: number, planned: number): number => (planned > 0 ? corrected / planned : 1);
const isSubplan = (n: PlanNode): boolean => n.relationship === 'InitPlan' || n.relationship === 'SubPlan';

/**
 * Rows and cost of `node` once the scans in `fixes` carry their corrected counts. First-order
 * model: a node's output scales with its inputs as the planner's own estimate did (joins with
 * the product of their inputs' ratios; Append with the sum; grouping and Unique capped by their
 * input; a plain aggregate stays one row; Limit keeps its cap when the planner showed it), and a
 * node's own cost (its total minus its children's) scales with the rows it processes.
 */
export function correctPlan(node: PlanNode, fixes: ReadonlyMap<PlanNode, ScanCorrection>): CorrectedNode {
  const corrected = node.children.map((c) => correctPlan(c, fixes));
  const main = node.children.map((c, i) => ({ planned: c, corrected: corrected[i] as CorrectedNode })).filter((c) => !isSubplan(c.planned));
  const inputRatios = main.map((c) => ratio(c.corrected.rows, c.planned.rows));
  const first = main[0];
  const fix = fixes.get(node);
  let rows: number;
  let workRatio: number;
  if (fix) {
    rows = fix.rows;
    workRatio = fix.workRatio;
  } else {
    workRatio = inputRatios.reduce((a, b) => a * b, 1);
    switch (node.nodeType) {
      case 'Limit':
        // A Limit showing fewer rows than its input is capped at that many; otherwise its cap is unknown (>= input).
        rows = first ? (node.rows < first.planned.rows ? Math.min(node.rows, first.corrected.rows) : first.corrected.rows) : node.rows;
        break;
      case 'Aggregate':
        rows = node.strategy === 'Plain' || !first ? node.rows : Math.min(node.rows, first.corrected.rows);
        break;
      case 'Unique': case 'Group': case 'SetOp':
        rows = first ? Math.min(node.rows, first.corrected.rows) : node.rows;
        break;
      case 'Append': case 'Merge Append':
        rows = main.reduce((sum, c) => sum + c.corrected.rows, 0);
        workRatio = ratio(rows, node.rows);
        break;
      default:
        rows = node.rows * workRatio;
    }
  }
  const childStartup = node.children.reduce((s, c) => s + c.startupCost, 0);
  const childTotal = node.children.reduce((s, c) => s + c.totalCost, 0);
  const childStartupFixed = corrected.reduce((s, c) => s + c.startupCost, 0);
  const childTotalFixed = corrected.reduce((s, c) => s + c.totalCost, 0);
  if (node.nodeType === 'Limit' && first) {
    // A Limit stops its input early: the fraction of the input's run cost it uses.
    const fraction = Math.min(1, ratio(rows, first.corrected.rows));
    const c = first.corrected;
    return { rows, startupCost: c.startupCost, totalCost: c.startupCost + (c.totalCost - c.startupCost) * fraction };
  }
  return {
    rows,
    startupCost: Math.max(0, node.startupCost - childStartup) * workRatio + childStartupFixed,
    totalCost: Math.max(0, node.totalCost - childTotal) * workRatio + childTotalFixed,
  };
}
