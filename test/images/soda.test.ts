// SODA sync cutouts and DataLink links on the generated images: cutout pixels equal the full
// image's, the shifted WCS puts catalog stars on their light, errors carry SODA codes, and
// astropy opens what is served.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeader } from '../../src/fits/header.ts';
import { FitsReader } from '../../src/fits/reader.ts';
import { findImage } from '../../src/images/images.ts';
import { TanWcs } from '../../src/wcs/tan.ts';
import { imageTestApp, type ImageTestApp } from './support.ts';

let app: ImageTestApp;
let did: string;
let file: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'soda-test-'));

interface Star { ra: number; dec: number }
let stars: Star[];

beforeAll(async () => {
  app = await imageTestApp();
  const r = await app.deps.db.reader.query(`SELECT obs_publisher_did FROM ivoa.obscore WHERE em_filter_name = 'HSC-I'`);
  did = r.rows[0].obs_publisher_did;
  file = (await findImage(app.deps.db.reader, app.deps.config.dataDir, did))!.file;
  // Bright, point-like, isolated (no other detection within 5 arcsec), inside the patch's inner area.
  const s = await app.deps.db.reader.query(`SELECT f.ra, f."dec" FROM pdr3_wide.forced f
    WHERE f.i_extendedness_value = 0 AND f.i_psfflux_mag BETWEEN 17.5 AND 20 AND f.tract = 9560 AND f.patch = 404
      AND NOT EXISTS (SELECT 1 FROM pdr3_wide.forced g WHERE g.object_id <> f.object_id
        AND g.coord <@ scircle(f.coord, radians(5.0 / 3600)))
    ORDER BY f.i_psfflux_mag LIMIT 5`);
  stars = s.rows;
});
afterAll(async () => {
  await app.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (query: string) => request(app.koa.callback()).get(query).buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});
const soda = (params: string) => get(`/soda/sync?ID=${encodeURIComponent(did)}&${params}`);

async function saved(body: Buffer, name: string): Promise<FitsReader> {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, body);
  return FitsReader.open(p);
}

