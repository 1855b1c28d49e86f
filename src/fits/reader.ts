// Random-access FITS reader (FITS 4.0 §3–§5): indexes the HDUs of a file by reading headers
// only, and reads a rectangle of an image HDU by reading just the rows (and columns) it needs.
import fs from 'node:fs/promises';
import { bytesPerPixel, isBitpix, swapBytes, type Bitpix, type PixelArray } from './bitpix.ts';
import {
  FITS_BLOCK,
  FitsError,
  findEnd,
  headerNumber,
  headerString,
  paddedLength,
  parseHeader,
  type HeaderCard,
} from './header.ts';

export interface HduInfo {
  index: number;
  cards: HeaderCard[];
  headerOffset: number;
  dataOffset: number;
  /** Bytes of data, without the padding to 2880. */
  dataLength: number;
  bitpix: Bitpix;
  /** NAXISn values, NAXIS1 first. */
  axes: number[];
  extname: string | undefined;
}

/** A pixel rectangle, 0-based, x along NAXIS1. */
export interface PixelBox {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

export interface ImageRect {
  box: PixelBox;
  /**
   * Native values when the HDU has no BZERO/BSCALE/BLANK; otherwise physical values
   * (BZERO + BSCALE·stored) as Float64Array with BLANK as NaN.
   */
  pixels: PixelArray;
  /** Bytes read from the file for this rectangle. */
  bytesRead: number;
}

/** Most header blocks read in one go while indexing. */
const HEADER_READ_BLOCKS = 4;
/** Read a whole span of rows at once when that reads at most this factor more bytes than needed. */
const SPAN_READ_FACTOR = 4;

export class FitsReader {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly hdus: HduInfo[],
    readonly fileSize: number,
  ) {}

