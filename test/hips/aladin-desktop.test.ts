// Aladin Desktop (Debian package aladin, under Xvfb) loads a HiPS we built from our server and
// draws the survey image where it belongs: sky inside the footprint, Aladin's flat fill outside.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import path from 'node:path';
import Koa from 'koa';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBandHips } from '../../src/hips/build.ts';
import { hipsRouter } from '../../src/hips/serve.ts';
import { createLogger } from '../../src/log.ts';
import { tempDir, TEST_IMAGES, writeTestImages } from './fixtures.ts';

const ALADIN_JAR = '/usr/share/java/aladin.jar';
const XVFB_RUN = '/usr/bin/xvfb-run';
const available = existsSync(ALADIN_JAR) && existsSync(XVFB_RUN);

/** Mean and standard deviation of the grey level in a box of an RGB(A) raster. */
function boxStats(data: Buffer, width: number, channels: number, x0: number, y0: number, size: number): { mean: number; std: number } {
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = y0; y < y0 + size; y++) {
    for (let x = x0; x < x0 + size; x++) {
      const i = (y * width + x) * channels;
      const v = ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3;
      sum += v;
      sum2 += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

describe.skipIf(!available)('Aladin Desktop', () => {
  let root = '';
  let server: http.Server | undefined;
  let url = '';
  beforeAll(async () => {
    root = await tempDir('aladin');
    const files = await writeTestImages(root, TEST_IMAGES.slice(0, 1));
    await buildBandHips({
      dir: path.join(root, 'hips', 'hsc_i'), files, width: 512, formats: ['png'], concurrency: 2,
      description: { id: 'hsc_i', creatorDid: 'ivo://test/P/hsc_i', title: 'HSC i test', description: 'test', band: 'i' },
      log: createLogger('error'),
    });
    const app = new Koa();
    const router = hipsRouter({ hipsDir: path.join(root, 'hips') });
    app.use(router.routes()).use(router.allowedMethods());
    server = await new Promise<http.Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('loads our HiPS and shows the image inside its footprint, the empty fill outside', async () => {
    const image = TEST_IMAGES[0]!;
    const png = path.join(root, 'aladin.png');
    const home = path.join(root, 'home');
    await fs.mkdir(home);
    // Full GUI on a virtual display: zoom, then go to the position (the other order leaves the
    // view off-centre); -local keeps Aladin from calling its home servers (there is no network).
    const script = `load ${url}/hips/hsc_i;sync;zoom 12arcmin;sync;${image.ra} +${image.dec};sync;save ${png};quit`;
    // Asynchronously: the HiPS server Aladin reads from runs in this process.
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(XVFB_RUN, ['-a', '-s', '-screen 0 1280x1024x24', 'env', `HOME=${home}`,
        'java', `-Duser.home=${home}`, '-jar', ALADIN_JAR, '-local', '-noreleasetest', '-nosamp', '-noplugin', '-nolog',
        '-location=0,0,1200,900', `-script=${script}`], { timeout: 120_000 }, (_err, stdout, stderr) => resolve({ stdout, stderr }));
    });
    expect(existsSync(png), `Aladin saved no picture:\n${r.stdout}\n${r.stderr}`).toBe(true);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const cx = Math.round(info.width / 2);
    const cy = Math.round(info.height / 2);
    // The test image is 5' wide in a 12' view: 1/6 of the width off centre is still inside it
    // (and clear of the reticle); the left edge is 6' off centre, outside.
    const inside = boxStats(data, info.width, info.channels, cx + Math.round(info.width / 6) - 20, cy - 20, 40);
    const outside = boxStats(data, info.width, info.channels, 10, cy - 20, 40);
    expect(inside.std, `inside ${JSON.stringify(inside)}`).toBeGreaterThan(2);
    expect(outside.std, `outside ${JSON.stringify(outside)}`).toBeLessThan(1);
    expect(Math.abs(inside.mean - outside.mean)).toBeGreaterThan(10);
  }, 150_000);
});
