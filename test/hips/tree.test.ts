// The HiPS tree as a whole: properties keys (t_min/t_max from the sources), lower orders as 2×2
// means (by NESTED index), Moc.fits read by astropy, Allsky layout, preview.jpg, Hipsgen LINT,
// determinism, incremental and resumed builds, colour.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBandHips, type BandBuildOptions } from '../../src/hips/build.ts';
import { buildColorHips } from '../../src/hips/color.ts';
import { readFitsTile } from '../../src/hips/encode.ts';
import { deinterleave, tilePath } from '../../src/hips/healpix.ts';
import { BuildJournal, readManifest, sourceKey } from '../../src/hips/manifest.ts';
import { PREVIEW_SIZE } from '../../src/hips/preview.ts';
import { parseProperties, propertyValue, REQUIRED_KEYS } from '../../src/hips/properties.ts';
import { createLogger } from '../../src/log.ts';
import { astropyJson } from '../fits/astropy.ts';
import { previewAgreement } from './preview-check.ts';
import { tempDir, writeTestImages, type SyntheticImage } from './fixtures.ts';

const W = 64;
const ORDER = 10;
const FAR: SyntheticImage = { ra: 150.6, dec: 2.3, width: 200, height: 200, scale: 1, seed: 3, observed: { mjdBeg: 58001.25, mjdEnd: 58001.26 } };
const NEAR: SyntheticImage[] = [
  { ra: 150, dec: 2, width: 300, height: 280, scale: 1, seed: 1, observed: { mjdBeg: 57305.4123456, mjdEnd: 57390.2 } },
  { ra: 150.05, dec: 2.02, width: 300, height: 280, scale: 1, seed: 2, rotation: 10, observed: { mjdBeg: 57410.3, mjdEnd: 58120.6654321 } },
];
const log = createLogger('error');
const HIPSGEN_JAR = '/usr/share/java/aladin.jar';

function options(dir: string, files: string[], extra: Partial<BandBuildOptions> = {}): BandBuildOptions {
  return {
    dir, files, width: W, order: ORDER, formats: ['png'], concurrency: 2, log,
    description: { id: path.basename(dir), creatorDid: 'ivo://test/P/t', title: 'test', description: 'test', band: 'i', releaseDate: 0 },
    ...extra,
  };
}

const HIPSGEN = existsSync(HIPSGEN_JAR);

/** Hipsgen's LINT finds the HiPS fully compatible: no error, no warning, a preview.jpg. */
function expectLintClean(dir: string): void {
  const out = execFileSync('java', ['-jar', HIPSGEN_JAR, '-hipsgen', `in=${dir}`, `out=${dir}`, 'LINT'], { encoding: 'utf8', timeout: 60_000 });
  expect(out).toMatch(/is fully IVOA HiPS 1\.0 compatible/);
  expect(out).not.toMatch(/ERROR|WARN|with warnings/);
  expect(out).not.toMatch(/no "preview\.jpg"/);
}

/** Relative path → sha256 of every served file of a HiPS tree. */
async function treeHashes(dir: string, only: RegExp = /./): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const rel = path.relative(dir, path.join(e.parentPath, e.name));
    if (!only.test(rel)) continue;
    out.set(rel, crypto.createHash('sha256').update(await fs.readFile(path.join(dir, rel))).digest('hex'));
  }
  return out;
}

/** Value of HEALPix pixel `p` (order k + log2 W) in the FITS tiles of order k, by the NESTED rule. */
async function pixelValue(dir: string, k: number, p: number): Promise<number> {
  const tile = Math.floor(p / (W * W));
  const { x: ix, y: iy } = deinterleave(p % (W * W));
  const data = await readFitsTile(path.join(dir, tilePath(k, tile, 'fits')));
  return data[(W - 1 - ix) * W + iy]!;
}

