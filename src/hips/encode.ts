// Tile encodings (HiPS 1.0 §4.2.2): FITS tiles (primary HDU, BITPIX −32, NaN blank, ORDER and
// NPIX cards, rows bottom-up) and PNG/JPEG tiles made with sharp (rows top-down).
import sharp from 'sharp';
import { swapBytes } from '../fits/bitpix.ts';
import { formatHeader, integerCard, logicalCard, paddedLength, stringCard, type HeaderCard } from '../fits/header.ts';
import { FitsReader } from '../fits/reader.ts';
import { GreyLevels, luptonPixel, type LuptonParams, type StretchParams } from './stretch.ts';

export type ImageFormat = 'png' | 'jpeg';
export type TileFormat = 'fits' | ImageFormat;

/** File extension of a tile format (HiPS wants lower-case .fits, .png, .jpg). */
export function extensionOf(format: TileFormat): string {
  return format === 'jpeg' ? 'jpg' : format;
}

/** A square float32 image as a FITS file with the data in the primary HDU. */
export function encodeFitsImage(pixels: Float32Array, width: number, height: number, cards: readonly HeaderCard[]): Buffer {
  const header = formatHeader([
    logicalCard('SIMPLE', true, 'conforms to FITS standard'),
    integerCard('BITPIX', -32),
    integerCard('NAXIS', 2),
    integerCard('NAXIS1', width),
    integerCard('NAXIS2', height),
    ...cards,
  ]);
  const dataBytes = pixels.length * 4;
  const out = Buffer.alloc(header.length + paddedLength(dataBytes));
  header.copy(out, 0);
  const data = out.subarray(header.length, header.length + dataBytes);
  Buffer.from(pixels.buffer, pixels.byteOffset, dataBytes).copy(data);
  swapBytes(data, 4);
  return out;
}

export function encodeFitsTile(tile: Float32Array, width: number, order: number, npix: number): Buffer {
  return encodeFitsImage(tile, width, width, [
    integerCard('ORDER', order, 'HEALPix order'),
    integerCard('NPIX', npix, 'HEALPix NESTED index of the tile'),
    stringCard('ORIGIN', 'hsc-vo hips tiler'),
  ]);
}

/** Reads a FITS tile (or Allsky) back as float32, FITS row order. */
export async function readFitsTile(file: string): Promise<Float32Array> {
  const reader = await FitsReader.open(file);
  try {
    const { pixels } = await reader.readImage(0);
    return pixels instanceof Float32Array ? pixels : Float32Array.from(pixels);
  } finally {
    await reader.close();
  }
}

/** Grey (+ alpha for PNG, blank = transparent) 8-bit raster, rows flipped to top-down. */
export function stretchToRaster(tile: Float32Array, width: number, height: number, s: StretchParams, alpha: boolean): Uint8Array {
  const channels = alpha ? 2 : 1;
  const out = new Uint8Array(width * height * channels);
  const grey = new GreyLevels(s);
  for (let row = 0; row < height; row++) {
    const t = height - 1 - row;
    for (let col = 0; col < width; col++) {
      const v = tile[row * width + col] as number;
      const o = (t * width + col) * channels;
      if (Number.isNaN(v)) continue;
      out[o] = grey.level(v);
      if (alpha) out[o + 1] = 255;
    }
  }
  return out;
}

/** RGB (+ alpha) raster of three band tiles (red, green, blue), rows flipped to top-down. */
export function colorToRaster(bands: readonly [Float32Array | null, Float32Array | null, Float32Array | null],
  width: number, height: number, p: LuptonParams, alpha: boolean): Uint8Array {
  const channels = alpha ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  const [r, g, b] = bands;
  for (let row = 0; row < height; row++) {
    const t = height - 1 - row;
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      const rv = r ? (r[i] as number) : NaN;
      const gv = g ? (g[i] as number) : NaN;
      const bv = b ? (b[i] as number) : NaN;
      if (Number.isNaN(rv) && Number.isNaN(gv) && Number.isNaN(bv)) continue;
      const o = (t * width + col) * channels;
      luptonPixel(rv, gv, bv, p, out, o);
      if (alpha) out[o + 3] = 255;
    }
  }
  return out;
}

/** PNG or JPEG bytes of an 8-bit raster (1–4 channels); deterministic for the same pixels. */
export async function encodeRaster(raster: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4,
  format: ImageFormat): Promise<Buffer> {
  const img = sharp(raster, { raw: { width, height, channels } });
  switch (format) {
    case 'png':
      // zlib level 4: a third of level 6's CPU for 4 % more bytes on survey tiles (bench/hips.md);
      // PNG stays lossless at every level.
      return img.png({ compressionLevel: 4, adaptiveFiltering: false }).toBuffer();
    case 'jpeg':
      return img.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
    default: {
      const never: never = format;
      throw new Error(`unknown image format ${String(never)}`);
    }
  }
}