describe('SODA sync', () => {
  it('a CIRCLE cutout holds exactly the same pixels as the full image, in every plane', async () => {
    const full = await FitsReader.open(file);
    const wcs = TanWcs.fromHeader(full.hdu('IMAGE').cards);
    const [ra, dec] = wcs.pixelToSky(1234, 2345);
    const r = await soda(`CIRCLE=${ra}%20${dec}%200.002`).expect(200);
    expect(r.headers['content-type']).toBe('application/fits');
    const cut = await saved(r.body as Buffer, 'circle.fits');
    expect(cut.hdus.map((h) => h.extname)).toEqual([undefined, 'IMAGE', 'MASK', 'VARIANCE']);
    const ltv1 = cut.hdu('IMAGE').cards.find((c) => c.kind === 'value' && c.key === 'LTV1');
    const x0 = 1234 - Math.round(0.002 / 0.168 * 3600);
    const origin = TanWcs.fromHeader(cut.hdu('IMAGE').cards).skyToPixel(...wcs.pixelToSky(0, 0));
    const bx = Math.round(-origin[0]);
    const by = Math.round(-origin[1]);
    expect(Math.abs(bx - x0)).toBeLessThanOrEqual(1);
    expect(ltv1).toBeDefined();
    for (const plane of ['IMAGE', 'MASK', 'VARIANCE']) {
      const c = await cut.readImage(plane);
      const f = await full.readImage(plane, { ...c.box, x0: bx, y0: by });
      expect(Buffer.from(c.pixels.buffer, c.pixels.byteOffset, c.pixels.byteLength).equals(
        Buffer.from(f.pixels.buffer, f.pixels.byteOffset, f.pixels.byteLength))).toBe(true);
    }
    await cut.close();
    await full.close();
  });

  it('the shifted WCS maps catalog stars onto their light (centroid within 0.5 px)', async () => {
    expect(stars.length).toBeGreaterThan(0);
    for (const star of stars) {
      const r = await soda(`CIRCLE=${star.ra}%20${star.dec}%20${4 / 3600}&PLANE=IMAGE`).expect(200);
      const cut = await saved(r.body as Buffer, 'star.fits');
      expect(cut.hdus.length).toBe(2);
      const img = await cut.readImage('IMAGE');
      const [w, h] = [img.box.width, img.box.height];
      const [sx, sy] = TanWcs.fromHeader(cut.hdu('IMAGE').cards).skyToPixel(star.ra, star.dec);
      let peak = 0;
      for (let i = 1; i < img.pixels.length; i++) if ((img.pixels[i] as number) > (img.pixels[peak] as number)) peak = i;
      const px = peak % w;
      const py = Math.floor(peak / w);
      let sum = 0;
      let cx = 0;
      let cy = 0;
      for (let y = Math.max(0, py - 2); y <= Math.min(h - 1, py + 2); y++) {
        for (let x = Math.max(0, px - 2); x <= Math.min(w - 1, px + 2); x++) {
          const v = Math.max(0, img.pixels[y * w + x] as number);
          sum += v; cx += v * x; cy += v * y;
        }
      }
      expect(Math.hypot(cx / sum - sx, cy / sum - sy)).toBeLessThan(0.5);
      expect(Math.hypot(px - sx, py - sy)).toBeLessThan(1.0);
      await cut.close();
    }
  });

  it('POLYGON, POS RANGE and PIXELS cut the expected boxes', async () => {
    const full = await FitsReader.open(file);
    const wcs = TanWcs.fromHeader(full.hdu('IMAGE').cards);
    await full.close();
    const pix = await saved((await soda('PIXELS=101%20150%20201%20230&PLANE=MASK').expect(200)).body as Buffer, 'pix.fits');
    expect(pix.hdu('MASK').axes).toEqual([50, 30]);
    const crval1a = pix.hdu('MASK').cards.find((c) => c.kind === 'value' && c.key === 'CRVAL1A');
    expect(crval1a?.kind === 'value' && crval1a.value.type === 'real' && crval1a.value.value).toBe(15900 + 100);
    await pix.close();
    const [ra1, dec1] = wcs.pixelToSky(500, 500);
    const [ra2, dec2] = wcs.pixelToSky(600, 600);
    const range = `RANGE ${Math.min(ra1, ra2)} ${Math.max(ra1, ra2)} ${Math.min(dec1, dec2)} ${Math.max(dec1, dec2)}`;
    const rr = await saved((await soda(`POS=${encodeURIComponent(range)}&PLANE=IMAGE`).expect(200)).body as Buffer, 'range.fits');
    expect(rr.hdu('IMAGE').axes.every((n) => n >= 100 && n <= 103)).toBe(true);
    await rr.close();
    const poly = [wcs.pixelToSky(10, 10), wcs.pixelToSky(60, 10), wcs.pixelToSky(10, 40)].flat().join(' ');
    const pp = await saved((await soda(`POLYGON=${encodeURIComponent(poly)}&PLANE=IMAGE`).expect(200)).body as Buffer, 'poly.fits');
    expect(pp.hdu('IMAGE').axes).toEqual([51, 31]);
    await pp.close();
  });

  it('astropy opens a served cutout and agrees with its WCS', async () => {
    const p = path.join(tmp, 'astropy.fits');
    const full = await FitsReader.open(file);
    const wcs = TanWcs.fromHeader(full.hdu('IMAGE').cards);
    await full.close();
    const [ra, dec] = wcs.pixelToSky(3000, 1000);
    fs.writeFileSync(p, (await soda(`CIRCLE=${ra}%20${dec}%200.003`).expect(200)).body as Buffer);
    const out = execFileSync('/usr/bin/python3', ['-c', `
import sys
from astropy.io import fits
from astropy.wcs import WCS
h = fits.open(sys.argv[1])
h.verify('exception')
x, y = WCS(h['IMAGE'].header).all_world2pix(${ra}, ${dec}, 0)
print(len(h), h['IMAGE'].data.shape, float(x), float(y))`, p]).toString().trim().split(' ');
    expect(out[0]).toBe('4');
    const cut = await FitsReader.open(p);
    const [x, y] = TanWcs.fromHeader(cut.hdu('IMAGE').cards).skyToPixel(ra, dec);
    await cut.close();
    expect(Math.abs(Number(out[out.length - 2]) - x)).toBeLessThan(1e-6);
    expect(Math.abs(Number(out[out.length - 1]) - y)).toBeLessThan(1e-6);
  });

  it('no overlap is 204 No Content (SODA 1.0 §5.1); unknown ID, two regions and too large give SODA errors', async () => {
    const far = await soda('CIRCLE=10%2010%200.01').expect(204);
    expect(far.headers['x-soda-message']).toMatch(/^NoOverlap/);
    expect((await soda('BAND=4e-7%204.5e-7').expect(204)).headers['x-soda-message']).toMatch(/^NoOverlap: BAND/);
    expect((await get('/soda/sync?ID=ivo%3A%2F%2Fhsc-vo.example%2Fimages%3Fpdr3_wide%2F1%2F1%2C1%2FHSC-I').expect(404)).body.toString()).toMatch(/^UsageError: no image/);
    expect((await get('/soda/sync?CIRCLE=1%202%203').expect(400)).body.toString()).toMatch(/^UsageError: ID is required/);
    expect((await soda('CIRCLE=1%202%200.1&PIXELS=1%202%201%202').expect(400)).body.toString()).toMatch(/^MultiValuedParamNotSupported: /);
    const small = await imageTestApp({ SODA_MAX_PIXELS: '100' });
    try {
      const r = await request(small.koa.callback()).get(`/soda/sync?ID=${encodeURIComponent(did)}&PIXELS=1%20100%201%20100`).expect(413);
      expect(r.text).toMatch(/^UsageError: TooLarge/);
    } finally {
      await small.close();
    }
  });

  it('a PLANE request with the band of the image overlapping returns only that plane', async () => {
    const r = await soda('PIXELS=1%2010%201%2010&BAND=7e-7%208e-7&PLANE=VARIANCE&PLANE=MASK').expect(200);
    const cut = await saved(r.body as Buffer, 'planes.fits');
    expect(cut.hdus.map((h) => h.extname)).toEqual([undefined, 'MASK', 'VARIANCE']);
    const primary = parseHeader(fs.readFileSync(path.join(tmp, 'planes.fits'))).cards;
    expect(primary.some((c) => c.kind === 'value' && c.key === 'DATASRC')).toBe(true);
    expect(primary.some((c) => c.kind === 'value' && c.key === 'FLUXMAG0')).toBe(true);
    await cut.close();
  });
});

