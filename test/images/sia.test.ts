// SIA 2.0 /sia/query against ivoa.obscore: every parameter constrains, repeats OR, different
// parameters AND, MAXREC overflow, DALI error documents, ObsCore FIELDs and descriptors.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageTestApp, type ImageTestApp } from './support.ts';

let app: ImageTestApp;
let centre: { ra: number; dec: number };
beforeAll(async () => {
  app = await imageTestApp();
  const r = await app.deps.db.reader.query('SELECT s_ra, s_dec FROM ivoa.obscore LIMIT 1');
  centre = { ra: r.rows[0].s_ra, dec: r.rows[0].s_dec };
});
afterAll(async () => { await app.close(); });

const rowCount = (xml: string): number => (xml.match(/<TR>/g) ?? []).length;
const sia = (query: string) => request(app.koa.callback()).get(`/sia/query?${query}`);

describe('SIA 2.0 query', () => {
  it('POS CIRCLE on the image finds all five bands, far away finds none', async () => {
    const hit = await sia(`POS=${encodeURIComponent(`CIRCLE ${centre.ra} ${centre.dec} 0.01`)}`).expect(200);
    expect(hit.headers['content-type']).toMatch(/application\/x-votable\+xml/);
    expect(rowCount(hit.text)).toBe(5);
    const miss = await sia(`POS=${encodeURIComponent(`CIRCLE ${centre.ra + 10} ${centre.dec} 0.01`)}`).expect(200);
    expect(rowCount(miss.text)).toBe(0);
  });

  it('POS RANGE accepts +Inf/-Inf and POLYGON works', async () => {
    expect(rowCount((await sia(`POS=${encodeURIComponent(`RANGE -Inf +Inf ${centre.dec - 0.1} ${centre.dec + 0.1}`)}`).expect(200)).text)).toBe(5);
    expect(rowCount((await sia(`POS=${encodeURIComponent(`RANGE ${centre.ra - 0.01} ${centre.ra + 0.01} -Inf +Inf`)}`).expect(200)).text)).toBe(5);
    const { ra, dec } = centre;
    const poly = `POLYGON ${ra - 0.01} ${dec - 0.01} ${ra + 0.01} ${dec - 0.01} ${ra} ${dec + 0.01}`;
    expect(rowCount((await sia(`POS=${encodeURIComponent(poly)}`).expect(200)).text)).toBe(5);
  });

  it('BAND selects the filter covering a wavelength; repeated BANDs are ORed', async () => {
    const one = await sia('BAND=7.7e-7').expect(200);
    expect(rowCount(one.text)).toBe(1);
    expect(one.text).toContain('HSC-I');
    expect(rowCount((await sia('BAND=4.5e-7&BAND=7.7e-7').expect(200)).text)).toBe(2);
  });

  it('different parameters are ANDed; exact strings are case-sensitive', async () => {
    expect(rowCount((await sia('BAND=7.7e-7&COLLECTION=pdr3_wide&DPTYPE=image&CALIB=3').expect(200)).text)).toBe(1);
    expect(rowCount((await sia('BAND=7.7e-7&COLLECTION=PDR3_WIDE').expect(200)).text)).toBe(0);
    expect(rowCount((await sia('INSTRUMENT=Hyper%20Suprime-Cam&FACILITY=Subaru').expect(200)).text)).toBe(5);
    expect(rowCount((await sia('CALIB=2').expect(200)).text)).toBe(0);
    expect(rowCount((await sia('POL=I').expect(200)).text)).toBe(0);
  });

  it('TIME, EXPTIME, FOV and SPATRES ranges constrain', async () => {
    expect(rowCount((await sia('TIME=-Inf%20+Inf&FOV=0.2%200.4&SPATRES=0%205').expect(200)).text)).toBe(5);
    expect(rowCount((await sia('FOV=1%202').expect(200)).text)).toBe(0);
    expect(rowCount((await sia('EXPTIME=1e9%20+Inf').expect(200)).text)).toBe(0);
  });

  it('ID matches the publisher DID case-insensitively', async () => {
    const r = await app.deps.db.reader.query('SELECT obs_publisher_did FROM ivoa.obscore LIMIT 1');
    const did: string = r.rows[0].obs_publisher_did;
    expect(rowCount((await sia(`ID=${encodeURIComponent(did.replace('ivo://hsc-vo.example/images', 'IVO://HSC-VO.EXAMPLE/IMAGES'))}`).expect(200)).text)).toBe(1);
  });

  it('MAXREC truncates with OVERFLOW after the TABLE; MAXREC=0 gives metadata only', async () => {
    const two = await sia('MAXREC=2').expect(200);
    expect(rowCount(two.text)).toBe(2);
    expect(two.text).toMatch(/<\/TABLE>\s*<INFO name="QUERY_STATUS" value="OVERFLOW"/);
    const zero = await sia('MAXREC=0').expect(200);
    expect(rowCount(zero.text)).toBe(0);
    expect(zero.text).toContain('value="OVERFLOW"');
    expect(zero.text).toContain('name="this"');
  });

  it('names ObsCore FIELDs with utypes and describes DataLink and SODA services', async () => {
    const r = await sia('MAXREC=1').expect(200);
    expect(r.text).toMatch(/<FIELD name="access_url"[^>]*utype="obscore:Access.Reference"/);
    expect(r.text).toMatch(/<FIELD name="obs_publisher_did" ID="obs_publisher_did"/);
    expect(r.text).toContain('ivo://ivoa.net/std/DataLink#links-1.1');
    expect(r.text).toContain('ivo://ivoa.net/std/SODA#sync-1.0');
    expect(r.text).toContain('application/x-votable+xml;content=datalink');
  });

  it('gives s_region as ObsCore 1.1 STC-S text: char, xtype adql:region, no unit (SIA 2.0 §3)', async () => {
    const r = await sia(`BAND=7.7e-7&POS=${encodeURIComponent(`CIRCLE ${centre.ra} ${centre.dec} 0.01`)}`).expect(200);
    const field = /<FIELD name="s_region"[^>]*>/.exec(r.text)?.[0] ?? '';
    expect(field).toContain('datatype="char"');
    expect(field).toContain('arraysize="*"');
    expect(field).toContain('xtype="adql:region"');
    expect(field).toContain('ucd="pos.outline;obs.field"');
    expect(field).not.toContain('unit=');
    const stcs = /<TD>(POLYGON ICRS [^<]*)<\/TD>/.exec(r.text)?.[1] ?? '';
    const numbers = stcs.split(' ').slice(2).map(Number);
    expect(numbers).toHaveLength(8);
    // The footprint's corners lie around the centre the POS circle was drawn at.
    for (let i = 0; i < 8; i += 2) {
      expect(Math.abs((numbers[i] ?? NaN) - centre.ra)).toBeLessThan(0.3);
      expect(Math.abs((numbers[i + 1] ?? NaN) - centre.dec)).toBeLessThan(0.3);
    }
  });

  it('POST works like GET (DALI sync)', async () => {
    const r = await request(app.koa.callback()).post('/sia/query').type('form').send({ band: '7.7e-7' }).expect(200);
    expect(rowCount(r.text)).toBe(1);
  });

  it('bad values are UsageFault VOTable error documents with HTTP 400', async () => {
    for (const q of ['POS=CIRCLE%201%202', 'BAND=abc', 'MAXREC=-1', 'CALIB=x', 'POS=BOX%201%202%203', 'MAXREC=1&MAXREC=2']) {
      const r = await sia(q).expect(400);
      expect(r.text).toMatch(/<INFO name="QUERY_STATUS" value="ERROR">UsageFault: /);
    }
  });

  it('RESPONSEFORMAT=csv answers CSV and errors in text/plain', async () => {
    const r = await sia('RESPONSEFORMAT=csv&BAND=7.7e-7').expect(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    expect(r.text.split('\n')[0]).toContain('obs_publisher_did');
    const e = await sia('RESPONSEFORMAT=csv&BAND=x').expect(400);
    expect(e.text).toMatch(/^UsageFault: /);
  });

  it('serves VOSI capabilities with the SIA 2.0 standardID and availability', async () => {
    const cap = await request(app.koa.callback()).get('/sia/capabilities').expect(200);
    expect(cap.text).toContain('standardID="ivo://ivoa.net/std/SIA#query-2.0"');
    expect(cap.text).toMatch(/\/sia\/query<\/accessURL>/);
    const av = await request(app.koa.callback()).get('/sia/availability').expect(200);
    expect(av.text).toContain('true');
  });
});
