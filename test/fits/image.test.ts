// FITS image HDUs: streaming writes of every BITPIX read back exactly (whole and by rectangle),
// BZERO/BSCALE/BLANK applied, only the needed bytes read, and astropy reading identical values.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocatePixels, type Bitpix, type PixelArray } from '../../src/fits/bitpix.ts';
import { integerCard, realCard, stringCard } from '../../src/fits/header.ts';
import { FitsReader } from '../../src/fits/reader.ts';
import { fileSink } from '../../src/fits/sink.ts';
import { FitsWriter } from '../../src/fits/writer.ts';
import { ImageFileWriter } from '../../src/fits/image-file.ts';
import { astropyJson } from './astropy.ts';

const W = 37;
const H = 23;
const BITPIXES: Bitpix[] = [8, 16, 32, -32, -64];

function pattern(bitpix: Bitpix, n: number): PixelArray {
  const a = allocatePixels(bitpix, n);
  for (let i = 0; i < n; i++) {
    const v = (i * 7919) % 1000;
    a[i] = bitpix === 8 ? v % 256 : bitpix === 16 ? v * 31 - 15000 : bitpix === 32 ? v * 1e6 - 5e8 : (v - 500) / 7.3;
  }
  return a;
}

async function writeSample(file: string): Promise<void> {
  const w = new FitsWriter(await fileSink(file));
  await w.writePrimary([stringCard('ORIGIN', 'hsc-vo test')]);
  for (const bitpix of BITPIXES) {
    // written in blocks of 5 rows plus the rest, to exercise streaming
    const hdu = await w.beginImage({ bitpix, width: W, height: H, extname: `B${bitpix}`.replace('-', 'M') });
    const data = pattern(bitpix, W * H);
    await hdu.writeRows(data.subarray(0, 5 * W));
    await hdu.writeRows(data.subarray(5 * W));
    await hdu.end();
  }
  const scaled = allocatePixels(16, W * H) as Int16Array;
  for (let i = 0; i < scaled.length; i++) scaled[i] = i % 11 === 0 ? -32768 : i - 400;
  await w.writeImage(
    {
      bitpix: 16,
      width: W,
      height: H,
      extname: 'SCALED',
      cards: [realCard('BZERO', 32768), realCard('BSCALE', 0.5), integerCard('BLANK', -32768)],
    },
    scaled,
  );
  await w.close();
}

