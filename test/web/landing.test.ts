// The landing page lists every mounted service and the loaded tables, and says the data are
// synthetic; /health reports the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/app.ts';

describe('landing page and health', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer(); });
  afterAll(async () => { await server.close(); });

  it('lists every service of the catalogue and the loaded tables, and says the data are synthetic', async () => {
    const res = await request(server.url).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    for (const s of server.app.services.list()) expect(res.text).toContain(`href="${s.path}"`);
    for (const p of ['/tap', '/sia/query', '/datalink/links', '/soda/sync', '/hips/hipslist', '/viewer', '/health']) {
      expect(res.text).toContain(`href="${p}"`);
    }
    expect(res.text).toMatch(/synthetic/);
    expect(res.text).toMatch(/pdr3_wide\.forced<\/td><td class="n">[1-9]/);
  });

  it('reports the server and its database as healthy', async () => {
    const res = await request(server.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok' });
    expect(res.headers['server']).toMatch(/^hsc-vo\//);
  });
});
