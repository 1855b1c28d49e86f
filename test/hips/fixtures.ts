// Small synthetic coadd-like images for the HiPS tests: float32 in HDU 1 with a CD-matrix TAN
// WCS (as HSC writes them), pixel values from a seeded generator so any mis-orientation shows,
// and optionally the span of their observations (MJD-BEG, MJD-END).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileSink } from '../../src/fits/sink.ts';
import { realCard } from '../../src/fits/header.ts';
import { FitsWriter } from '../../src/fits/writer.ts';
import { TanWcs } from '../../src/wcs/tan.ts';

export interface SyntheticImage {
  ra: number;
  dec: number;
  width: number;
  height: number;
  /** Pixel scale, arcsec. */
  scale: number;
  seed: number;
  /** Small rotation of the pixel grid, degrees. */
  rotation?: number;
  seeing?: number;
  /** Start and end of the observations, MJD (written as MJD-BEG and MJD-END). */
  observed?: { mjdBeg: number; mjdEnd: number };
}

/** Pixel values: a smooth sky, a few bright blobs and seeded noise. */
export function syntheticPixels(im: SyntheticImage): Float32Array {
  const px = new Float32Array(im.width * im.height);
  let s = im.seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const blobs = Array.from({ length: 6 }, () => ({ x: rand() * im.width, y: rand() * im.height, a: 5 + 20 * rand() }));
  for (let y = 0; y < im.height; y++) {
    for (let x = 0; x < im.width; x++) {
      let v = 0.01 * x - 0.005 * y + (rand() - 0.5);
      for (const b of blobs) v += b.a * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / 50);
      px[y * im.width + x] = v;
    }
  }
  return px;
}

export function syntheticWcs(im: SyntheticImage): TanWcs {
  const d = im.scale / 3600;
  const r = ((im.rotation ?? 0) * Math.PI) / 180;
  return new TanWcs({
    crpix: [(im.width + 1) / 2, (im.height + 1) / 2],
    crval: [im.ra, im.dec],
    cd: [[-d * Math.cos(r), d * Math.sin(r)], [d * Math.sin(r), d * Math.cos(r)]],
  });
}

export async function writeSyntheticImage(file: string, im: SyntheticImage): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const w = new FitsWriter(await fileSink(file));
  const cards = [
    ...syntheticWcs(im).toCards(),
    ...(im.seeing ? [realCard('SEEING', im.seeing)] : []),
    ...(im.observed ? [realCard('MJD-BEG', im.observed.mjdBeg), realCard('MJD-END', im.observed.mjdEnd)] : []),
  ];
  await w.writeImage({ bitpix: -32, width: im.width, height: im.height, extname: 'IMAGE', cards }, syntheticPixels(im));
  await w.close();
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `hsc-vo-${prefix}-`));
}

export const TEST_IMAGES: SyntheticImage[] = [
  { ra: 150, dec: 2, width: 300, height: 280, scale: 1, seed: 1, seeing: 0.7, observed: { mjdBeg: 57305.4123456, mjdEnd: 57390.2 } },
  { ra: 150.05, dec: 2.02, width: 300, height: 280, scale: 1, seed: 2, rotation: 10, seeing: 0.6, observed: { mjdBeg: 57410.3, mjdEnd: 58120.6654321 } },
];

/** Writes the test images under root/src and returns their paths. */
export async function writeTestImages(root: string, images: readonly SyntheticImage[] = TEST_IMAGES): Promise<string[]> {
  const files = images.map((_, i) => path.join(root, 'src', `img${i}.fits`));
  for (const [i, im] of images.entries()) await writeSyntheticImage(files[i]!, im);
  return files;
}
