// Sync cone-search latency: random centres on the catalog's objects, radius 1' and 10', at 1 and
// 16 concurrent clients; beside it, PostgreSQL's own planning + execution time of the same SQL.
import pg from 'pg';
import { request, unescapeXml } from './client.ts';
import { mapConcurrent, percentile } from './stats.ts';

export interface Centre {
  ra: number;
  dec: number;
}

/** `count` centres at the positions of objects sampled from the table (so inside the footprint). */
export async function sampleCentres(ownerUrl: string, table: string, count: number): Promise<Centre[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const est = await client.query<{ n: string }>('SELECT GREATEST(reltuples, 1)::bigint AS n FROM pg_class WHERE oid = $1::regclass', [table]);
    const percent = Math.min(100, (100 * 4 * count) / Number(est.rows[0]?.n ?? 1));
    const r = await client.query<Centre>(`SELECT ra, dec FROM ${table} TABLESAMPLE BERNOULLI (${percent}) REPEATABLE (20210801) LIMIT ${count}`);
    return r.rows;
  } finally {
    await client.end();
  }
}

export function coneQuery(table: string, c: Centre, radiusDeg: number): string {
  return `SELECT object_id, ra, dec, i_cmodel_mag, i_cmodel_magerr FROM ${table} ` +
    `WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', ${c.ra}, ${c.dec}, ${radiusDeg})) = 1`;
}

export interface ConeRun {
  radiusArcmin: number;
  clients: number;
  latenciesMs: number[];
  meanRows: number;
  sqls: string[];
}

export async function measureCones(tapUrl: string, table: string, centres: readonly Centre[], radiusArcmin: number,
  clients: number): Promise<ConeRun> {
  const replies = await mapConcurrent(centres, clients, async (c) => {
    const reply = await request(`${tapUrl}/sync`, {
      form: { LANG: 'ADQL', QUERY: coneQuery(table, c, radiusArcmin / 60) }, count: '<TR>',
    });
    if (reply.status !== 200 || !reply.tail.includes('</VOTABLE>')) {
      throw new Error(`cone ${c.ra} ${c.dec}: HTTP ${reply.status}: ${reply.tail.slice(-400)}`);
    }
    const sql = /<INFO name="SQL" value="([^"]*)"/.exec(reply.head)?.[1];
    return { ms: reply.seconds * 1000, rows: reply.matches, sql: sql ? unescapeXml(sql) : '' };
  });
  return {
    radiusArcmin, clients, latenciesMs: replies.map((r) => r.ms),
    meanRows: replies.reduce((s, r) => s + r.rows, 0) / replies.length, sqls: replies.map((r) => r.sql),
  };
}

/** Planning + execution time (ms) PostgreSQL reports for each SQL, EXPLAIN (ANALYZE, TIMING OFF), `clients` at once. */
export async function databaseTimes(readerUrl: string, sqls: readonly string[], clients: number): Promise<number[]> {
  const pool = new pg.Pool({ connectionString: readerUrl, max: clients });
  try {
    return await mapConcurrent(sqls, clients, async (sql) => {
      const r = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${sql}`);
      const text = r.rows.map((row) => row['QUERY PLAN']).join('\n');
      const planning = Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
      const execution = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
      return planning + execution;
    });
  } finally {
    await pool.end();
  }
}

export const p50 = (xs: readonly number[]): number => percentile(xs, 50);
export const p95 = (xs: readonly number[]): number => percentile(xs, 95);
