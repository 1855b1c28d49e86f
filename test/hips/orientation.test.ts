// The deepest FITS tiles hold the sources' bilinear interpolation at the centres of the
// HEALPix NESTED pixels, located with an independent HEALPix (astropy-healpix) and WCS (astropy).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBandHips } from '../../src/hips/build.ts';
import { createLogger } from '../../src/log.ts';
import { astropyJson } from '../fits/astropy.ts';
import { tempDir, writeTestImages } from './fixtures.ts';


const CHECK = String.raw`
import json, sys
import numpy as np
import astropy.units as u
from astropy.io import fits
from astropy.wcs import WCS
from astropy_healpix import HEALPix
from scipy.ndimage import map_coordinates
req = json.load(sys.stdin)
K, W = req['order'], req['width']
S = W.bit_length() - 1
hp = HEALPix(nside=2 ** (K + S), order='nested')
srcs = []
for f in req['files']:
    with fits.open(f) as h:
        srcs.append((WCS(h[1].header), h[1].data.astype(np.float64)))
rng = np.random.default_rng(7)
out = []
w0, d0 = srcs[0]
while len(out) < req['samples']:
    x, y = rng.uniform(2, d0.shape[1] - 3), rng.uniform(2, d0.shape[0] - 3)
    ra, dec = w0.wcs_pix2world([[x, y]], 0)[0]
    p = int(hp.lonlat_to_healpix(ra * u.deg, dec * u.deg))
    lon, lat = hp.healpix_to_lonlat(p)
    cra, cdec = lon.deg, lat.deg
    vals, ambiguous = [], False
    for wcs, data in srcs:
        px, py = wcs.wcs_world2pix([[cra, cdec]], 0)[0]
        ny, nx = data.shape
        inside = 0.5 <= px <= nx - 1.5 and 0.5 <= py <= ny - 1.5
        near = -1.5 <= px <= nx + 0.5 and -1.5 <= py <= ny + 0.5
        if inside:
            vals.append(float(map_coordinates(data, [[py], [px]], order=1)[0]))
        elif near:
            ambiguous = True
    if ambiguous or not vals:
        continue
    tile, s = p >> (2 * S), p & ((1 << (2 * S)) - 1)
    ix = sum(((s >> (2 * k)) & 1) << k for k in range(S))
    iy = sum(((s >> (2 * k + 1)) & 1) << k for k in range(S))
    name = '%s/Norder%d/Dir%d/Npix%d.fits' % (req['dir'], K, tile // 10000 * 10000, tile)
    with fits.open(name) as t:
        got = float(t[0].data[W - 1 - ix, iy])
    out.append({'expected': sum(vals) / len(vals), 'got': got, 'n': len(vals)})
print(json.dumps(out))
`;

describe('HiPS tile orientation and NESTED order', () => {
  let root = '';
  let files: string[] = [];
  beforeAll(async () => {
    root = await tempDir('orient');
    files = await writeTestImages(root);
    await buildBandHips({
      dir: path.join(root, 'hips'), files, width: 64, formats: ['png'], concurrency: 2,
      description: { id: 't', creatorDid: 'ivo://test/P/t', title: 't', description: 't', band: 'i' },
      log: createLogger('error'),
    });
  }, 120_000);

  afterAll(async () => { if (root) await fs.rm(root, { recursive: true, force: true }); });

  it('deepest-tile pixel at a sky position equals the sources interpolated there (astropy-healpix)', async () => {
    const rows = astropyJson<{ expected: number; got: number; n: number }[]>(CHECK, {
      files, dir: path.join(root, 'hips'), order: 12, width: 64, samples: 300,
    });
    expect(rows.length).toBe(300);
    expect(rows.some((r) => r.n === 2)).toBe(true);
    for (const r of rows) expect(Math.abs(r.got - r.expected)).toBeLessThan(1e-4 * (1 + Math.abs(r.expected)));
  }, 60_000);

  it('the deepest order follows the source pixel scale (1″ with 64-pixel tiles → order 12)', async () => {
    const dirs = await fs.readdir(path.join(root, 'hips'));
    expect(dirs).toContain('Norder12');
    expect(dirs).not.toContain('Norder13');
  });
});
