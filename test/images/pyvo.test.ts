// Real client: pyvo 1.2.1 finds the images with SIAService (SIA 2.0, found through /sia/capabilities), follows DataLink and
// gets a cutout through the SODA service descriptor; astropy opens every FITS file it receives.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageTestApp, type ImageTestApp } from './support.ts';

let app: ImageTestApp;
let server: Server;
let url: string;
let centre: { ra: number; dec: number };

beforeAll(async () => {
  app = await imageTestApp();
  server = app.koa.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = await app.deps.db.reader.query(`SELECT s_ra, s_dec FROM ivoa.obscore LIMIT 1`);
  centre = { ra: r.rows[0].s_ra, dec: r.rows[0].s_dec };
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await app.close();
});

const SCRIPT = `
import io, json, sys
import astropy.units as u
from astropy.io import fits
from pyvo.dal.sia2 import SIAService
base, ra, dec = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
service = SIAService(base + '/sia')
results = service.search(pos=(ra * u.deg, dec * u.deg, 0.01 * u.deg), band=(7.5e-7, 8.0e-7))
out = {'records': len(results)}
rec = results[0]
out['filter'] = str(rec['em_filter_name'])
out['s_region'] = rec['s_region'] if isinstance(rec['s_region'], str) else repr(rec['s_region'])
links = rec.getdatalink()
out['semantics'] = sorted({str(r.semantics) for r in links})
this = next(links.bysemantics('#this', include_narrower=False))
out['this_url'] = this.access_url
cut = links.get_first_proc().processed(circle=(ra, dec, 10.0 / 3600) * u.deg)
data = cut.read()
h = fits.open(io.BytesIO(data))
h.verify('exception')
out['hdus'] = [x.name for x in h]
out['shape'] = list(h['IMAGE'].data.shape)
direct = rec.processed(circle=(ra, dec, 5.0 / 3600) * u.deg)
h2 = fits.open(io.BytesIO(direct.read()))
out['direct_shape'] = list(h2['IMAGE'].data.shape)
print(json.dumps(out))
`;

describe('pyvo 1.2.1 against the image services', () => {
  // Asynchronously: the server answering pyvo runs in this process.
  it('SIA2 search, DataLink and a SODA cutout through the descriptor, opened by astropy', async () => {
    const run = await promisify(execFile)('/usr/bin/python3', ['-c', SCRIPT, url, String(centre.ra), String(centre.dec)], { timeout: 60_000 });
    const out = JSON.parse(run.stdout) as {
      records: number; filter: string; s_region: string; semantics: string[]; this_url: string; hdus: string[]; shape: number[]; direct_shape: number[];
    };
    expect(out.records).toBe(1);
    expect(out.filter).toBe('HSC-I');
    // ObsCore 1.1 §4.12: a string, STC-S, which pyvo hands over as text.
    expect(out.s_region).toMatch(/^POLYGON ICRS( -?\d+(\.\d+)?(e-?\d+)?){8}$/);
    expect(out.semantics).toEqual(['#auxiliary', '#cutout', '#preview', '#this']);
    expect(out.this_url.startsWith(`${url}/images/file?ID=`)).toBe(true);
    expect(out.hdus).toEqual(['PRIMARY', 'IMAGE', 'MASK', 'VARIANCE']);
    for (const n of out.shape) expect(Math.abs(n - 120)).toBeLessThanOrEqual(2);
    for (const n of out.direct_shape) expect(Math.abs(n - 60)).toBeLessThanOrEqual(2);
  });
});
