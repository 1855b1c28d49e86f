// FITS data element types (FITS 4.0 §5.2, Table 8): BITPIX, byte width, matching typed array.

export type Bitpix = 8 | 16 | 32 | -32 | -64;

export type PixelArray = Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export function isBitpix(n: number): n is Bitpix {
  return n === 8 || n === 16 || n === 32 || n === -32 || n === -64;
}

export function bytesPerPixel(bitpix: Bitpix): 1 | 2 | 4 | 8 {
  return (Math.abs(bitpix) / 8) as 1 | 2 | 4 | 8;
}

/** A zeroed typed array of the native element type of this BITPIX. */
export function allocatePixels(bitpix: Bitpix, length: number): PixelArray {
  switch (bitpix) {
    case 8:
      return new Uint8Array(length);
    case 16:
      return new Int16Array(length);
    case 32:
      return new Int32Array(length);
    case -32:
      return new Float32Array(length);
    case -64:
      return new Float64Array(length);
    default: {
      const never: never = bitpix;
      throw new Error(`unknown BITPIX ${String(never)}`);
    }
  }
}

/** True when the typed array's element type is the one this BITPIX stores. */
export function matchesBitpix(bitpix: Bitpix, data: PixelArray): boolean {
  return allocatePixels(bitpix, 0).constructor === data.constructor;
}

/** Reverses the byte order of every element in place (host little-endian <-> FITS big-endian). */
export function swapBytes(buf: Buffer, width: 1 | 2 | 4 | 8): void {
  if (width === 2) buf.swap16();
  else if (width === 4) buf.swap32();
  else if (width === 8) buf.swap64();
}
