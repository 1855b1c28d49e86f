// Writing and removing the files of one tile in a HiPS directory, atomically (a temporary
// file renamed into place), so an interrupted build never leaves a half-written tile.
import fs from 'node:fs/promises';
import path from 'node:path';
import { colorToRaster, encodeFitsTile, encodeRaster, extensionOf, stretchToRaster, type ImageFormat, type TileFormat } from './encode.ts';
import { tilePath } from './healpix.ts';
import type { LuptonParams, StretchParams } from './stretch.ts';

export async function writeFileAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}

/** Writes every requested format of a single-band tile. */
export async function writeBandTile(dir: string, order: number, npix: number, tile: Float32Array, width: number,
  formats: readonly TileFormat[], stretch: StretchParams): Promise<void> {
  for (const format of formats) {
    const file = path.join(dir, tilePath(order, npix, extensionOf(format)));
    if (format === 'fits') {
      await writeFileAtomic(file, encodeFitsTile(tile, width, order, npix));
    } else {
      const alpha = format === 'png';
      const raster = stretchToRaster(tile, width, width, stretch, alpha);
      await writeFileAtomic(file, await encodeRaster(raster, width, width, alpha ? 2 : 1, format));
    }
  }
}

/** Writes a colour tile (PNG with transparency for blank, or JPEG) from three band tiles. */
export async function writeColorTile(dir: string, order: number, npix: number,
  bands: readonly [Float32Array | null, Float32Array | null, Float32Array | null], width: number,
  formats: readonly ImageFormat[], lupton: LuptonParams): Promise<void> {
  for (const format of formats) {
    const alpha = format === 'png';
    const raster = colorToRaster(bands, width, width, lupton, alpha);
    await writeFileAtomic(path.join(dir, tilePath(order, npix, extensionOf(format))),
      await encodeRaster(raster, width, width, alpha ? 4 : 3, format));
  }
}

export async function removeTile(dir: string, order: number, npix: number, formats: readonly TileFormat[]): Promise<void> {
  for (const format of formats) await fs.rm(path.join(dir, tilePath(order, npix, extensionOf(format))), { force: true });
}
