// A multi-HDU image file written out of order (FITS 4.0 §3.3, §7.1): every header is written first,
// then rows of any HDU land at their byte offsets, so several planes (image, mask, variance) can be
// filled strip by strip without holding whole planes in memory.
import fs from 'node:fs/promises';
import { bytesPerPixel, matchesBitpix, type PixelArray } from './bitpix.ts';
import { FitsError, paddedLength, type HeaderCard } from './header.ts';
import { imageHeader, primaryHeader, toBigEndian, type ImageHduSpec } from './writer.ts';

interface PlannedHdu {
  spec: ImageHduSpec;
  dataOffset: number;
  rowBytes: number;
}

export class ImageFileWriter {
  private buffer = Buffer.alloc(0);

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly hdus: PlannedHdu[],
    readonly size: number,
  ) {}

  /** Creates the file with all headers in place; its data units read as zeros until written. */
  static async create(path: string, primaryCards: readonly HeaderCard[], specs: readonly ImageHduSpec[]): Promise<ImageFileWriter> {
    const handle = await fs.open(path, 'w');
    try {
      const planned: PlannedHdu[] = [];
      let offset = 0;
      const primary = primaryHeader(primaryCards);
      await handle.write(primary, 0, primary.length, 0);
      offset += primary.length;
      for (const spec of specs) {
        const header = imageHeader(spec);
        await handle.write(header, 0, header.length, offset);
        const rowBytes = spec.width * bytesPerPixel(spec.bitpix);
        planned.push({ spec, dataOffset: offset + header.length, rowBytes });
        offset += header.length + paddedLength(rowBytes * spec.height);
      }
      // The padding after the last data unit must be zeros: extending the file gives exactly that.
      await handle.truncate(offset);
      return new ImageFileWriter(handle, planned, offset);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Writes whole rows of HDU `hdu` (1 = the first extension) starting at row y0. */
  async writeRows(hdu: number, y0: number, pixels: PixelArray): Promise<void> {
    const h = this.hdus[hdu - 1];
    if (!h) throw new FitsError(`no image HDU ${hdu}`);
    if (!matchesBitpix(h.spec.bitpix, pixels)) throw new FitsError(`wrong pixel type for BITPIX ${h.spec.bitpix}`);
    const rows = pixels.length / h.spec.width;
    if (!Number.isInteger(rows) || y0 < 0 || y0 + rows > h.spec.height) {
      throw new FitsError(`rows ${y0}..${y0 + rows} do not fit HDU ${hdu} (${h.spec.width}x${h.spec.height})`);
    }
    if (this.buffer.length < pixels.byteLength) this.buffer = Buffer.alloc(pixels.byteLength);
    const chunk = toBigEndian(pixels, this.buffer, bytesPerPixel(h.spec.bitpix));
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done, h.dataOffset + y0 * h.rowBytes + done);
      done += bytesWritten;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