describe('DataLink links', () => {
  it('lists #this, mask, variance, #preview and #cutout with a complete SODA descriptor', async () => {
    const r = await get(`/datalink/links?ID=${encodeURIComponent(did)}`).expect(200);
    const text = (r.body as Buffer).toString();
    expect(r.headers['content-type']).toBe('application/x-votable+xml;content=datalink');
    expect(text).toContain('<INFO name="standardID" value="ivo://ivoa.net/std/DataLink#links-1.1"/>');
    for (const s of ['#this', '#preview', '#cutout', '#auxiliary']) expect(text).toContain(`<TD>${s}</TD>`);
    expect((text.match(/<TR>/g) ?? []).length).toBe(5);
    expect(text).toMatch(/<RESOURCE type="meta" utype="adhoc:service" ID="soda-1"/);
    expect(text).toMatch(/<PARAM name="CIRCLE" datatype="double" arraysize="3" xtype="circle" unit="deg" ucd="pos.outline;obs" value="">.*<MAX value="[\d. -]+"\/>/);
    expect(text).toContain('<PARAM name="ID" datatype="char" arraysize="*" ucd="meta.ref.url;meta.curation" value="" ref="ID">');
  });

  it('answers several IDs in one request, unknown ones as NotFoundFault rows, and caps the count with OVERFLOW', async () => {
    const unknown = 'ivo://hsc-vo.example/images?pdr3_wide/1/1,1/HSC-I';
    const r = await get(`/datalink/links?ID=${encodeURIComponent(did)}&ID=${encodeURIComponent(unknown)}&ID=nonsense`).expect(200);
    const text = (r.body as Buffer).toString();
    expect((text.match(/<TR>/g) ?? []).length).toBe(7);
    expect((text.match(/NotFoundFault: no image with ID/g) ?? []).length).toBe(2);
    const capped = await imageTestApp({ DATALINK_MAX_IDS: '1' });
    try {
      const c = await request(capped.koa.callback()).get(`/datalink/links?ID=${encodeURIComponent(did)}&ID=nonsense`).expect(200);
      expect((c.text.match(/<TR>/g) ?? []).length).toBe(5);
      expect(c.text).toMatch(/<\/TABLE>\s*<INFO name="QUERY_STATUS" value="OVERFLOW"/);
    } finally {
      await capped.close();
    }
  });

  it('follows #this to the whole file and #preview to a PNG', async () => {
    const links = (await get(`/datalink/links?ID=${encodeURIComponent(did)}`).expect(200)).body.toString();
    const urlOf = (sem: string): string => {
      const row = links.split('<TR>').find((tr: string) => tr.includes(`<TD>${sem}</TD>`)) ?? '';
      const url = new URL((/<TD>(http[^<]*)<\/TD>/.exec(row)?.[1] ?? '').replaceAll('&amp;', '&'));
      return url.pathname + url.search;
    };
    const head = await request(app.koa.callback()).head(urlOf('#this')).expect(200);
    expect(Number(head.headers['content-length'])).toBe(fs.statSync(file).size);
    const png = await get(urlOf('#preview')).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
  });
});
