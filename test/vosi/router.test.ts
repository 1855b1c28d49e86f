import path from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ANONYMOUS } from '../../src/metadata/access.ts';
import { loadTapMetadata, voResourcesDir } from '../../src/metadata/load.ts';
import { vosiRouter } from '../../src/vosi/router.ts';
import { tapCapability } from '../../src/vosi/tap-capability.ts';
import { validateXml } from './xsd.ts';

const metadata = loadTapMetadata();
let databaseUp = true;

function app(): ReturnType<Koa['callback']> {
  const koa = new Koa();
  const router = vosiRouter({
    prefix: '/tap',
    serviceCapabilities: (url) => [tapCapability(url, loadConfig({}).tap)],
    tables: () => metadata.visibleTo(ANONYMOUS),
    availability: async () => (databaseUp ? { available: true, notes: ['up'] } : { available: false, notes: ['database down'] }),
    examplesFile: path.join(voResourcesDir, 'tap', 'examples.xhtml'),
  });
  koa.use(router.routes());
  return koa.callback();
}

describe('vosiRouter', () => {
  it('serves valid capabilities whose URLs follow the proxy\'s forwarded host and scheme', async () => {
    const res = await request(app()).get('/tap/capabilities').set('X-Forwarded-Host', 'hsc.example.org').set('X-Forwarded-Proto', 'https');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    expect(res.text).toContain('<accessURL use="base">https://hsc.example.org/tap</accessURL>');
    expect(res.text).toContain('<accessURL use="full">https://hsc.example.org/tap/tables</accessURL>');
    expect(validateXml(res.text).valid).toBe(true);
  });

  it('serves /tables (full and detail=min) and each /tables/{name} child resource', async () => {
    const full = await request(app()).get('/tap/tables');
    expect(full.status).toBe(200);
    expect(full.text).toContain('<name>i_cmodel_mag</name>');
    const min = await request(app()).get('/tap/tables?DETAIL=min');
    expect(min.text).not.toContain('<column');
    const one = await request(app()).get('/tap/tables/pdr3_dud.photoz_demp');
    expect(one.status).toBe(200);
    expect(one.text).toMatch(/<vosi:table [^>]*type="table"/);
    expect(one.text).toContain('<name>photoz_best</name>');
    const ts = await request(app()).get('/tap/tables/TAP_SCHEMA.columns');
    expect(ts.status).toBe(200);
  });

  it('answers 404 for an unknown table and 405 for methods other than GET', async () => {
    expect((await request(app()).get('/tap/tables/pdr3_wide.nothing')).status).toBe(404);
    const post = await request(app()).post('/tap/capabilities');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('reports the database state in availability', async () => {
    databaseUp = false;
    const down = await request(app()).get('/tap/availability');
    databaseUp = true;
    expect(down.text).toContain('<vosi:available>false</vosi:available>');
    expect(validateXml(down.text).valid).toBe(true);
  });

  it('serves the examples document as XHTML and declares it in capabilities', async () => {
    const res = await request(app()).get('/tap/examples');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/xhtml+xml');
    expect((await request(app()).get('/tap/capabilities')).text).toContain('ivo://ivoa.net/std/DALI#examples');
  });
});