describe('HiPS tree', () => {
  let root = '';
  let files: string[] = [];
  let full = '';
  beforeAll(async () => {
    root = await tempDir('tree');
    files = await writeTestImages(root, [...NEAR, FAR]);
    full = path.join(root, 'full');
    await buildBandHips(options(full, files));
  }, 120_000);

  afterAll(async () => { if (root) await fs.rm(root, { recursive: true, force: true }); });

  it('writes every required HiPS 1.0 key and the recommended ones, consistent with the tree', async () => {
    const props = parseProperties(await fs.readFile(path.join(full, 'properties'), 'utf8'));
    for (const k of [...REQUIRED_KEYS, 'hips_tile_width', 'hips_order_min', 'hips_pixel_bitpix', 'hips_pixel_cut', 'hips_data_range',
      'hips_initial_ra', 'hips_initial_dec', 'hips_initial_fov', 'moc_sky_fraction', 'hips_pixel_scale', 'em_min', 'em_max', 'obs_description']) {
      expect(propertyValue(props, k), k).toBeTruthy();
    }
    expect(propertyValue(props, 'hips_order')).toBe(String(ORDER));
    expect(propertyValue(props, 'hips_tile_format')).toBe('png fits');
    expect(propertyValue(props, 'hips_release_date')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    const dirs = (await fs.readdir(full)).filter((d) => d.startsWith('Norder')).sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
    expect(dirs).toEqual(Array.from({ length: ORDER + 1 }, (_, i) => `Norder${i}`));
  });

  it('states t_min/t_max as the earliest start and latest end of the sources, rounded outwards', async () => {
    const props = parseProperties(await fs.readFile(path.join(full, 'properties'), 'utf8'));
    // Earliest start: NEAR[0] 57305.4123456; latest end: NEAR[1] 58120.6654321.
    expect(propertyValue(props, 't_min')).toBe('57305.41234');
    expect(propertyValue(props, 't_max')).toBe('58120.66544');
  });

  it('states the i-band wavelengths of ObsCore (half-maximum edges) and the optical regime', async () => {
    const props = parseProperties(await fs.readFile(path.join(full, 'properties'), 'utf8'));
    expect([propertyValue(props, 'em_min'), propertyValue(props, 'em_max'), propertyValue(props, 'obs_regime')]).toEqual(['6.9e-7', '8.6e-7', 'Optical']);
  });

  it('leaves t_min/t_max out when a source does not say when it was observed', async () => {
    const undated = path.join(root, 'undated');
    const extra = await writeTestImages(path.join(root, 'undated-src'), [{ ...FAR, observed: undefined }]);
    await buildBandHips(options(undated, [...files.slice(0, 2), ...extra]));
    const props = parseProperties(await fs.readFile(path.join(undated, 'properties'), 'utf8'));
    expect(propertyValue(props, 't_min')).toBeUndefined();
    expect(propertyValue(props, 't_max')).toBeUndefined();
  }, 120_000);

  it('writes preview.jpg: a 256² JPEG of the initial view, north up and east left, showing the sources', async () => {
    const file = path.join(full, 'preview.jpg');
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', PREVIEW_SIZE, PREVIEW_SIZE]);
    const props = parseProperties(await fs.readFile(path.join(full, 'properties'), 'utf8'));
    const view = { ra: Number(propertyValue(props, 'hips_initial_ra')), dec: Number(propertyValue(props, 'hips_initial_dec')),
      fov: Number(propertyValue(props, 'hips_initial_fov')) };
    const agreement = await previewAgreement(file, view, files);
    expect(agreement.covered).toBeGreaterThan(500);
    expect(agreement.correlation).toBeGreaterThan(0.8);
    expect(agreement.mirroredCorrelation).toBeLessThan(0.5);
  });

  it('makes each lower-order pixel the mean of its four NESTED children', async () => {
    const m = (await readManifest(full))!;
    const deep = m.blocks.flatMap((b) => b.tiles);
    let checked = 0;
    for (let k = ORDER - 1; k >= ORDER - 3; k--) {
      const tile = Math.floor(deep[0]! / 4 ** (ORDER - k));
      for (let s = 0; s < W * W; s += 97) {
        const p = tile * W * W + s;
        const kids = await Promise.all([0, 1, 2, 3].map((j) => pixelValue(full, k + 1, 4 * p + j).catch(() => NaN)));
        const finite = kids.filter((v) => !Number.isNaN(v));
        const v = await pixelValue(full, k, p);
        if (finite.length === 0) { expect(v).toBeNaN(); continue; }
        expect(v).toBeCloseTo(finite.reduce((a, x) => a + x, 0) / finite.length, 4);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('writes Moc.fits (MOC 2.0 NUNIQ) covering exactly the deepest tiles, as astropy reads it', async () => {
    const moc = astropyJson<{ header: Record<string, string | number>; uniq: number[] }>(String.raw`
import json, sys
from astropy.io import fits
h = fits.open(sys.argv[1] if len(sys.argv) > 1 else json.load(sys.stdin)['file'])
t = h[1]
print(json.dumps({'header': {k: t.header[k] for k in ['MOCVERS', 'MOCDIM', 'ORDERING', 'COORDSYS', 'MOCORD_S', 'TTYPE1', 'TFORM1']}, 'uniq': [int(u) for u in t.data['UNIQ']]}))
`, { file: path.join(full, 'Moc.fits') });
    expect(moc.header).toMatchObject({ MOCVERS: '2.0', MOCDIM: 'SPACE', ORDERING: 'NUNIQ', COORDSYS: 'C', MOCORD_S: ORDER, TTYPE1: 'UNIQ', TFORM1: '1J' });
    const cells = new Set<number>();
    for (const u of moc.uniq) {
      const order = Math.floor(Math.log2(u / 4) / 2);
      const npix = u - 4 * 4 ** order;
      const f = 4 ** (ORDER - order);
      for (let i = 0; i < f; i++) cells.add(npix * f + i);
    }
    const tiles = (await fs.readdir(path.join(full, `Norder${ORDER}`), { recursive: true })).filter((f) => f.endsWith('.fits'))
      .map((f) => Number(/Npix(\d+)/.exec(f)![1]));
    expect([...cells].sort((a, b) => a - b)).toEqual(tiles.sort((a, b) => a - b));
    expect([...moc.uniq].sort((a, b) => a - b)).toEqual(moc.uniq);
  });

  it.skipIf(!HIPSGEN)('passes Aladin Hipsgen LINT (IVOA HiPS 1.0 compatibility) with no warning', () => {
    expectLintClean(full);
  }, 60_000);

  it('lays Allsky out as 27 × 29 tiles of 64 pixels at order 3', async () => {
    const meta = await sharp(path.join(full, 'Norder3', 'Allsky.png')).metadata();
    expect([meta.width, meta.height]).toEqual([27 * 64, 29 * 64]);
  });

  it('writes the same bytes for the same input', async () => {
    const again = path.join(root, 'again');
    await buildBandHips(options(again, files, { concurrency: 1 }));
    expect(await treeHashes(again)).toEqual(await treeHashes(full));
  }, 120_000);

  it('rebuilds only the blocks an added image touches, giving the tiles of a full build', async () => {
    const inc = path.join(root, 'incremental');
    await buildBandHips(options(inc, files.slice(0, 2)));
    const report = await buildBandHips(options(inc, files));
    expect(report.blocksBuilt).toBeGreaterThan(0);
    expect(report.blocksUnchanged).toBeGreaterThan(0);
    const fitsOnly = /\.fits$/;
    expect(await treeHashes(inc, fitsOnly)).toEqual(await treeHashes(full, fitsOnly));
  }, 120_000);

  it('resumes an interrupted build, skipping the blocks its journal records', async () => {
    const resumed = path.join(root, 'resumed');
    await buildBandHips(options(resumed, files));
    const m = (await readManifest(resumed))!;
    // The state an interruption leaves: tiles and a journal, no manifest yet.
    await fs.rm(path.join(resumed, '.hips-build.json'));
    const journal = await BuildJournal.open(resumed, { params: m.params, stretch: m.stretch, sources: m.sources.map(sourceKey) });
    journal.record(m.blocks[0]!);
    const report = await buildBandHips(options(resumed, files));
    expect(report.blocksResumed).toBe(1);
    expect(report.blocksBuilt).toBe(m.blocks.length - 1);
    expect(await treeHashes(resumed)).toEqual(await treeHashes(full));
  }, 120_000);

  it('builds a colour HiPS from three band HiPS as RGBA PNG tiles, and skips up-to-date tiles on a rerun', async () => {
    const bandDirs = ['r', 'g', 'b'].map((b) => path.join(root, `band_${b}`)) as [string, string, string];
    // i, r, g → R, G, B, each band observed in its own season.
    const bands = ['i', 'r', 'g'];
    for (const [i, d] of bandDirs.entries()) {
      const imgs = await writeTestImages(path.join(root, `img_${i}`), [
        { ra: 150, dec: 2, width: 300, height: 280, scale: 1, seed: 10 + i, observed: { mjdBeg: 58000 + 100 * i, mjdEnd: 58000.5 + 100 * i } },
      ]);
      await buildBandHips(options(d, imgs, { description: { id: bands[i]!, creatorDid: 'ivo://test/P/t', title: 't', description: 't', band: bands[i]!, releaseDate: 0 } }));
    }
    const color = path.join(root, 'color');
    const first = await buildColorHips({ dir: color, bands: bandDirs, log, concurrency: 2,
      description: { id: 'color', creatorDid: 'ivo://test/P/color', title: 'c', description: 'c', releaseDate: 0 } });
    expect(first.tilesWritten).toBe(first.tiles);
    const props = parseProperties(await fs.readFile(path.join(color, 'properties'), 'utf8'));
    expect(propertyValue(props, 'dataproduct_subtype')).toBe('color');
    // The colour HiPS spans what its three bands span: g's blue edge to i's red edge, all seasons.
    expect(['em_min', 'em_max', 't_min', 't_max'].map((k) => propertyValue(props, k))).toEqual(['3.98e-7', '8.6e-7', '58000.00000', '58200.50000']);
    const preview = await sharp(path.join(color, 'preview.jpg')).metadata();
    expect([preview.format, preview.width, preview.height, preview.channels]).toEqual(['jpeg', PREVIEW_SIZE, PREVIEW_SIZE, 3]);
    if (HIPSGEN) expectLintClean(color);
    const m = (await readManifest(bandDirs[0]))!;
    const tile = m.blocks[0]!.tiles[0]!;
    const { data, info } = await sharp(path.join(color, tilePath(ORDER, tile, 'png'))).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    const alphas = new Set<number>();
    for (let i = 3; i < data.length; i += 4) alphas.add(data[i]!);
    expect(alphas.has(255)).toBe(true);
    const second = await buildColorHips({ dir: color, bands: bandDirs, log, concurrency: 2,
      description: { id: 'color', creatorDid: 'ivo://test/P/color', title: 'c', description: 'c', releaseDate: 0 } });
    expect(second.tilesWritten).toBe(0);
  }, 180_000);
});
