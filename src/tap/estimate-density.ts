// The sky density of a table with a position, for /tap/estimate's cone row counts (pg_sphere's
// planner guesses a fixed 0.1% of the table for `<@ scircle` whatever the radius). A grid of
// near-equal-area cells (CELL_DEG a side) with the rows counted in each, made once per table
// (rebuilt when pg_class.reltuples moves by more than 10%) and kept per database pool.
import type pg from 'pg';
import { quoteName } from './upload/load.ts';

/** A table and its position columns (degrees), as PostgreSQL names them. */
export interface PositionedTable {
  readonly sqlSchema: string;
  readonly sqlName: string;
  readonly lon: string;
  readonly lat: string;
}

const CELL_DEG = 0.1;
/** At most this many rows are read (a Bernoulli sample beyond) to build a map. */
const MAX_ROWS_READ = 2_000_000;
const MAP_TIMEOUT_SECONDS = 120;
const RAD = Math.PI / 180;
const SQ_DEG_PER_SR = (180 / Math.PI) ** 2;

/** Cells per declination ring j, so every cell spans about CELL_DEG in both directions. */
const ringCellsSql = (j: string): string => `greatest(1, floor(360 * cos(radians((${j} + 0.5) * ${CELL_DEG} - 90)) / ${CELL_DEG}))`;

export class SkyDensityMap {
  /** Rows per cell (scaled to the whole table when sampled), keyed by ring and cell. */
  private readonly cells = new Map<number, Map<number, number>>();
  private readonly ringCells = new Map<number, number>();

  constructor(readonly table: PositionedTable, readonly reltuples: number, readonly sampled: boolean,
    counts: readonly { j: number; n: number; i: number; rows: number }[]) {
    for (const c of counts) {
      this.ringCells.set(c.j, c.n);
      let ring = this.cells.get(c.j);
      if (!ring) this.cells.set(c.j, ring = new Map());
      ring.set(c.i, c.rows);
    }
  }

  /** Rows per square degree at (lon, lat) in degrees: the mean over the cell holding it. */
  densityAt(lon: number, lat: number): number {
    const j = Math.floor((lat + 90) / CELL_DEG);
    const n = this.ringCells.get(j);
    if (n === undefined) return 0;
    const i = Math.min(n - 1, Math.floor((((lon % 360) + 360) % 360) / 360 * n));
    const rows = this.cells.get(j)?.get(i) ?? 0;
    const lo = (j * CELL_DEG - 90) * RAD;
    const hi = Math.min(90, (j + 1) * CELL_DEG - 90) * RAD;
    const area = (2 * Math.PI / n) * (Math.sin(hi) - Math.sin(lo)) * SQ_DEG_PER_SR;
    return rows / area;
  }

  /**
   * Rows expected in a cone (degrees): the cap's area times the mean density over points spread
   * evenly over it (a Fibonacci lattice, about 20 per cell the cap covers, 64 to 20000).
   */
  coneRows(lon: number, lat: number, radius: number): number {
    const cosR = Math.cos(Math.min(180, radius) * RAD);
    const capArea = 2 * Math.PI * (1 - cosR) * SQ_DEG_PER_SR;
    const points = Math.max(64, Math.min(20_000, Math.round(20 * capArea / (CELL_DEG * CELL_DEG))));
    const l = lon * RAD;
    const d = lat * RAD;
    const centre = [Math.cos(d) * Math.cos(l), Math.cos(d) * Math.sin(l), Math.sin(d)] as const;
    const east = [-Math.sin(l), Math.cos(l), 0] as const;
    const north = [-Math.sin(d) * Math.cos(l), -Math.sin(d) * Math.sin(l), Math.cos(d)] as const;
    const golden = Math.PI * (3 - Math.sqrt(5));
    let sum = 0;
    for (let k = 0; k < points; k++) {
      const cosT = 1 - ((k + 0.5) / points) * (1 - cosR);
      const sinT = Math.sqrt(Math.max(0, 1 - cosT * cosT));
      const phi = k * golden;
      const v = [0, 1, 2].map((a) => cosT * centre[a as 0] + sinT * (Math.cos(phi) * east[a as 0] + Math.sin(phi) * north[a as 0]));
      const [x = 0, y = 0, z = 0] = v;
      sum += this.densityAt(Math.atan2(y, x) / RAD, Math.asin(Math.max(-1, Math.min(1, z))) / RAD);
    }
    return capArea * (sum / points);
  }

