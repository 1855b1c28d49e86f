// The sky viewer in headless Chromium: Aladin Lite from our own origin shows our HiPS without
// console errors (offline, under the page's CSP), and absent TAP/SIA services are reported.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Koa from 'koa';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBandHips } from '../../src/hips/build.ts';
import { hipsRouter } from '../../src/hips/serve.ts';
import { createLogger } from '../../src/log.ts';
import { VIEWER_CSP, viewerRouter } from '../../src/web/viewer/router.ts';
import { tempDir, writeTestImages } from '../hips/fixtures.ts';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

describe('sky viewer', () => {
  let app: Koa;
  let server: http.Server;
  let url = '';
  let browser: Browser;
  let root = '';
  beforeAll(async () => {
    root = await tempDir('viewer');
    const files = await writeTestImages(root);
    await buildBandHips({
      dir: path.join(root, 'hips', 'hsc_i'), files, width: 512, formats: ['png'], concurrency: 2,
      description: { id: 'hsc_i', creatorDid: 'ivo://test/P/hsc_i', title: 'HSC i test', description: 'test', band: 'i' },
      log: createLogger('error'),
    });
    app = new Koa();
    for (const r of [hipsRouter({ hipsDir: path.join(root, 'hips') }), viewerRouter({})]) app.use(r.routes()).use(r.allowedMethods());
    server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // A failed beforeAll leaves no server: waiting on its close would hang the run.
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('serves the page with its CSP and Aladin Lite from this origin', async () => {
    const page = await request(app.callback()).get('/viewer');
    expect(page.headers['content-security-policy']).toBe(VIEWER_CSP);
    expect(page.text).toContain('src="/viewer/viewer.js"');
    const lib = await request(app.callback()).get('/viewer/aladin.js');
    expect(lib.status).toBe(200);
    expect(lib.headers['content-type']).toMatch(/javascript/);
  });

  it('shows the HiPS image in headless Chromium with no console errors, offline', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const errors: string[] = [];
    const offsite: string[] = [];
    const missing: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => { if (r.status() === 404) missing.push(new URL(r.url()).pathname); });
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(url)) return route.continue();
      offsite.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${url}/viewer?hips=hsc_i`);
    await page.waitForSelector('#viewer[data-ready="true"]', { timeout: 30_000 });
    await page.locator('#status', { hasText: 'catalog: not available' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(4000);
    const png = await page.locator('#aladin').screenshot();
    await page.close();
    if (process.env.VIEWER_SCREENSHOT) await sharp(png).toFile(process.env.VIEWER_SCREENSHOT);

    // The TAP and SIA endpoints are absent here, and tiles outside the coverage are 404 (as HiPS
    // allows): those 404s are the only errors allowed.
    const optional = (p: string): boolean => p === '/tap/sync' || p === '/sia/query' || /^\/hips\/hsc_i\/Norder\d+\/Dir\d+\/Npix\d+\.png$/.test(p);
    expect(missing.filter((p) => !optional(p))).toEqual([]);
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
    expect(offsite).toEqual([]);

    // The image occupies the centre of the view: grey levels vary there (not a blank canvas).
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const values: number[] = [];
    for (let y = Math.floor(info.height * 0.4); y < info.height * 0.6; y++) {
      for (let x = Math.floor(info.width * 0.4); x < info.width * 0.6; x++) values.push(data[y * info.width + x]!);
    }
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    expect(mean).toBeGreaterThan(20);
    expect(sd).toBeGreaterThan(5);
  }, 90_000);
});