describe('FITS image HDUs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fits-'));
  const file = path.join(dir, 'sample.fits');

  it('writes whole 2880-byte blocks and indexes every HDU from headers alone', async () => {
    await writeSample(file);
    expect(fs.statSync(file).size % 2880).toBe(0);
    const r = await FitsReader.open(file);
    expect(r.hdus.map((h) => h.extname)).toEqual([undefined, 'B8', 'B16', 'B32', 'BM32', 'BM64', 'SCALED']);
    expect(r.hdus[1]?.axes).toEqual([W, H]);
    await r.close();
  });

  it('reads back every BITPIX exactly, whole and by rectangle', async () => {
    const r = await FitsReader.open(file);
    for (const bitpix of BITPIXES) {
      const name = `B${bitpix}`.replace('-', 'M');
      const want = pattern(bitpix, W * H);
      expect(Array.from((await r.readImage(name)).pixels)).toEqual(Array.from(want));
      for (const box of [
        { x0: 3, y0: 4, width: 5, height: 6 },
        { x0: 0, y0: 22, width: 37, height: 1 },
        { x0: 36, y0: 0, width: 1, height: 23 },
      ]) {
        const rect = await r.readImage(name, box);
        const expected: number[] = [];
        for (let y = box.y0; y < box.y0 + box.height; y++)
          for (let x = box.x0; x < box.x0 + box.width; x++) expected.push(want[y * W + x] as number);
        expect(Array.from(rect.pixels)).toEqual(expected);
      }
    }
    await r.close();
  });

  it('applies BZERO, BSCALE and BLANK', async () => {
    const r = await FitsReader.open(file);
    const { pixels } = await r.readImage('SCALED', { x0: 0, y0: 0, width: 12, height: 1 });
    expect(Number.isNaN(pixels[0])).toBe(true);
    expect(pixels[1]).toBe(32768 + 0.5 * (1 - 400));
    expect(Number.isNaN(pixels[11])).toBe(true);
    await r.close();
  });

  it('reads only the needed rows of a small cutout of a wide image', async () => {
    const wide = path.join(dir, 'wide.fits');
    const w = new FitsWriter(await fileSink(wide));
    await w.writeImage({ bitpix: -32, width: 2000, height: 1000 }, new Float32Array(2000 * 1000).map((_, i) => i));
    await w.close();
    const r = await FitsReader.open(wide);
    const rect = await r.readImage(1, { x0: 1500, y0: 600, width: 20, height: 30 });
    expect(rect.bytesRead).toBe(20 * 30 * 4);
    expect(rect.pixels[0]).toBe(600 * 2000 + 1500);
    expect(rect.pixels[20 * 30 - 1]).toBe(629 * 2000 + 1519);
    await r.close();
  });

  it('refuses short or oversized row writes and a box outside the image', async () => {
    const w = new FitsWriter(await fileSink(path.join(dir, 'bad.fits')));
    const hdu = await w.beginImage({ bitpix: 32, width: 4, height: 2 });
    await expect(hdu.writeRows(new Float32Array(4))).rejects.toThrow(/Int32Array/);
    await expect(hdu.writeRows(new Int32Array(12))).rejects.toThrow(/too many rows/);
    await hdu.writeRows(new Int32Array(4));
    await expect(hdu.end()).rejects.toThrow(/1 rows/);
    const r = await FitsReader.open(file);
    await expect(r.readImage('B8', { x0: 30, y0: 0, width: 10, height: 1 })).rejects.toThrow(/outside/);
    await r.close();
  });

  it('fills several HDUs strip by strip, out of order, into a valid file', async () => {
    const multi = path.join(dir, 'multi.fits');
    const specs = [
      { bitpix: -32 as const, width: 50, height: 30, extname: 'IMAGE' },
      { bitpix: 32 as const, width: 50, height: 30, extname: 'MASK' },
    ];
    const f = await ImageFileWriter.create(multi, [stringCard('FILTER', 'HSC-I')], specs);
    for (const y0 of [20, 0, 10]) {
      await f.writeRows(2, y0, new Int32Array(500).map((_, i) => y0 * 50 + i));
      await f.writeRows(1, y0, new Float32Array(500).map((_, i) => (y0 * 50 + i) / 4));
    }
    await f.close();
    expect(fs.statSync(multi).size).toBe(f.size);
    const r = await FitsReader.open(multi);
    expect((await r.readImage('MASK', { x0: 7, y0: 25, width: 1, height: 1 })).pixels[0]).toBe(25 * 50 + 7);
    expect((await r.readImage('IMAGE', { x0: 7, y0: 25, width: 1, height: 1 })).pixels[0]).toBe((25 * 50 + 7) / 4);
    await r.close();
    const sums = astropyJson<number[]>(
      `import json
from astropy.io import fits
with fits.open(${JSON.stringify(multi)}) as f:
    f.verify('exception')
    print(json.dumps([float(f['IMAGE'].data.sum()), int(f['MASK'].data.sum()), f[0].header['FILTER'] == 'HSC-I']))`,
    );
    expect(sums).toEqual([(1499 * 1500) / 2 / 4, (1499 * 1500) / 2, true]);
  });

  it('is read by astropy with identical values and headers', async () => {
    const seen = astropyJson<{ name: string | null; bitpix: number; shape: number[]; values: (number | null)[] }[]>(
      `import json, math
from astropy.io import fits
out = []
with fits.open(${JSON.stringify(file)}) as f:
    f.verify('exception')
    for h in f[1:]:
        vals = [None if math.isnan(v) else v for v in h.data.astype('float64').ravel().tolist()]
        out.append({'name': h.header.get('EXTNAME'), 'bitpix': h.header['BITPIX'], 'shape': list(h.data.shape), 'values': vals})
print(json.dumps(out))`,
    );
    expect(seen.map((s) => s.name)).toEqual(['B8', 'B16', 'B32', 'BM32', 'BM64', 'SCALED']);
    const r = await FitsReader.open(file);
    for (const s of seen) {
      expect(s.shape).toEqual([H, W]);
      const ours = Array.from((await r.readImage(s.name ?? '')).pixels).map((v) => (Number.isNaN(v) ? null : v));
      expect(s.values).toEqual(ours);
    }
    await r.close();
  });
});
