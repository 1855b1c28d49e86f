// preview.jpg (HiPS 1.0 §4.4.4): a 256×256 JPEG of the HiPS as a client first shows it, a
// gnomonic view (north up, east left) centred on hips_initial_ra/dec and hips_initial_fov wide,
// sampled from the FITS tiles of the order whose pixels best match the preview's.
import path from 'node:path';
import { tu2fxy, za2tu } from '@hscmap/healpix';
import { colorToRaster, encodeRaster, stretchToRaster } from './encode.ts';
import { interleave, tilePixelSizeArcsec } from './healpix.ts';
import { readTileIfAny, type TileSets } from './lower-orders.ts';
import type { LuptonParams, StretchParams } from './stretch.ts';
import { writeFileAtomic } from './tile-store.ts';

export const PREVIEW_FILE = 'preview.jpg';
/** Side of the preview in pixels (HiPS 1.0 §4.4.4). */
export const PREVIEW_SIZE = 256;
/** Widest view a tangent plane shows without stretching its edges beyond use. */
const MAX_FOV_DEG = 120;
const D2R = Math.PI / 180;

/** Centre (degrees) and width (degrees) of the view: the HiPS's initial view. */
export interface PreviewView {
  ra: number;
  dec: number;
  fov: number;
}

/** The coarsest order whose tile pixels are no larger than the preview's (at most `deepest`). */
export function previewOrder(fovDeg: number, width: number, deepest: number, size = PREVIEW_SIZE): number {
  const previewPixel = (Math.min(fovDeg, MAX_FOV_DEG) * 3600) / size;
  for (let order = 0; order < deepest; order++) if (tilePixelSizeArcsec(order, width) <= previewPixel) return order;
  return deepest;
}

/** Where each preview pixel samples the HiPS: tile index and element of the tile's FITS array. */
export interface PreviewSampling {
  order: number;
  width: number;
  size: number;
  /** Per preview pixel, in FITS row order (row 0 at the bottom). */
  tiles: Float64Array;
  elements: Int32Array;
}

/**
 * The HEALPix pixel under each preview pixel's centre at order + log2(width), as a tile and an
 * element of that tile (the Hipsgen orientation of healpix.ts: element (W−1−ix)·W + iy).
 */
export function previewSampling(view: PreviewView, order: number, width: number, size = PREVIEW_SIZE): PreviewSampling {
  const n = size * size;
  const tiles = new Float64Array(n);
  const elements = new Int32Array(n);
  const ra = view.ra * D2R;
  const dec = view.dec * D2R;
  const centre = [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)] as const;
  const east = [-Math.sin(ra), Math.cos(ra), 0] as const;
  const north = [-Math.sin(dec) * Math.cos(ra), -Math.sin(dec) * Math.sin(ra), Math.cos(dec)] as const;
  const step = (2 * Math.tan((Math.min(view.fov, MAX_FOV_DEG) * D2R) / 2)) / size;
  const nside = 2 ** order * width;
  const perFace = 4 ** order;
  for (let row = 0; row < size; row++) {
    // FITS row 0 is the bottom of the picture: the southernmost line.
    const eta = (row + 0.5 - size / 2) * step;
    for (let col = 0; col < size; col++) {
      const xi = (size / 2 - col - 0.5) * step; // east to the left
      const x = centre[0] + xi * east[0] + eta * north[0];
      const y = centre[1] + xi * east[1] + eta * north[1];
      const z = centre[2] + xi * east[2] + eta * north[2];
      const r = Math.hypot(x, y, z);
      let a = Math.atan2(y, x);
      if (a < 0) a += 2 * Math.PI;
      const { t, u } = za2tu(z / r, a);
      const { f, x: fx, y: fy } = tu2fxy(nside, t, u);
      const ix = fx % width;
      const iy = fy % width;
      const i = row * size + col;
      tiles[i] = f * perFace + interleave(Math.floor(fx / width), Math.floor(fy / width));
      elements[i] = (width - 1 - ix) * width + iy;
    }
  }
  return { order, width, size, tiles, elements };
}

/** Values of a band HiPS at the preview pixels (FITS row order), NaN where it has no data. */
export async function sampleBand(dir: string, sets: TileSets, s: PreviewSampling): Promise<Float32Array> {
  const out = new Float32Array(s.size * s.size).fill(NaN);
  const cache = new Map<number, Float32Array | null>();
  for (let i = 0; i < out.length; i++) {
    const npix = s.tiles[i] as number;
    let tile = cache.get(npix);
    if (tile === undefined) {
      tile = await readTileIfAny(dir, s.order, npix, sets);
      cache.set(npix, tile);
    }
    if (tile) out[i] = tile[s.elements[i] as number] as number;
  }
  return out;
}

/** A band HiPS: the grey preview with the HiPS's own display cut; blank sky is black. */
export async function writeBandPreview(dir: string, sets: TileSets, s: PreviewSampling, stretch: StretchParams): Promise<void> {
  const pixels = await sampleBand(dir, sets, s);
  const raster = stretchToRaster(pixels, s.size, s.size, stretch, false);
  await writeFileAtomic(path.join(dir, PREVIEW_FILE), await encodeRaster(raster, s.size, s.size, 1, 'jpeg'));
}

/** A colour HiPS: the preview from its three band HiPS (red, green, blue) with its Lupton mapping. */
export async function writeColorPreview(dir: string, bands: readonly [string, TileSets][], s: PreviewSampling,
  lupton: LuptonParams): Promise<void> {
  const [r, g, b] = await Promise.all(bands.map(([d, sets]) => sampleBand(d, sets, s)));
  const raster = colorToRaster([r ?? null, g ?? null, b ?? null], s.size, s.size, lupton, false);
  await writeFileAtomic(path.join(dir, PREVIEW_FILE), await encodeRaster(raster, s.size, s.size, 3, 'jpeg'));
}
