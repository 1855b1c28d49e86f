// ivoa.obscore through TAP on a listening server: s_region comes out as ObsCore 1.1 STC-S text
// (FIELD char, xtype adql:region, no unit) while INTERSECTS on it selects, and pyvo's TAP client
// reads the same text.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshObsCore } from '../../src/images/obscore.ts';
import { startTestServer, type TestServer } from '../support/app.ts';

let server: TestServer;
let centre: { ra: number; dec: number };

beforeAll(async () => {
  server = await startTestServer();
  await refreshObsCore(server.db.owner, server.url);
  const r = await server.db.reader.query('SELECT s_ra, s_dec FROM ivoa.obscore LIMIT 1');
  centre = { ra: r.rows[0].s_ra, dec: r.rows[0].s_dec };
});
afterAll(async () => { await server?.close(); });

const PYVO_TAP = `
import json, sys
from pyvo.dal import TAPService
rows = TAPService(sys.argv[1] + '/tap').search(sys.argv[2])
print(json.dumps([str(r['s_region']) for r in rows]))
`;

describe('ivoa.obscore s_region through TAP', () => {
  const cone = (): string => `INTERSECTS(s_region, CIRCLE('ICRS', ${centre.ra}, ${centre.dec}, 0.01)) = 1`;

  it('SELECT s_region returns STC-S text in a char adql:region FIELD without a unit', async () => {
    const res = await request(server.url).post('/tap/sync').type('form')
      .send({ LANG: 'ADQL', QUERY: `SELECT obs_id, s_region FROM ivoa.obscore WHERE ${cone()}` });
    expect(res.status).toBe(200);
    const field = /<FIELD[^>]*name="s_region"[^>]*>/.exec(res.text)?.[0] ?? '';
    expect(field).toContain('datatype="char"');
    expect(field).toContain('xtype="adql:region"');
    expect(field).not.toContain('unit=');
    const regions = [...res.text.matchAll(/<TD>(POLYGON ICRS [^<]*)<\/TD>/g)].map((m) => m[1]);
    expect(regions).toHaveLength(5);
  });

  it('pyvo reads s_region as the STC-S string the database holds', async () => {
    const adql = `SELECT s_region FROM ivoa.obscore WHERE ${cone()} ORDER BY obs_publisher_did`;
    const run = await promisify(execFile)('/usr/bin/python3', ['-c', PYVO_TAP, server.url, adql], { timeout: 60_000 });
    const stored = await server.db.reader.query<{ s_region: string }>(
      `SELECT s_region FROM ivoa.obscore WHERE s_region_spoly && scircle(spoint(radians($1), radians($2)), radians(0.01)) ORDER BY obs_publisher_did`,
      [centre.ra, centre.dec]);
    expect(stored.rows).toHaveLength(5);
    expect(JSON.parse(run.stdout)).toEqual(stored.rows.map((r) => r.s_region));
  });
});
