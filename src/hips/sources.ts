// The source images of a HiPS build: where they are, their WCS, size, seeing and observing span,
// read from the FITS headers only (the coadds keep their pixels in HDU 1, as HSC's calexp files do).
import fs from 'node:fs/promises';
import path from 'node:path';
import { FitsReader, imageSize, type HduInfo } from '../fits/reader.ts';
import { headerLogical, headerNumber, type HeaderCard } from '../fits/header.ts';
import { TanWcs, type TanWcsParams } from '../wcs/tan.ts';
import type { ObservingSpan } from '../fits/time.ts';
import { observingSpanOf } from './epochs.ts';

/** One source image, plain data so that it can be sent to worker threads. */
export interface SourceImage {
  path: string;
  /** Index of the image HDU. */
  hdu: number;
  width: number;
  height: number;
  wcs: TanWcsParams;
  /** PSF FWHM in arcsec when the header says it (SEEING, PSF_FWHM or FWHM), else null. */
  seeing: number | null;
  /** When the data were observed (MJD-BEG/END or DATE-OBS…, see epochs.ts), else null. */
  observed: ObservingSpan | null;
  /** File size and modification time: what incremental builds compare. */
  size: number;
  mtimeMs: number;
}

const SEEING_KEYS = ['SEEING', 'PSF_FWHM', 'FWHM'];

/** The cards of an HDU followed by the primary header's when it inherits them (INHERIT = T). */
function cardsWithInherited(hdu: HduInfo, primary: HduInfo | undefined): HeaderCard[] {
  return primary && hdu.index > 0 && headerLogical(hdu.cards, 'INHERIT') === true ? [...hdu.cards, ...primary.cards] : hdu.cards;
}

/** The first 2-D image HDU with data (HDU 1 in coadds; the primary in plain images). */
function imageHdu(hdus: readonly HduInfo[]): HduInfo {
  const hdu = hdus.find((h) => h.axes.length >= 2 && (h.axes[0] ?? 0) > 0 && (h.axes[1] ?? 0) > 0);
  if (!hdu) throw new Error('no 2-D image HDU');
  return hdu;
}

export async function readSourceImage(file: string): Promise<SourceImage> {
  const reader = await FitsReader.open(file);
  try {
    const hdu = imageHdu(reader.hdus);
    const [width, height] = imageSize(hdu);
    const wcs = TanWcs.fromHeader(hdu.cards).params;
    const cards = cardsWithInherited(hdu, reader.hdus[0]);
    const seeing = SEEING_KEYS.map((k) => headerNumber(cards, k)).find((v) => v !== undefined && v > 0) ?? null;
    const observed = observingSpanOf(cards);
    const stat = await fs.stat(file);
    return { path: path.resolve(file), hdu: hdu.index, width, height, wcs, seeing, observed, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await reader.close();
  }
}

/** Reads every source's header; sorted by path so that a build never depends on listing order. */
export async function readSourceImages(files: readonly string[]): Promise<SourceImage[]> {
  const images: SourceImage[] = [];
  for (const f of [...new Set(files.map((f) => path.resolve(f)))].sort()) images.push(await readSourceImage(f));
  return images;
}

/** FITS files under a directory tree (e.g. deepCoadd-results/HSC-I), sorted. */
export async function findFitsFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.fits$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Mean pixel scale of the sources, arcsec (the finest one decides the deepest order). */
export function finestPixelScale(images: readonly SourceImage[]): number {
  return Math.min(...images.map((im) => new TanWcs(im.wcs).pixelScaleArcsec()));
}
