// Calexp files and the mosaic table: a written cutout is a valid FITS file for astropy with the
// HSC layout (FLUXMAG0, IMAGE/MASK/VARIANCE, MP_* cards, LTV, shifted TAN WCS) and the same
// pixels as the scene; jobs and paths follow §3.1; mosaic rows match the images and the DDL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FitsReader } from '../../../src/fits/reader.ts';
import { calexpRelativePath, calexpScene, patchImageWcs, writeCalexpFile } from '../../../src/generate/images/calexp.ts';
import { imageJobs } from '../../../src/generate/images/jobs.ts';
import { MASK_PLANES } from '../../../src/generate/images/mask-planes.ts';
import { MOSAIC_COLUMNS, mosaicRow, mosaicUnits } from '../../../src/generate/images/mosaic.ts';
import type { CalexpScene } from '../../../src/generate/images/scene.ts';
import { projectRoot } from '../../../src/config.ts';
import { astropyJson } from '../../fits/astropy.ts';

const SEED = 3;
const BOX = { x0: 1000, y0: 2000, width: 300, height: 200 };

interface AstropyView {
  hdus: string[];
  fluxmag0: number;
  filter: string;
  planes: Record<string, number>;
  ltv1: number;
  crval1a: number;
  sky00: [number, number];
  imageSum: number;
  maskOr: number;
}

describe('calexp files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calexp-'));
  const file = path.join(dir, 'cutout.fits');
  let scene: CalexpScene;
  beforeAll(async () => {
    scene = calexpScene(SEED, { dataset: 'pdr3_wide', tract: 9560, px: 4, py: 4, band: 'r' });
    await writeCalexpFile(file, scene, BOX);
  });

  it('is read by astropy with the HSC coadd layout and a WCS that keeps every pixel on the sky', () => {
    const seen = astropyJson<AstropyView>(`import json, numpy as np
from astropy.io import fits
from astropy.wcs import WCS
with fits.open(${JSON.stringify(file)}) as f:
    f.verify('exception')
    m = f['MASK'].header
    w = WCS(f['IMAGE'].header)
    print(json.dumps({
      'hdus': [h.name for h in f],
      'fluxmag0': f[0].header['FLUXMAG0'], 'filter': f[0].header['FILTER'],
      'planes': {k[3:]: v for k, v in m.items() if k.startswith('MP_')},
      'ltv1': f['IMAGE'].header['LTV1'], 'crval1a': f['IMAGE'].header['CRVAL1A'],
      'sky00': [float(v) for v in w.all_pix2world([[0, 0]], 0)[0]],
      'imageSum': float(np.nansum(f['IMAGE'].data.astype('float64'))),
      'maskOr': int(np.bitwise_or.reduce(f['MASK'].data.ravel())),
    }))`);
    expect(seen.hdus).toEqual(['PRIMARY', 'IMAGE', 'MASK', 'VARIANCE']);
    expect(seen.fluxmag0).toBeCloseTo(6.3096e10, -7);
    expect(seen.filter).toBe('HSC-R');
    expect(seen.planes).toEqual(Object.fromEntries(MASK_PLANES.map((p, i) => [p, i])));
    expect(seen.ltv1).toBe(-(scene.outer.x0 + BOX.x0));
    expect(seen.crval1a).toBe(scene.outer.x0 + BOX.x0);
    const full = patchImageWcs(9560, 4, 4).pixelToSky(BOX.x0, BOX.y0);
    expect(seen.sky00[0]).toBeCloseTo(full[0], 10);
    expect(seen.sky00[1]).toBeCloseTo(full[1], 10);
    const planes = scene.render(BOX);
    expect(seen.imageSum).toBeCloseTo(planes.image.reduce((s, v) => s + (Number.isNaN(v) ? 0 : v), 0), 1);
    expect(seen.maskOr).toBe(planes.mask.reduce((a, b) => a | b, 0));
  });

  it('holds exactly the scene pixels, read back by row ranges', async () => {
    const r = await FitsReader.open(file);
    const planes = scene.render(BOX);
    const sub = { x0: 10, y0: 150, width: 20, height: 30 };
    for (const [name, data] of [['IMAGE', planes.image], ['MASK', planes.mask], ['VARIANCE', planes.variance]] as const) {
      const rect = await r.readImage(name, sub);
      for (let y = 0; y < sub.height; y++)
        for (let x = 0; x < sub.width; x++) expect(rect.pixels[y * sub.width + x]).toBe(data[(sub.y0 + y) * BOX.width + sub.x0 + x]);
    }
    await r.close();
  });

  it('lists the profile images at their deepCoadd-results paths', () => {
    expect(calexpRelativePath('pdr3_wide', 9560, { x: 4, y: 5 }, 'i')).toBe('pdr3_wide/deepCoadd-results/HSC-I/9560/4,5/calexp-HSC-I-9560-4,5.fits');
    expect(imageJobs('tiny').map((j) => j.band)).toEqual(['g', 'r', 'i', 'z', 'y']);
    const demo = imageJobs('demo');
    expect(demo).toHaveLength(20);
    expect(new Set(demo.map((j) => j.schema))).toEqual(new Set(['pdr3_wide', 'pdr3_dud']));
  });
});

describe('mosaic table', () => {
  it('describes each materialised image with its size, WCS, corners, depth and file path', () => {
    const job = imageJobs('tiny')[2]!;
    const row = mosaicRow('tiny', SEED, job);
    const v = (name: string): unknown => row[MOSAIC_COLUMNS.findIndex((c) => c.name === name)];
    const wcs = patchImageWcs(9560, 4, 4);
    expect(v('naxis1')).toBe(4200);
    expect(v('crpix1')).toBe(wcs.params.crpix[0]);
    expect(v('cd1_1')).toBeLessThan(0);
    expect(v('ltv1')).toBe(-15900);
    expect(v('llcra')).toBeCloseTo(wcs.pixelToSky(-0.5, -0.5)[0], 12);
    expect(v('filter01')).toBe('HSC-I');
    expect(v('file_path')).toBe(job.path);
    expect(v('zeropt')).toBe(27);
    expect(v('maglimit')).toBeGreaterThan(24);
    expect(v('mjd_end') as number).toBeGreaterThan(v('mjd_str') as number);
  });

  it('has one unit per schema and the columns of sql/030_mosaic.sql in order', () => {
    expect(mosaicUnits('demo', SEED).map((u) => u.key)).toEqual(['mosaic/pdr3_wide', 'mosaic/pdr3_dud']);
    const ddl = fs.readFileSync(path.join(projectRoot, 'sql', '030_mosaic.sql'), 'utf8');
    const body = ddl.slice(ddl.indexOf('('), ddl.indexOf('PRIMARY KEY'));
    const names = [...body.matchAll(/^\s+"?([a-z0-9_]+)"?\s+(\w+)/gm)].map((m) => [m[1], m[2]]);
    expect(names).toEqual(MOSAIC_COLUMNS.map((c) => [c.name, c.pgType]));
  });
});
