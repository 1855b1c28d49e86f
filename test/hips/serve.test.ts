// Serving a HiPS: content types, CORS, ETag/304, Cache-Control, 404 for absent tiles, preview.jpg,
// no path traversal, and the HiPS list with absolute service URLs.
import fs from 'node:fs/promises';
import path from 'node:path';
import Koa from 'koa';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBandHips } from '../../src/hips/build.ts';
import { tilePath } from '../../src/hips/healpix.ts';
import { PREVIEW_SIZE } from '../../src/hips/preview.ts';
import { hipsRouter } from '../../src/hips/serve.ts';
import { createLogger } from '../../src/log.ts';
import { tempDir, writeTestImages } from './fixtures.ts';

describe('HiPS serving', () => {
  let app: Koa;
  let root = '';
  let someTile = '';
  beforeAll(async () => {
    root = await tempDir('serve');
    const files = await writeTestImages(root);
    await buildBandHips({
      dir: path.join(root, 'hips', 'hsc_i'), files, width: 64, order: 10, formats: ['png'], concurrency: 1,
      description: { id: 'hsc_i', creatorDid: 'ivo://test/P/hsc_i', title: 'HSC i', description: 'test', band: 'i' },
      log: createLogger('error'),
    });
    const dir = path.join(root, 'hips', 'hsc_i', 'Norder10');
    const sub = (await fs.readdir(dir)).find((d) => d.startsWith('Dir'))!;
    someTile = `Norder10/${sub}/${(await fs.readdir(path.join(dir, sub))).find((f) => f.endsWith('.png'))!}`;
    app = new Koa();
    const r = hipsRouter({ hipsDir: path.join(root, 'hips') });
    app.use(r.routes()).use(r.allowedMethods());
  }, 120_000);

  afterAll(async () => { if (root) await fs.rm(root, { recursive: true, force: true }); });

  it('serves properties as text/plain with CORS, ETag and Cache-Control', async () => {
    const res = await request(app.callback()).get('/hips/hsc_i/properties').set('Origin', 'http://elsewhere.example');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['etag']).toMatch(/^".+"$/);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(res.text).toMatch(/^hips_order\s+= 10$/m);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await request(app.callback()).get(`/hips/hsc_i/${someTile}`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('image/png');
    const again = await request(app.callback()).get(`/hips/hsc_i/${someTile}`).set('If-None-Match', first.headers['etag']!);
    expect(again.status).toBe(304);
  });

  it('serves FITS tiles, Allsky and Moc.fits as application/fits and PNG Allsky as image/png', async () => {
    for (const p of [someTile.replace('.png', '.fits'), 'Norder3/Allsky.fits', 'Moc.fits']) {
      const res = await request(app.callback()).get(`/hips/hsc_i/${p}`).buffer(true);
      expect(res.status, p).toBe(200);
      expect(res.headers['content-type'], p).toBe('application/fits');
    }
    const png = await request(app.callback()).get('/hips/hsc_i/Norder3/Allsky.png');
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('serves preview.jpg as image/jpeg: the 256² JPEG the build wrote', async () => {
    const res = await request(app.callback()).get('/hips/hsc_i/preview.jpg').buffer(true)
      .parse((r, done) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => done(null, Buffer.concat(chunks))); });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const meta = await sharp(res.body as Buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', PREVIEW_SIZE, PREVIEW_SIZE]);
  });

  it('answers 404 for a tile outside the coverage (Aladin Lite needs 404, not 204)', async () => {
    const res = await request(app.callback()).get(`/hips/hsc_i/${tilePath(10, 0, 'png')}`);
    expect(res.status).toBe(404);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('never serves files outside the HiPS tree', async () => {
    await fs.writeFile(path.join(root, 'secret.txt'), 'secret');
    for (const p of ['/hips/hsc_i/../../secret.txt', '/hips/hsc_i/%2e%2e/%2e%2e/secret.txt', '/hips/..%2f/secret.txt',
      '/hips/hsc_i/.hips-build.json', '/hips/hsc_i/Norder10/..%2f..%2f..%2fsecret.txt']) {
      const res = await request(app.callback()).get(p);
      expect(res.status, p).toBe(404);
      expect(res.text).not.toContain('secret');
    }
  });

  it('lists every HiPS in the HiPS list format with an absolute hips_service_url', async () => {
    const res = await request(app.callback()).get('/hips/hipslist').set('Host', 'vo.example:8080');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^hips_service_url\s+= http:\/\/vo\.example:8080\/hips\/hsc_i$/m);
    expect(res.text).toMatch(/^creator_did\s+= ivo:\/\/test\/P\/hsc_i$/m);
  });
});
