// The orders above the blocks (block order − 1 down to 0), rebuilt only where a block
// changed, from the FITS tiles of the order below; and removal of tiles no longer covered.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { readFitsTile, type TileFormat } from './encode.ts';
import { tilePath } from './healpix.ts';
import type { TilingParams } from './manifest.ts';
import { averageChildren } from './pyramid.ts';
import type { StretchParams } from './stretch.ts';
import { removeTile, writeBandTile } from './tile-store.ts';

/** Tiles per order: orders below the blocks are the parents of the order beneath. */
export type TileSets = Map<number, Set<number>>;

export async function readTileIfAny(dir: string, order: number, npix: number, sets: TileSets): Promise<Float32Array | null> {
  if (!sets.get(order)?.has(npix)) return null;
  const file = path.join(dir, tilePath(order, npix, 'fits'));
  return existsSync(file) ? readFitsTile(file) : null;
}

export async function rebuildLowerOrders(dir: string, params: TilingParams, dirtyBlocks: ReadonlySet<number>,
  sets: TileSets, stretch: StretchParams): Promise<number> {
  let dirty = new Set(dirtyBlocks);
  let written = 0;
  for (let order = params.blockOrder - 1; order >= 0; order--) {
    dirty = new Set([...dirty].map((n) => Math.floor(n / 4)));
    for (const npix of [...dirty].sort((a, b) => a - b)) {
      const children: (Float32Array | null)[] = [];
      for (let c = 0; c < 4; c++) children.push(await readTileIfAny(dir, order + 1, 4 * npix + c, sets));
      const tile = averageChildren(children, params.width);
      if (tile) {
        await writeBandTile(dir, order, npix, tile, params.width, params.formats, stretch);
        written++;
      } else {
        await removeTile(dir, order, npix, params.formats);
      }
    }
  }
  return written;
}

/** Deletes the files of tiles present before and absent now (e.g. after a source was removed). */
export async function removeStaleTiles(dir: string, before: TileSets, after: TileSets, formats: readonly TileFormat[]): Promise<void> {
  for (const [order, set] of before) {
    const now = after.get(order);
    for (const npix of set) if (!now?.has(npix)) await removeTile(dir, order, npix, formats);
  }
}
