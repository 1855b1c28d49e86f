// /tap/estimate end to end on the tiny data set: rows from EXPLAIN with pg_sphere's cone guess
// corrected from the table's sky density, and a run time from this server's calibration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { SkyDensityMap } from '../../src/tap/estimate-density.ts';
import { correctPlan, parsePlan } from '../../src/tap/estimate-plan.ts';
import { startTestServer, type TestServer } from '../support/app.ts';

const CONE = "CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 134.8148, 0.7438, 0.02)) = 1";
const DISTANCE_CUT = "DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 134.75, 0.7)) < 0.05 AND i_cmodel_mag < 24";

describe('TAP estimate', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  const estimate = (query: string, maxrec = '1000000') => request(server.url).post('/tap/estimate').type('form')
    .send({ LANG: 'ADQL', QUERY: query, MAXREC: maxrec });
  const count = async (where: string): Promise<number> => {
    const res = await request(server.url).post('/tap/sync').type('form')
      .send({ LANG: 'ADQL', QUERY: `SELECT COUNT(*) AS n FROM pdr3_wide.forced${where ? ` WHERE ${where}` : ''}`, RESPONSEFORMAT: 'csv' });
    expect(res.status).toBe(200);
    return Number(res.text.trim().split(/\r?\n/)[1]);
  };
  const withinFactor = (estimated: number, truth: number, factor: number): boolean => estimated <= truth * factor && estimated * factor >= truth;

  it('corrects the planner\'s fixed cone guess from the sky density: a small cone within 3x of its true count', async () => {
    const truth = await count(CONE);
    const res = await estimate(`SELECT object_id, i_cmodel_mag FROM pdr3_wide.forced WHERE ${CONE}`);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.estimatedRows).toBeLessThan(5000);
    expect(withinFactor(res.body.estimatedRows, truth, 3)).toBe(true);
    // pg_sphere's own guess (0.1% of the table) is far off here: that is what was corrected.
    expect(withinFactor(res.body.plannerRows, truth, 3)).toBe(false);
    expect(res.body.notes.join('\n')).toMatch(/pdr3_wide\.forced: cone of radius 0\.02° .* instead of the planner's/);
    expect(res.body.correctedCost).toBeGreaterThan(0);
  });

  it('estimates a DISTANCE cone with another condition within 3x, not counting the exact-distance test twice', async () => {
    const truth = await count(DISTANCE_CUT);
    const res = await estimate(`SELECT object_id FROM pdr3_wide.forced WHERE ${DISTANCE_CUT}`);
    expect(res.body.ok).toBe(true);
    expect(withinFactor(res.body.estimatedRows, truth, 3)).toBe(true);
  });

  it('estimates a full-table query at about the table\'s row count', async () => {
    const truth = await count('');
    const res = await estimate('SELECT object_id, ra, dec FROM pdr3_wide.forced');
    expect(Math.abs(res.body.estimatedRows - truth)).toBeLessThanOrEqual(truth * 0.05);
    expect(res.body.overflow).toBe(false);
  });

  it('caps the rows at MAXREC and says the result would overflow', async () => {
    const res = await estimate('SELECT object_id FROM pdr3_wide.forced', '100');
    expect(res.body.estimatedRows).toBe(100);
    expect(res.body.overflow).toBe(true);
    expect(res.body.notes.join('\n')).toMatch(/MAXREC=100/);
    const top = await estimate('SELECT TOP 10 object_id FROM pdr3_wide.forced', '100');
    expect(top.body).toMatchObject({ estimatedRows: 10, overflow: false });
  });

  it('gives a run time from the calibration, with a range that holds the measured time of the query', async () => {
    // Narrower than the calibration's SELECT *: the time scales with the values written, not the rows.
    const query = 'SELECT object_id, ra, dec, g_cmodel_mag, r_cmodel_mag, i_cmodel_mag FROM pdr3_wide.forced';
    const res = await estimate(query);
    const { estimatedSeconds, secondsRange } = res.body as { estimatedSeconds: number; secondsRange: [number, number] };
    expect(estimatedSeconds).toBeGreaterThan(0);
    expect(secondsRange[0]).toBeLessThan(estimatedSeconds);
    expect(secondsRange[1]).toBeGreaterThan(estimatedSeconds);
    expect(res.body.notes.join('\n')).toMatch(/calibration on pdr3_wide\.forced/);
    // Timed like the calibration: warm (the second run), the bytes read but not parsed.
    let seconds = NaN;
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/tap/sync`, { method: 'POST', body: new URLSearchParams({ LANG: 'ADQL', QUERY: query }) });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      seconds = (performance.now() - t0) / 1000;
    }
    expect(seconds).toBeGreaterThanOrEqual(secondsRange[0]);
    expect(seconds).toBeLessThanOrEqual(secondsRange[1]);
  });

  it('answers an ADQL mistake like /tap/check, with its position', async () => {
    const res = await estimate('SELECT i_cmodel_mg FROM pdr3_wide.forced');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, errors: [{ kind: 'unknown', line: 1, column: 8 }] });
  });
});

describe('estimate models', () => {
  it('counts a cone on a uniform sky as its area times the density, whatever the declination', () => {
    const cell = 0.1;
    const density = 50_000;
    for (const dec of [0, 60, -85]) {
      const counts = [];
      for (let j = Math.floor((dec - 2 + 90) / cell); j <= Math.floor((dec + 2 + 90) / cell); j++) {
        const n = Math.max(1, Math.floor(360 * Math.cos(((j + 0.5) * cell - 90) * Math.PI / 180) / cell));
        const lo = (j * cell - 90) * Math.PI / 180;
        const area = (2 * Math.PI / n) * (Math.sin(lo + cell * Math.PI / 180) - Math.sin(lo)) * (180 / Math.PI) ** 2;
        for (let i = 0; i < n; i++) counts.push({ j, n, i, rows: density * area });
      }
      const map = new SkyDensityMap({ sqlSchema: 's', sqlName: 't', lon: 'ra', lat: 'dec' }, 0, false, counts);
      const radius = 0.5;
      const capArea = 2 * Math.PI * (1 - Math.cos(radius * Math.PI / 180)) * (180 / Math.PI) ** 2;
      expect(map.coneRows(10, dec, radius) / (capArea * density)).toBeCloseTo(1, 2);
      // Off the filled region there is nothing.
      expect(map.coneRows(10, dec > 0 ? dec - 10 : dec + 10, radius)).toBe(0);
    }
  });

  it('carries a corrected scan count up through a join and a plain aggregate', () => {
    const node = (type: string, rows: number, cost: number, extra: Record<string, unknown> = {}) => ({
      'Node Type': type, 'Plan Rows': rows, 'Startup Cost': 0, 'Total Cost': cost, ...extra,
    });
    const cone = node('Bitmap Heap Scan', 10, 50, { 'Relation Name': 'forced', Schema: 'pdr3_wide', 'Parent Relationship': 'Outer' });
    const other = node('Seq Scan', 1000, 20, { 'Relation Name': 'photoz', 'Parent Relationship': 'Inner' });
    const plan = parsePlan([{ Plan: node('Aggregate', 1, 200, { Strategy: 'Plain', Plans: [node('Hash Join', 10, 190, { Plans: [cone, node('Hash', 1000, 20, { 'Parent Relationship': 'Inner', Plans: [other] })] })] }) }]);
    const scan = plan.children[0]?.children[0];
    expect(scan?.relation).toBe('forced');
    const fixed = correctPlan(plan, new Map([[scan!, { rows: 100, workRatio: 10 }]]));
    expect(fixed.rows).toBe(1);
    expect(correctPlan(plan.children[0]!, new Map([[scan!, { rows: 100, workRatio: 10 }]])).rows).toBe(100);
    // Own costs: scan 50 x 10, join (190 - 70) x 10, hash and seq scan unchanged, aggregate (200 - 190) x 10.
    expect(fixed.totalCost).toBeCloseTo(500 + 1200 + 20 + 100, 6);
  });
});
