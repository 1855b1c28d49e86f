// `hips build` for one band: plans the tiles the sources touch, tiles blocks on worker
// threads (resumable, incremental), then lower orders, Allsky, Moc.fits, preview.jpg and properties.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createProgress } from '../cli/progress.ts';
import { FitsReader } from '../fits/reader.ts';
import type { Logger } from '../log.ts';
import { runPool } from '../workers/pool.ts';
import type { BlockResult, BlockTask } from './block-worker.ts';
import type { TileFormat } from './encode.ts';
import { tilesTouching } from './footprint.ts';
import { deepestOrderFor } from './healpix.ts';
import { BuildJournal, readManifest, sameParams, sourceKey, writeManifest, type BuildManifest, type TilingParams } from './manifest.ts';
import { finishHips, tileSetsFrom, type HipsDescription } from './finish.ts';
import type { OverlapRule } from './reproject.ts';
import { finestPixelScale, readSourceImages, type SourceImage } from './sources.ts';
import { cutFromSample, type StretchParams } from './stretch.ts';
import { rebuildLowerOrders, removeStaleTiles } from './lower-orders.ts';

export interface BandBuildOptions {
  /** Directory of this HiPS (e.g. hips/hsc_pdr3_wide_i). */
  dir: string;
  files: readonly string[];
  description: HipsDescription;
  /** Deepest order; default: from the finest source pixel scale. */
  order?: number;
  /** Tile width, a power of two (default 512). */
  width?: number;
  /** Tile formats; FITS is always written (lower orders and colour HiPS are made from it). */
  formats?: readonly TileFormat[];
  overlap?: OverlapRule;
  concurrency?: number;
  /** Recompute the display cut even when a previous build has one. */
  recut?: boolean;
  log: Logger;
  /** Draw a progress bar (CLI); tests switch it off. */
  progress?: boolean;
}

export interface BandBuildReport {
  dir: string;
  order: number;
  /** Blocks tiled in this run, skipped as already done (resume), and left untouched (incremental). */
  blocksBuilt: number;
  blocksResumed: number;
  blocksUnchanged: number;
  /** Tiles per order after the build. */
  tiles: Record<number, number>;
  seconds: number;
}

/** Orders between a block and its deepest tiles: 64 tiles of 512² per block task. */
const BLOCK_DEPTH = 3;
const CUT_SAMPLE_ROWS = 64;
const CUT_SAMPLE_STEP = 4;

/** A sample of source pixel values (evenly spaced rows, every few pixels) for the display cut. */
async function samplePixels(sources: readonly SourceImage[]): Promise<Float64Array> {
  const values: number[] = [];
  for (const s of sources) {
    const reader = await FitsReader.open(s.path);
    try {
      const rows = Math.min(CUT_SAMPLE_ROWS, s.height);
      for (let i = 0; i < rows; i++) {
        const y = Math.floor(((i + 0.5) * s.height) / rows);
        const { pixels } = await reader.readImage(s.hdu, { x0: 0, y0: y, width: s.width, height: 1 });
        for (let x = i % CUT_SAMPLE_STEP; x < s.width; x += CUT_SAMPLE_STEP) values.push(pixels[x] as number);
      }
    } finally {
      await reader.close();
    }
  }
  return Float64Array.from(values);
}

/** Blocks (tiles of the block order) each source touches, via its deepest-order tiles. */
function planBlocks(sources: readonly SourceImage[], order: number, blockOrder: number): Map<number, { sources: Set<number>; tiles: number }> {
  const shift = 4 ** (order - blockOrder);
  const blocks = new Map<number, { sources: Set<number>; tiles: Set<number> }>();
  sources.forEach((s, i) => {
    for (const t of tilesTouching(s, order)) {
      const b = Math.floor(t / shift);
      const entry = blocks.get(b) ?? { sources: new Set<number>(), tiles: new Set<number>() };
      entry.sources.add(i);
      entry.tiles.add(t);
      blocks.set(b, entry);
    }
  });
  return new Map([...blocks].sort((a, b) => a[0] - b[0]).map(([b, e]) => [b, { sources: e.sources, tiles: e.tiles.size }]));
}

/** Blocks touched by sources that were added, removed or changed since the previous build. */
function dirtyBlocks(prev: BuildManifest, current: readonly SourceImage[], params: TilingParams): Set<number> {
  const now = new Set(current.map(sourceKey));
  const before = new Set(prev.sources.map(sourceKey));
  const changed = [...current.filter((s) => !before.has(sourceKey(s))), ...prev.sources.filter((s) => !now.has(sourceKey(s)))];
  return new Set(planBlocks(changed, params.order, params.blockOrder).keys());
}