  static async open(path: string): Promise<FitsReader> {
    const handle = await fs.open(path, 'r');
    try {
      const size = (await handle.stat()).size;
      return new FitsReader(handle, await indexHdus(handle, size), size);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** The HDU by index or EXTNAME. */
  hdu(which: number | string): HduInfo {
    const hdu = typeof which === 'number' ? this.hdus[which] : this.hdus.find((h) => h.extname === which);
    if (!hdu) throw new FitsError(`no HDU ${String(which)}`);
    return hdu;
  }

  /** Reads a rectangle (default: the whole image) of a 2-D image HDU. */
  async readImage(which: number | string, box?: PixelBox): Promise<ImageRect> {
    const hdu = this.hdu(which);
    const [nx, ny] = imageSize(hdu);
    const b = box ?? { x0: 0, y0: 0, width: nx, height: ny };
    if (b.x0 < 0 || b.y0 < 0 || b.width < 0 || b.height < 0 || b.x0 + b.width > nx || b.y0 + b.height > ny) {
      throw new FitsError(`box ${JSON.stringify(b)} is outside the ${nx}x${ny} image`);
    }
    const bpp = bytesPerPixel(hdu.bitpix);
    const rowBytes = nx * bpp;
    const outRowBytes = b.width * bpp;
    const raw = Buffer.alloc(outRowBytes * b.height);
    let bytesRead = 0;
    const spanBytes = rowBytes * b.height;
    if (spanBytes <= SPAN_READ_FACTOR * raw.length || b.width === nx) {
      const span = b.width === nx ? raw : Buffer.alloc(spanBytes);
      await this.readAt(span, hdu.dataOffset + b.y0 * rowBytes);
      bytesRead += span.length;
      if (span !== raw) {
        for (let r = 0; r < b.height; r++) span.copy(raw, r * outRowBytes, r * rowBytes + b.x0 * bpp, r * rowBytes + (b.x0 + b.width) * bpp);
      }
    } else {
      // One positional read per row, issued together so the thread pool overlaps them.
      const reads: Promise<void>[] = [];
      for (let r = 0; r < b.height; r++) {
        const row = raw.subarray(r * outRowBytes, (r + 1) * outRowBytes);
        reads.push(this.readAt(row, hdu.dataOffset + (b.y0 + r) * rowBytes + b.x0 * bpp));
        bytesRead += row.length;
      }
      await Promise.all(reads);
    }
    return { box: b, pixels: decodePixels(hdu, raw), bytesRead };
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async readAt(target: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < target.length) {
      const { bytesRead } = await this.handle.read(target, done, target.length - done, position + done);
      if (bytesRead === 0) throw new FitsError('file ends inside a data unit');
      done += bytesRead;
    }
  }
}

/** NAXIS1, NAXIS2 of a 2-D image HDU. */
export function imageSize(hdu: HduInfo): [number, number] {
  const [nx, ny, ...rest] = hdu.axes;
  if (nx === undefined || ny === undefined || rest.some((n) => n !== 1)) {
    throw new FitsError(`HDU ${hdu.index} is not a 2-D image (NAXIS = ${hdu.axes.length})`);
  }
  return [nx, ny];
}

async function indexHdus(handle: fs.FileHandle, size: number): Promise<HduInfo[]> {
  const hdus: HduInfo[] = [];
  let offset = 0;
  while (offset < size) {
    const { cards, byteLength } = await readHeaderAt(handle, offset, size);
    const bitpix = headerNumber(cards, 'BITPIX') ?? NaN;
    if (!isBitpix(bitpix)) throw new FitsError(`HDU ${hdus.length}: invalid BITPIX ${bitpix}`);
    const naxis = headerNumber(cards, 'NAXIS') ?? 0;
    const axes = Array.from({ length: naxis }, (_, i) => headerNumber(cards, `NAXIS${i + 1}`) ?? 0);
    const pcount = headerNumber(cards, 'PCOUNT') ?? 0;
    const gcount = headerNumber(cards, 'GCOUNT') ?? 1;
    const elements = naxis === 0 ? 0 : axes.reduce((a, n) => a * n, 1);
    const dataLength = bytesPerPixel(bitpix) * gcount * (pcount + elements);
    const dataOffset = offset + byteLength;
    hdus.push({ index: hdus.length, cards, headerOffset: offset, dataOffset, dataLength, bitpix, axes, extname: headerString(cards, 'EXTNAME') });
    offset = dataOffset + paddedLength(dataLength);
  }
  return hdus;
}

async function readHeaderAt(handle: fs.FileHandle, offset: number, size: number): Promise<{ cards: HeaderCard[]; byteLength: number }> {
  let buf = Buffer.alloc(0);
  while (true) {
    const want = Math.min(HEADER_READ_BLOCKS * FITS_BLOCK, size - offset - buf.length);
    if (want <= 0) throw new FitsError(`no END card in the header at byte ${offset}`);
    const more = Buffer.alloc(want);
    const { bytesRead } = await handle.read(more, 0, want, offset + buf.length);
    const searchFrom = buf.length;
    buf = Buffer.concat([buf, more.subarray(0, bytesRead)]);
    if (findEnd(buf, searchFrom) >= 0) return parseHeader(buf);
  }
}

/** Big-endian stored values to host typed arrays, applying BZERO/BSCALE/BLANK when present. */
function decodePixels(hdu: HduInfo, raw: Buffer): PixelArray {
  const bpp = bytesPerPixel(hdu.bitpix);
  swapBytes(raw, bpp);
  const n = raw.length / bpp;
  const stored = storedArray(hdu.bitpix, raw, n);
  const bzero = headerNumber(hdu.cards, 'BZERO') ?? 0;
  const bscale = headerNumber(hdu.cards, 'BSCALE') ?? 1;
  const blank = hdu.bitpix > 0 ? headerNumber(hdu.cards, 'BLANK') : undefined;
  if (bzero === 0 && bscale === 1 && blank === undefined) return stored;
  const physical = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = stored[i] as number;
    physical[i] = v === blank ? NaN : bzero + bscale * v;
  }
  return physical;
}

function storedArray(bitpix: Bitpix, raw: Buffer, n: number): PixelArray {
  // raw comes from Buffer.alloc (its own, aligned ArrayBuffer when large; copy when pooled)
  const ab = raw.byteOffset % 8 === 0 ? raw.buffer : raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length);
  const off = ab === raw.buffer ? raw.byteOffset : 0;
  switch (bitpix) {
    case 8:
      return new Uint8Array(ab, off, n);
    case 16:
      return new Int16Array(ab, off, n);
    case 32:
      return new Int32Array(ab, off, n);
    case -32:
      return new Float32Array(ab, off, n);
    case -64:
      return new Float64Array(ab, off, n);
    default: {
      const never: never = bitpix;
      throw new FitsError(`unknown BITPIX ${String(never)}`);
    }
  }
}
