// Worker-thread task: colour tiles (Lupton asinh RGB) of a list of tiles, from the FITS tiles
// of three single-band HiPS (red, green, blue).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readFitsTile, type ImageFormat } from './encode.ts';
import { tilePath } from './healpix.ts';
import type { LuptonParams } from './stretch.ts';
import { writeColorTile } from './tile-store.ts';

export interface ColorTask {
  dir: string;
  /** Directories of the red, green and blue band HiPS. */
  bands: [string, string, string];
  width: number;
  formats: ImageFormat[];
  lupton: LuptonParams;
  tiles: [order: number, npix: number][];
}

async function bandTile(dir: string, order: number, npix: number): Promise<Float32Array | null> {
  const file = path.join(dir, tilePath(order, npix, 'fits'));
  return existsSync(file) ? readFitsTile(file) : null;
}

export default async function buildColorTiles(task: ColorTask): Promise<number> {
  for (const [order, npix] of task.tiles) {
    const [r, g, b] = await Promise.all(task.bands.map((d) => bandTile(d, order, npix)));
    await writeColorTile(task.dir, order, npix, [r ?? null, g ?? null, b ?? null], task.width, task.formats, task.lupton);
  }
  return task.tiles.length;
}