export async function buildBandHips(opts: BandBuildOptions): Promise<BandBuildReport> {
  const started = Date.now();
  const log = opts.log.child({ hips: path.basename(opts.dir) });
  const sources = await readSourceImages(opts.files);
  if (sources.length === 0) throw new Error('no source images');
  const width = opts.width ?? 512;
  if (!Number.isInteger(Math.log2(width)) || width < 8) throw new Error(`tile width ${width} is not a power of two ≥ 8`);
  const order = opts.order ?? deepestOrderFor(finestPixelScale(sources), width);
  const formats: TileFormat[] = [...new Set<TileFormat>([...(opts.formats ?? ['png']), 'fits'])];
  const params: TilingParams = { order, blockOrder: Math.max(0, order - BLOCK_DEPTH), width, formats, overlap: opts.overlap ?? 'mean' };

  const prevManifest = await readManifest(opts.dir);
  const prev = prevManifest && sameParams(prevManifest.params, params) ? prevManifest : null;
  await fs.mkdir(opts.dir, { recursive: true });
  const stretch: StretchParams = prev && !opts.recut ? prev.stretch : cutFromSample(await samplePixels(sources));

  const plan = planBlocks(sources, order, params.blockOrder);
  const dirty = prev ? dirtyBlocks(prev, sources, params) : new Set(plan.keys());
  const journal = await BuildJournal.open(opts.dir, { params, stretch, sources: sources.map(sourceKey) });
  if (!prev && journal.done.size === 0) {
    // A first build or new tiling parameters, not resuming: nothing of an older tree can be kept.
    const entries = await fs.readdir(opts.dir).catch(() => [] as string[]);
    for (const e of entries) if (/^Norder\d+$/.test(e)) await fs.rm(path.join(opts.dir, e), { recursive: true, force: true });
  }
  const tasks: BlockTask[] = [];
  let expectedTiles = 0;
  for (const block of [...dirty].sort((a, b) => a - b)) {
    if (journal.done.has(block)) continue;
    const entry = plan.get(block);
    if (!entry) continue; // only removed sources were there: the block is now empty
    expectedTiles += entry.tiles;
    tasks.push({
      dir: opts.dir, order, blockOrder: params.blockOrder, block, width, formats, overlap: params.overlap, stretch,
      sources: [...entry.sources].sort((a, b) => a - b).map((i) => sources[i]!),
    });
  }
  log.info('tiling', { order, blocks: tasks.length, resumed: journal.done.size, unchanged: plan.size - dirty.size, sources: sources.length });

  const progress = opts.progress ? createProgress(`hips ${path.basename(opts.dir)}`, expectedTiles, 'tiles') : undefined;
  const results = await runPool<BlockTask, BlockResult>(new URL('./block-worker.ts', import.meta.url), tasks, {
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    onResult: (r, i) => {
      journal.record(r);
      progress?.tick(tasks[i] ? plan.get(tasks[i].block)?.tiles ?? 0 : 0);
    },
  });
  progress?.done();

  const blocks = new Map<number, BlockResult>();
  for (const b of prev?.blocks ?? []) if (!dirty.has(b.block)) blocks.set(b.block, b);
  for (const [b, r] of journal.done) if (dirty.has(b)) blocks.set(b, r);
  for (const r of results) blocks.set(r.block, r);
  const blockList = [...blocks.values()].filter((b) => b.tiles.length > 0).sort((a, b) => a.block - b.block);

  const tileSets = tileSetsFrom(blockList, order);
  if (prev) await removeStaleTiles(opts.dir, tileSetsFrom(prev.blocks, prev.params.order), tileSets, formats);
  await rebuildLowerOrders(opts.dir, params, dirty, tileSets, stretch);
  await finishHips(opts.dir, { params, stretch, blocks: blockList, sources, description: opts.description, tileSets });

  await writeManifest(opts.dir, { version: 1, params, stretch, sources, blocks: blockList });
  await journal.remove();
  const tiles: Record<number, number> = {};
  for (const [o, set] of tileSets) tiles[o] = set.size;
  const report = {
    dir: opts.dir, order, blocksBuilt: tasks.length, blocksResumed: [...journal.done.keys()].filter((b) => dirty.has(b)).length,
    blocksUnchanged: plan.size - [...plan.keys()].filter((b) => dirty.has(b)).length, tiles, seconds: (Date.now() - started) / 1000,
  };
  log.info('hips built', { ...report });
  return report;
}
