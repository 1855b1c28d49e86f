// Worker-thread task: builds every tile under one block tile, from the deepest order (by
// reprojection of the sources) up to the block's own order (by 2×2 averaging), depth first.
import { TanWcs } from '../wcs/tan.ts';
import type { TileFormat } from './encode.ts';
import { sourceBoxUnder } from './footprint.ts';
import { tilePixelVectors, type TilePixelVectors } from './healpix.ts';
import { averageChildren } from './pyramid.ts';
import { RasterMemory } from './raster-memory.ts';
import { reprojectTile, type OverlapRule, type SourceRaster } from './reproject.ts';
import type { SourceImage } from './sources.ts';
import type { StretchParams } from './stretch.ts';
import { writeBandTile } from './tile-store.ts';

export interface BlockTask {
  dir: string;
  /** The deepest order. */
  order: number;
  blockOrder: number;
  block: number;
  width: number;
  formats: TileFormat[];
  overlap: OverlapRule;
  stretch: StretchParams;
  /** The sources that overlap the block. */
  sources: SourceImage[];
}

export interface BlockResult {
  block: number;
  /** Tiles written at the deepest order (orders between follow from them). */
  tiles: number[];
  /** Finite data range over the deepest tiles (null when the block turned out empty). */
  min: number | null;
  max: number | null;
}

interface LoadedSource {
  source: SourceImage;
  raster: SourceRaster;
}

/** Source memory of this worker thread, reused by its successive blocks. */
const memory = new RasterMemory();

async function loadRasters(task: BlockTask): Promise<LoadedSource[]> {
  const rasters: LoadedSource[] = [];
  for (const src of task.sources) {
    const wcs = new TanWcs(src.wcs);
    const under = sourceBoxUnder(task.blockOrder, task.block, src, wcs);
    if (!under) continue;
    // Whole rows: one read and no copy, where a narrower box would be copied row by row.
    const { box, pixels } = await memory.readRows(rasters.length, src.path, src.hdu, under.y0, under.height);
    const seeing = src.seeing ?? Number.MAX_VALUE;
    rasters.push({ source: src, raster: { wcs, width: src.width, height: src.height, box, pixels, seeing } });
  }
  return rasters;
}

function overlaps(a: { x0: number; y0: number; width: number; height: number }, b: typeof a): boolean {
  return a.x0 < b.x0 + b.width && b.x0 < a.x0 + a.width && a.y0 < b.y0 + b.height && b.y0 < a.y0 + a.height;
}

export async function buildBlock(task: BlockTask): Promise<BlockResult> {
  const rasters = await loadRasters(task);
  const result: BlockResult = { block: task.block, tiles: [], min: null, max: null };
  let min = Infinity;
  let max = -Infinity;
  let vectors: TilePixelVectors | undefined;

  const build = async (order: number, npix: number): Promise<Float32Array | null> => {
    let tile: Float32Array | null;
    if (order === task.order) {
      const under = rasters
        .filter(({ source, raster }) => {
          const box = sourceBoxUnder(order, npix, source, raster.wcs);
          return box !== null && overlaps(box, raster.box);
        })
        .map((l) => l.raster);
      if (under.length === 0) return null;
      tile = new Float32Array(task.width * task.width);
      vectors = tilePixelVectors(order, npix, task.width, vectors);
      const covered = reprojectTile(vectors, under, task.overlap, tile, task.width);
      if (covered === 0) return null;
      result.tiles.push(npix);
      for (const v of tile) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    } else {
      const children: (Float32Array | null)[] = [];
      for (let c = 0; c < 4; c++) children.push(await build(order + 1, 4 * npix + c));
      tile = averageChildren(children, task.width);
      if (!tile) return null;
    }
    await writeBandTile(task.dir, order, npix, tile, task.width, task.formats, task.stretch);
    return tile;
  };

  await build(task.blockOrder, task.block);
  result.tiles.sort((a, b) => a - b);
  if (result.tiles.length > 0) {
    result.min = min;
    result.max = max;
  }
  return result;
}

export default buildBlock;
