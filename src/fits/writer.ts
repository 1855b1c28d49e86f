// Streaming FITS writer (FITS 4.0 §3–§7.1): a data-less primary HDU and IMAGE extensions whose
// rows arrive in blocks, converted to big-endian through one reusable buffer and padded to 2880.
import { allocatePixels, bytesPerPixel, matchesBitpix, swapBytes, type Bitpix, type PixelArray } from './bitpix.ts';
import {
  FITS_BLOCK,
  FitsError,
  formatHeader,
  integerCard,
  logicalCard,
  stringCard,
  type HeaderCard,
} from './header.ts';
import type { ByteSink } from './sink.ts';

/** Structural keywords the writer sets itself; callers' cards must not repeat them. */
const STRUCTURAL = new Set(['SIMPLE', 'XTENSION', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'PCOUNT', 'GCOUNT', 'EXTEND']);
const CHUNK_BYTES = 1 << 20;

export interface ImageHduSpec {
  bitpix: Bitpix;
  width: number;
  height: number;
  /** EXTNAME, written right after the structural keywords. */
  extname?: string;
  /** Further cards (WCS, BZERO/BSCALE, provenance...). */
  cards?: readonly HeaderCard[];
}

export class FitsWriter {
  private open: ImageHduWriter | undefined;
  private hduCount = 0;

  constructor(private readonly sink: ByteSink) {}

  /** The primary HDU without data (NAXIS = 0, EXTEND = T). Must come first. */
  async writePrimary(cards: readonly HeaderCard[] = []): Promise<void> {
    if (this.hduCount !== 0) throw new FitsError('the primary HDU must be written first');
    this.hduCount++;
    await this.sink.write(primaryHeader(cards));
  }

  /** Starts an IMAGE extension; write exactly `height` rows to it, then `end()` it. */
  async beginImage(spec: ImageHduSpec): Promise<ImageHduWriter> {
    if (this.hduCount === 0) await this.writePrimary();
    if (this.open && !this.open.ended) throw new FitsError('the previous image HDU was not ended');
    const header = imageHeader(spec);
    this.hduCount++;
    await this.sink.write(header);
    this.open = new ImageHduWriter(this.sink, spec);
    return this.open;
  }

  /** Writes a whole image HDU from one array (rows bottom-up, x fastest). */
  async writeImage(spec: ImageHduSpec, pixels: PixelArray): Promise<void> {
    const hdu = await this.beginImage(spec);
    await hdu.writeRows(pixels);
    await hdu.end();
  }

  async close(): Promise<void> {
    if (this.open && !this.open.ended) throw new FitsError('closing with an image HDU not ended');
    if (this.hduCount === 0) await this.writePrimary();
    await this.sink.close();
  }
}

export class ImageHduWriter {
  private rowsWritten = 0;
  private readonly buffer: Buffer;
  private readonly width: 1 | 2 | 4 | 8;
  ended = false;

  constructor(
    private readonly sink: ByteSink,
    private readonly spec: ImageHduSpec,
  ) {
    this.width = bytesPerPixel(spec.bitpix);
    const rowBytes = Math.max(1, spec.width * this.width);
    this.buffer = Buffer.alloc(Math.max(rowBytes, Math.floor(CHUNK_BYTES / rowBytes) * rowBytes));
  }

  get rowsRemaining(): number {
    return this.spec.height - this.rowsWritten;
  }

  /** Appends whole rows (FITS order: the first row is y = 0, the bottom of the image). */
  async writeRows(pixels: PixelArray): Promise<void> {
    if (!matchesBitpix(this.spec.bitpix, pixels)) {
      throw new FitsError(`BITPIX ${this.spec.bitpix} needs ${allocatePixels(this.spec.bitpix, 0).constructor.name}`);
    }
    if (this.spec.width === 0 || pixels.length % this.spec.width !== 0) {
      if (pixels.length === 0) return;
      throw new FitsError(`${pixels.length} pixels is not a whole number of ${this.spec.width}-pixel rows`);
    }
    const rows = pixels.length / this.spec.width;
    if (rows > this.rowsRemaining) throw new FitsError(`too many rows: ${rows} > ${this.rowsRemaining} remaining`);
    const perChunk = this.buffer.length / this.width;
    for (let start = 0; start < pixels.length; start += perChunk) {
      await this.sink.write(toBigEndian(pixels.subarray(start, start + perChunk), this.buffer, this.width));
    }
    this.rowsWritten += rows;
  }

  /** Checks that every row was written and pads the data unit with zeros to 2880 bytes. */
  async end(): Promise<void> {
    if (this.ended) return;
    if (this.rowsRemaining !== 0) throw new FitsError(`${this.rowsRemaining} rows of the image were not written`);
    this.ended = true;
    const size = this.spec.width * this.spec.height * this.width;
    const pad = (FITS_BLOCK - (size % FITS_BLOCK)) % FITS_BLOCK;
    if (pad > 0) await this.sink.write(Buffer.alloc(pad));
  }
}

/** The header of a data-less primary HDU (NAXIS = 0, EXTEND = T) with the caller's cards. */
export function primaryHeader(cards: readonly HeaderCard[]): Buffer {
  checkCards(cards);
  return formatHeader([
    logicalCard('SIMPLE', true, 'conforms to FITS standard'),
    integerCard('BITPIX', 8),
    integerCard('NAXIS', 0),
    logicalCard('EXTEND', true),
    ...cards,
  ]);
}

/** The header of a 2-D IMAGE extension. */
export function imageHeader(spec: ImageHduSpec): Buffer {
  checkCards(spec.cards ?? []);
  if (!Number.isInteger(spec.width) || !Number.isInteger(spec.height) || spec.width < 0 || spec.height < 0) {
    throw new FitsError(`invalid image size ${spec.width}x${spec.height}`);
  }
  return formatHeader([
    stringCard('XTENSION', 'IMAGE', 'image extension'),
    integerCard('BITPIX', spec.bitpix),
    integerCard('NAXIS', 2),
    integerCard('NAXIS1', spec.width),
    integerCard('NAXIS2', spec.height),
    integerCard('PCOUNT', 0),
    integerCard('GCOUNT', 1),
    ...(spec.extname === undefined ? [] : [stringCard('EXTNAME', spec.extname)]),
    ...(spec.cards ?? []),
  ]);
}

/** Copies pixels into `buffer` as big-endian bytes and returns the filled part. */
export function toBigEndian(pixels: PixelArray, buffer: Buffer, width: 1 | 2 | 4 | 8): Buffer {
  const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  buffer.set(bytes);
  const chunk = buffer.subarray(0, bytes.length);
  swapBytes(chunk, width);
  return chunk;
}

function checkCards(cards: readonly HeaderCard[]): void {
  for (const c of cards) {
    if (c.kind === 'value' && STRUCTURAL.has(c.key)) throw new FitsError(`${c.key} is set by the writer`);
  }
}
