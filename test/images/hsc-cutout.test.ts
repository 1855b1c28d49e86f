// The HSC cutout service's interface: ra/dec/sw/sh and corner boxes, filter and rerun names,
// image/mask/variance switches; the same pixels as a SODA cutout of the same box.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAngle } from '../../src/images/hsc-cutout.ts';
import { imageTestApp, type ImageTestApp } from './support.ts';

let app: ImageTestApp;
let centre: { ra: number; dec: number };
beforeAll(async () => {
  app = await imageTestApp();
  const r = await app.deps.db.reader.query(`SELECT s_ra, s_dec FROM ivoa.obscore WHERE em_filter_name = 'HSC-I'`);
  centre = { ra: r.rows[0].s_ra, dec: r.rows[0].s_dec };
});
afterAll(async () => { await app.close(); });

const binary = (url: string) => request(app.koa.callback()).get(url).buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});
const extnames = (fits: Buffer): string[] => [...fits.toString('latin1').matchAll(/EXTNAME = '(\w+)/g)].map((m) => m[1] ?? '');

describe('HSC-compatible cutout endpoint', () => {
  it('reads angles with units and sexagesimal RA/Dec', () => {
    expect(parseAngle('5arcsec', 'sw')).toBeCloseTo(5 / 3600, 12);
    expect(parseAngle('0.5amin', 'sw')).toBeCloseTo(0.5 / 60, 12);
    expect(parseAngle('10:00:00', 'ra', true)).toBe(150);
    expect(parseAngle('-02:30:00', 'dec')).toBe(-2.5);
    expect(() => parseAngle('5 parsec', 'sw')).toThrow(/not an angle/);
  });

  it('ra, dec, sw, sh give the image plane by default, mask and variance when switched on', async () => {
    const base = `/das_cutout/pdr3/cgi-bin/cutout?ra=${centre.ra}&dec=${centre.dec}&sw=5arcsec&sh=5arcsec&filter=HSC-I&rerun=pdr3_wide&type=coadd`;
    const r = await binary(base).expect(200);
    expect(r.headers['content-type']).toBe('application/fits');
    expect(extnames(r.body as Buffer)).toEqual(['IMAGE']);
    const all = await binary(`${base}&mask=on&variance=on`).expect(200);
    expect(extnames(all.body as Buffer)).toEqual(['IMAGE', 'MASK', 'VARIANCE']);
    const naxis1 = /NAXIS1  =\s+(\d+)/.exec((r.body as Buffer).toString('latin1'))?.[1];
    expect(Number(naxis1)).toBeGreaterThanOrEqual(59);
    expect(Number(naxis1)).toBeLessThanOrEqual(61);
  });

  it('corner form and tract -1 work; a wrong tract, rerun or filter is refused', async () => {
    const d = 3 / 3600;
    const corners = `ra1=${centre.ra - d}&dec1=${centre.dec - d}&ra2=${centre.ra + d}&dec2=${centre.dec + d}`;
    await binary(`/das_cutout/pdr3/cgi-bin/cutout?${corners}&filter=i&tract=-1`).expect(200);
    expect((await binary(`/das_cutout/pdr3/cgi-bin/cutout?${corners}&filter=i&tract=1`).expect(404)).body.toString()).toMatch(/^UsageError: no HSC-I image/);
    expect((await binary(`/das_cutout/pdr3/cgi-bin/cutout?${corners}&filter=i&rerun=pdr2_wide`).expect(400)).body.toString()).toMatch(/rerun/);
    expect((await binary(`/das_cutout/pdr3/cgi-bin/cutout?${corners}&filter=HSC-Q`).expect(400)).body.toString()).toMatch(/filter/);
  });
});
