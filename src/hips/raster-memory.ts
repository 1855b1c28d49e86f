// Source rows for the tiler read into memory reused from block to block: a fresh 70 MB buffer
// per source and block cost more in page faults than the read itself (bench/hips.md).
import fs from 'node:fs/promises';
import { swapBytes } from '../fits/bitpix.ts';
import { headerNumber } from '../fits/header.ts';
import { FitsReader, imageSize, type PixelBox } from '../fits/reader.ts';

/** Full-width rows of a float image, the box they cover, and their pixels (a view into reused memory). */
export interface SourceRows {
  box: PixelBox;
  pixels: Float32Array | Float64Array;
}

/**
 * Reusable buffers, one per slot (a block reads each of its sources into its own slot). The
 * pixels of a slot stay valid until the slot is read into again.
 */
export class RasterMemory {
  private readonly slots: ArrayBuffer[] = [];

  /** Rows [y0, y0 + height) of the image HDU, every column (one positional read, no copy). */
  async readRows(slot: number, file: string, hduIndex: number, y0: number, height: number): Promise<SourceRows> {
    const reader = await FitsReader.open(file);
    const hdu = reader.hdus[hduIndex];
    if (!hdu) throw new Error(`${file}: no HDU ${hduIndex}`);
    const [nx] = imageSize(hdu);
    const scaled = (headerNumber(hdu.cards, 'BZERO') ?? 0) !== 0 || (headerNumber(hdu.cards, 'BSCALE') ?? 1) !== 1;
    if ((hdu.bitpix !== -32 && hdu.bitpix !== -64) || scaled) {
      // Integer or scaled data: the general reader (fresh memory, rarely needed for coadds).
      try {
        const { box, pixels } = await reader.readImage(hduIndex, { x0: 0, y0, width: nx, height });
        if (!(pixels instanceof Float32Array || pixels instanceof Float64Array)) {
          throw new Error(`${file}: integer images are not supported by the tiler`);
        }
        return { box, pixels };
      } finally {
        await reader.close();
      }
    }
    await reader.close();
    const bpp = hdu.bitpix === -32 ? 4 : 8;
    const bytes = nx * height * bpp;
    const memory = this.memory(slot, bytes);
    const target = new Uint8Array(memory, 0, bytes);
    const handle = await fs.open(file, 'r');
    try {
      const position = hdu.dataOffset + y0 * nx * bpp;
      for (let done = 0; done < bytes;) {
        const { bytesRead } = await handle.read(target, done, bytes - done, position + done);
        if (bytesRead === 0) throw new Error(`${file}: the file ends inside the image`);
        done += bytesRead;
      }
    } finally {
      await handle.close();
    }
    swapBytes(Buffer.from(memory, 0, bytes), bpp);
    const n = nx * height;
    return {
      box: { x0: 0, y0, width: nx, height },
      pixels: bpp === 4 ? new Float32Array(memory, 0, n) : new Float64Array(memory, 0, n),
    };
  }

  /** The slot's buffer, grown (by a quarter more than asked, so that growth is rare) when too small. */
  private memory(slot: number, bytes: number): ArrayBuffer {
    const current = this.slots[slot];
    if (current && current.byteLength >= bytes) return current;
    const grown = new ArrayBuffer(Math.ceil((bytes * 1.25) / 8) * 8);
    this.slots[slot] = grown;
    return grown;
  }
}