  /** The centre of the fullest cell, e.g. for a calibration cone. */
  densestPoint(): { lon: number; lat: number; density: number } | undefined {
    let best: { lon: number; lat: number; density: number } | undefined;
    for (const [j, ring] of this.cells) {
      const n = this.ringCells.get(j) ?? 1;
      for (const i of ring.keys()) {
        const lon = (i + 0.5) * 360 / n;
        const lat = (j + 0.5) * CELL_DEG - 90;
        const density = this.densityAt(lon, lat);
        if (!best || density > best.density) best = { lon, lat, density };
      }
    }
    return best;
  }
}

async function reltuplesOf(client: pg.PoolClient, table: PositionedTable): Promise<number> {
  const result = await client.query<{ reltuples: number }>(
    'SELECT c.reltuples::float8 AS reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2',
    [table.sqlSchema, table.sqlName]);
  return result.rows[0]?.reltuples ?? -1;
}

async function buildMap(client: pg.PoolClient, table: PositionedTable): Promise<SkyDensityMap> {
  // Inside the caller's READ ONLY transaction, with a longer timeout for this one statement.
  const previous = (await client.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t")).rows[0]?.t ?? '0';
  await client.query(`SET LOCAL statement_timeout = ${MAP_TIMEOUT_SECONDS * 1000}`);
  try {
    const reltuples = await reltuplesOf(client, table);
    const percent = reltuples > MAX_ROWS_READ ? (100 * MAX_ROWS_READ) / reltuples : 100;
    const sample = percent < 100 ? ` TABLESAMPLE BERNOULLI (${percent.toFixed(6)}) REPEATABLE (1)` : '';
    const lon = quoteName(table.lon);
    const lat = quoteName(table.lat);
    const result = await client.query<{ j: number; n: number; i: number; rows: number }>(
      `SELECT j, n, floor(${lon} / 360 * n)::float8 AS i, count(*)::float8 AS rows
       FROM (SELECT r.j, r.${lon}, ${ringCellsSql('r.j')}::float8 AS n
             FROM (SELECT floor((${lat} + 90) / ${CELL_DEG})::float8 AS j, ${lon}
                   FROM ${quoteName(table.sqlSchema)}.${quoteName(table.sqlName)}${sample}
                   WHERE ${lon} IS NOT NULL AND ${lat} IS NOT NULL) AS r) AS q
       GROUP BY j, n, 3`);
    // Scale a sample's counts to the table's row count (the planner's, from the last ANALYZE).
    const read = result.rows.reduce((s, r) => s + r.rows, 0);
    const scale = percent < 100 && read > 0 ? reltuples / read : 1;
    const counts = result.rows.map((r) => ({ j: r.j, n: r.n, i: Math.min(r.n - 1, r.i), rows: r.rows * scale }));
    return new SkyDensityMap(table, reltuples, percent < 100, counts);
  } finally {
    await client.query("SELECT set_config('statement_timeout', $1, true)", [previous]);
  }
}

const maps = new WeakMap<pg.Pool, Map<string, Promise<SkyDensityMap>>>();

/**
 * The density map of `table`, built on first use and rebuilt when the table has grown or shrunk
 * by 10%; kept per pool, read through `client` (a READ ONLY session of that pool).
 */
export async function densityMap(pool: pg.Pool, client: pg.PoolClient, table: PositionedTable): Promise<SkyDensityMap> {
  let byTable = maps.get(pool);
  if (!byTable) maps.set(pool, byTable = new Map());
  const key = `${table.sqlSchema}.${table.sqlName}`;
  const cached = byTable.get(key);
  if (cached) {
    const map = await cached;
    const now = await reltuplesOf(client, table);
    if (Math.abs(now - map.reltuples) <= 0.1 * Math.max(map.reltuples, 1)) return map;
  }
  const building = buildMap(client, table);
  byTable.set(key, building);
  building.catch(() => { if (byTable.get(key) === building) byTable.delete(key); });
  return building;
}
