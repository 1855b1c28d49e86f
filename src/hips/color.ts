// Colour HiPS from three single-band HiPS (e.g. i, r, g → R, G, B) with the Lupton et al.
// (2004) asinh scheme hscMap uses; every order is made from the band tiles of that order, so
// the sources are never read again. Tiles whose band tiles did not change are kept.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createProgress } from '../cli/progress.ts';
import type { Logger } from '../log.ts';
import { runPool } from '../workers/pool.ts';
import { assembleAllsky, ALLSKY_TILE } from './allsky.ts';
import type { ColorTask } from './color-worker.ts';
import { colorToRaster, encodeRaster, extensionOf, readFitsTile, type ImageFormat } from './encode.ts';
import { combinedSpan } from './epochs.ts';
import { allskyOrder, commonProperties, initialView, releaseDateOf, tileSetsFrom, writeMoc, type HipsDescription } from './finish.ts';
import { tilePath } from './healpix.ts';
import { readManifest, type BuildManifest } from './manifest.ts';
import { previewOrder, previewSampling, writeColorPreview } from './preview.ts';
import { formatProperties, parseProperties, propertyValue } from './properties.ts';
import { luptonFromCuts } from './stretch.ts';
import { writeFileAtomic } from './tile-store.ts';

export interface ColorBuildOptions {
  dir: string;
  /** Red, green, blue band HiPS directories (built by buildBandHips with the same order and width). */
  bands: [string, string, string];
  description: HipsDescription;
  formats?: ImageFormat[];
  concurrency?: number;
  log: Logger;
  progress?: boolean;
}

const CHUNK = 32;

async function mtime(file: string): Promise<number> {
  return (await fs.stat(file).catch(() => null))?.mtimeMs ?? -1;
}

/** A colour tile is up to date when it is newer than each of its band tiles. */
async function upToDate(dir: string, bands: readonly string[], order: number, npix: number, ext: string): Promise<boolean> {
  const own = await mtime(path.join(dir, tilePath(order, npix, ext)));
  if (own < 0) return false;
  for (const b of bands) if ((await mtime(path.join(b, tilePath(order, npix, 'fits')))) > own) return false;
  return true;
}

/** The wavelength range of the three band HiPS together, from their properties; null when one lacks it. */
async function bandsWavelengths(bands: readonly string[]): Promise<[number, number] | null> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const b of bands) {
    const props = parseProperties(await fs.readFile(path.join(b, 'properties'), 'utf8').catch(() => ''));
    const min = Number(propertyValue(props, 'em_min'));
    const max = Number(propertyValue(props, 'em_max'));
    if (!(min > 0 && max >= min)) return null;
    lo = Math.min(lo, min);
    hi = Math.max(hi, max);
  }
  return [lo, hi];
}

export async function buildColorHips(opts: ColorBuildOptions): Promise<{ tilesWritten: number; tiles: number }> {
  const manifests: BuildManifest[] = [];
  for (const b of opts.bands) {
    const m = await readManifest(b);
    if (!m) throw new Error(`${b} is not a built HiPS (no build manifest)`);
    manifests.push(m);
  }
  const [first] = manifests as [BuildManifest];
  if (manifests.some((m) => m.params.order !== first.params.order || m.params.width !== first.params.width)) {
    throw new Error('the three band HiPS must have the same deepest order and tile width');
  }
  const { order, width } = first.params;
  const formats = opts.formats ?? ['png'];
  const lupton = luptonFromCuts(manifests.map((m) => m.stretch));
  const sets = manifests.map((m) => tileSetsFrom(m.blocks, order));
  const union = new Map<number, Set<number>>();
  for (let o = order; o >= 0; o--) union.set(o, new Set(sets.flatMap((s) => [...(s.get(o) ?? [])])));

  const todo: [number, number][] = [];
  let total = 0;
  for (const [o, set] of union) {
    for (const npix of [...set].sort((a, b) => a - b)) {
      total++;
      if (!(await upToDate(opts.dir, opts.bands, o, npix, extensionOf(formats[0]!)))) todo.push([o, npix]);
    }
  }
  const tasks: ColorTask[] = [];
  for (let i = 0; i < todo.length; i += CHUNK) {
    tasks.push({ dir: opts.dir, bands: opts.bands, width, formats, lupton, tiles: todo.slice(i, i + CHUNK) });
  }
  const progress = opts.progress ? createProgress(`hips ${path.basename(opts.dir)}`, todo.length, 'tiles') : undefined;
  await runPool<ColorTask, number>(new URL('./color-worker.ts', import.meta.url), tasks, {
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    onResult: (n) => progress?.tick(n),
  });
  progress?.done();

  // Allsky from the bands' FITS Allsky images (same layout, so pixel by pixel).
  const ao = allskyOrder(order);
  const allsky = await Promise.all(opts.bands.map((b) => readFitsTile(path.join(b, `Norder${ao}`, 'Allsky.fits')).catch(() => null)));
  const layout = assembleAllsky(ao, new Map(), Math.min(ALLSKY_TILE, width)).layout;
  for (const format of formats) {
    const alpha = format === 'png';
    const raster = colorToRaster([allsky[0] ?? null, allsky[1] ?? null, allsky[2] ?? null], layout.width, layout.height, lupton, alpha);
    await writeFileAtomic(path.join(opts.dir, `Norder${ao}`, `Allsky.${extensionOf(format)}`),
      await encodeRaster(raster, layout.width, layout.height, alpha ? 4 : 3, format));
  }
  const deepest = union.get(order) ?? new Set<number>();
  const moc = await writeMoc(opts.dir, order, deepest);
  const view = initialView(order, deepest);
  const sampling = previewSampling(view, previewOrder(view.fov, width, order), width);
  await writeColorPreview(opts.dir, opts.bands.map((b, i) => [b, sets[i]!] as const), sampling, lupton);
  const sources = manifests.flatMap((m) => m.sources);
  const props: [string, string][] = [
    ...commonProperties({
      desc: opts.description, order, width, formats, moc, view, releaseDate: releaseDateOf(opts.description, sources), tileCount: total,
      observed: combinedSpan(sources.map((s) => s.observed)), wavelengths: await bandsWavelengths(opts.bands),
    }),
    ['dataproduct_subtype', 'color'],
    ['hips_rgb_red', path.basename(opts.bands[0])],
    ['hips_rgb_green', path.basename(opts.bands[1])],
    ['hips_rgb_blue', path.basename(opts.bands[2])],
    ['hips_stretch', `lupton Q=${lupton.q} stretch=${lupton.stretch.toPrecision(6)} minimum=${lupton.minimum.toPrecision(6)}`],
  ];
  await writeFileAtomic(path.join(opts.dir, 'properties'), formatProperties(props));
  opts.log.info('colour hips built', { dir: opts.dir, tiles: total, written: todo.length });
  return { tilesWritten: todo.length, tiles: total };
}
