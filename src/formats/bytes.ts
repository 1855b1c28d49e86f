// A growable big-endian byte buffer for the binary serializations (VOTable BINARY2, FITS
// BINTABLE): both store numbers as fixed-width big-endian fields, so they share this.

export class ByteBuilder {
  buf: Buffer;
  length = 0;

  constructor(initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(x: number): void {
    this.reserve(1);
    this.buf[this.length++] = x;
  }

  i16(x: number): void {
    this.reserve(2);
    this.buf.writeInt16BE(x, this.length);
    this.length += 2;
  }

  i32(x: number): void {
    this.reserve(4);
    this.buf.writeInt32BE(x, this.length);
    this.length += 4;
  }

  i64(x: bigint): void {
    this.reserve(8);
    this.buf.writeBigInt64BE(x, this.length);
    this.length += 8;
  }

  f32(x: number): void {
    this.reserve(4);
    this.buf.writeFloatBE(x, this.length);
    this.length += 4;
  }

  f64(x: number): void {
    this.reserve(8);
    this.buf.writeDoubleBE(x, this.length);
    this.length += 8;
  }

  bytes(src: Uint8Array): void {
    this.reserve(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  fill(byte: number, n: number): void {
    this.reserve(n);
    this.buf.fill(byte, this.length, this.length + n);
    this.length += n;
  }

  /** Writes a string's bytes (at most `max`), returning how many were written. */
  text(s: string, encoding: 'utf8' | 'latin1' | 'utf16le', max = Number.POSITIVE_INFINITY): number {
    const perChar = encoding === 'utf8' ? 3 : encoding === 'utf16le' ? 2 : 1;
    const room = Math.min(max, s.length * perChar);
    this.reserve(room);
    const n = this.buf.write(s, this.length, room, encoding);
    this.length += n;
    return n;
  }

  /** Keeps only bytes [from, length), moved to the start. */
  discardBefore(from: number): void {
    this.buf.copy(this.buf, 0, from, this.length);
    this.length -= from;
  }
}
