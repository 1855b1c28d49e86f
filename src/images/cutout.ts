// Cutouts of a calexp (SODA 1.0 §3.3 spatial filtering): the pixel box a sky region or pixel range
// covers, and the FITS file of that box — chosen planes, read row by row from the source, with
// the WCS shifted so every pixel keeps its sky position, LTV/CRVALnA updated, provenance cards.
import path from 'node:path';
import type { Bitpix } from '../fits/bitpix.ts';
import {
  historyCard, headerNumber, realCard, setCard, stringCard, type HeaderCard,
} from '../fits/header.ts';
import { FitsReader, imageSize, type HduInfo, type PixelBox } from '../fits/reader.ts';
import type { ByteSink } from '../fits/sink.ts';
import { FitsWriter } from '../fits/writer.ts';
import { TanWcs } from '../wcs/tan.ts';
import type { Plane } from './planes.ts';
import type { SkyRegion } from './region.ts';

/** A sky region, or a pixel range (1-based, inclusive, FITS order) of the image. */
export type CutoutRegion = SkyRegion | { type: 'pixels'; x1: number; x2: number; y1: number; y2: number };

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;
const SAMPLES = 72;
/** Rows read and written per step, so memory stays bounded whatever the cutout. */
const STRIP_ROWS = 256;

type Vec = [number, number, number];
const toVec = (ra: number, dec: number): Vec => [Math.cos(dec * D2R) * Math.cos(ra * D2R), Math.cos(dec * D2R) * Math.sin(ra * D2R), Math.sin(dec * D2R)];
const fromVec = ([x, y, z]: Vec): [number, number] => [Math.atan2(y, x) * R2D, Math.asin(Math.max(-1, Math.min(1, z / Math.hypot(x, y, z)))) * R2D];

/** The point at angular distance `r` (deg) from (ra, dec) towards position angle `pa` (rad, north through east). */
function offset(ra: number, dec: number, r: number, pa: number): [number, number] {
  const d = dec * D2R;
  const a = r * D2R;
  const dec2 = Math.asin(Math.sin(d) * Math.cos(a) + Math.cos(d) * Math.sin(a) * Math.cos(pa));
  const ra2 = ra * D2R + Math.atan2(Math.sin(pa) * Math.sin(a) * Math.cos(d), Math.cos(a) - Math.sin(d) * Math.sin(dec2));
  return [ra2 * R2D, dec2 * R2D];
}

/** Points along a great-circle arc (exclusive of its end). */
function arc(a: [number, number], b: [number, number], n: number): [number, number][] {
  const va = toVec(...a);
  const vb = toVec(...b);
  return Array.from({ length: n }, (_, i) => {
    const t = i / n;
    return fromVec([va[0] * (1 - t) + vb[0] * t, va[1] * (1 - t) + vb[1] * t, va[2] * (1 - t) + vb[2] * t]);
  });
}

/** Sky points on the boundary of a region (and its centre for a circle). */
function boundary(region: SkyRegion): [number, number][] {
  switch (region.type) {
    case 'circle':
      return [[region.ra, region.dec], ...Array.from({ length: SAMPLES }, (_, i) => offset(region.ra, region.dec, region.radius, (2 * Math.PI * i) / SAMPLES))];
    case 'polygon':
      return region.vertices.flatMap((v, i) => arc(v, region.vertices[(i + 1) % region.vertices.length] as [number, number], 16));
    case 'range': {
      const { ra1, ra2, dec1, dec2 } = region;
      const span = ra2 >= ra1 ? ra2 - ra1 : ra2 + 360 - ra1;
      const pts: [number, number][] = [];
      for (let i = 0; i <= SAMPLES; i++) {
        const ra = ra1 + (span * i) / SAMPLES;
        const dec = dec1 + ((dec2 - dec1) * i) / SAMPLES;
        pts.push([ra, dec1], [ra, dec2], [ra1, dec], [ra1 + span, dec]);
      }
      return pts;
    }
    default: {
      const never: never = region;
      throw new Error(`unknown region ${String(never)}`);
    }
  }
}

/** Angular distance in degrees. */
export function separation(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const a = toVec(ra1, dec1);
  const b = toVec(ra2, dec2);
  const cross = Math.hypot(a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]);
  return Math.atan2(cross, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) * R2D;
}

/**
 * The pixel box (0-based) of a width×height image the region covers, clipped to the image;
 * undefined when they do not overlap.
 */
export function cutoutBox(wcs: TanWcs, width: number, height: number, region: CutoutRegion): PixelBox | undefined {
  let xmin: number;
  let xmax: number;
  let ymin: number;
  let ymax: number;
  if (region.type === 'pixels') {
    [xmin, xmax, ymin, ymax] = [region.x1 - 1, region.x2 - 1, region.y1 - 1, region.y2 - 1];
  } else {
    const pixels = boundary(region).map(([ra, dec]) => wcs.skyToPixel(ra, dec));
    const finite = pixels.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (region.type === 'circle') {
      const [cra, cdec] = wcs.pixelToSky((width - 1) / 2, (height - 1) / 2);
      const [ra0, dec0] = wcs.pixelToSky(-0.5, -0.5);
      if (separation(cra, cdec, region.ra, region.dec) > region.radius + separation(cra, cdec, ra0, dec0)) return undefined;
    }
    if (finite.length < pixels.length) {
      // Part of the region is beyond the tangent plane: it is far larger than a patch image.
      [xmin, xmax, ymin, ymax] = [0, width - 1, 0, height - 1];
      if (!finite.some(([x, y]) => x >= -0.5 && x <= width - 0.5 && y >= -0.5 && y <= height - 0.5) && region.type !== 'circle' && region.type !== 'range') return undefined;
    } else {
      xmin = Math.min(...finite.map((p) => p[0]));
      xmax = Math.max(...finite.map((p) => p[0]));
      ymin = Math.min(...finite.map((p) => p[1]));
      ymax = Math.max(...finite.map((p) => p[1]));
    }
  }
  const x0 = Math.max(0, Math.floor(xmin + 0.5));
  const x1 = Math.min(width - 1, Math.floor(xmax + 0.5));
  const y0 = Math.max(0, Math.floor(ymin + 0.5));
  const y1 = Math.min(height - 1, Math.floor(ymax + 0.5));
  if (x0 > x1 || y0 > y1) return undefined;
  return { x0, y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

const STRUCTURAL = new Set(['SIMPLE', 'XTENSION', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'PCOUNT', 'GCOUNT', 'EXTEND', 'EXTNAME', 'END']);
const SCALING = new Set(['BZERO', 'BSCALE', 'BLANK']);
const withoutKeys = (cards: readonly HeaderCard[], keys: ReadonlySet<string>): HeaderCard[] =>
  cards.filter((c) => !(c.kind === 'value' && keys.has(c.key)));

/** Header cards of a cutout HDU: the source's, with the WCS and pixel-origin cards moved to the box. */
export function cutoutCards(source: readonly HeaderCard[], box: PixelBox): HeaderCard[] {
  let cards = withoutKeys(source, STRUCTURAL);
  for (const c of TanWcs.fromHeader(source).shifted(box.x0, box.y0).toCards()) if (c.kind === 'value') cards = setCard(cards, c);
  const shift = (key: string, by: number): void => {
    const v = headerNumber(source, key);
    if (v !== undefined) cards = setCard(cards, realCard(key, v + by));
  };
  shift('LTV1', -box.x0);
  shift('LTV2', -box.y0);
  shift('CRVAL1A', box.x0);
  shift('CRVAL2A', box.y0);
  return cards;
}

export interface CutoutSource {
  reader: FitsReader;
  /** The IMAGE HDU: its WCS and size define the cutout box. */
  image: HduInfo;
  wcs: TanWcs;
  width: number;
  height: number;
}

/** Opens a calexp and reads its IMAGE HDU's WCS (headers only). Close `reader` when done. */
export async function openCutoutSource(file: string): Promise<CutoutSource> {
  const reader = await FitsReader.open(file);
  try {
    const image = reader.hdu('IMAGE');
    const [width, height] = imageSize(image);
    return { reader, image, wcs: TanWcs.fromHeader(image.cards), width, height };
  } catch (err) {
    await reader.close();
    throw err;
  }
}

export interface CutoutResult {
  bytesRead: number;
  bytesWritten: number;
}

/**
 * Writes the cutout FITS (data-less primary with the source's primary cards and provenance, then
 * one IMAGE extension per plane) into `sink`, reading only the rows and columns of the box.
 */
export async function writeCutout(source: CutoutSource, box: PixelBox, planes: readonly Plane[], sink: ByteSink,
  provenance: { did: string; file: string; request: string }): Promise<CutoutResult> {
  const out = new FitsWriter(sink);
  const primary = withoutKeys(source.reader.hdu(0).cards, STRUCTURAL);
  await out.writePrimary([
    ...primary,
    stringCard('DATASRC', provenance.did.slice(0, 68), 'publisher DID of the source image'),
    historyCard(`SODA cutout of ${path.basename(provenance.file)}`),
    historyCard(`pixels x ${box.x0 + 1}..${box.x0 + box.width}, y ${box.y0 + 1}..${box.y0 + box.height} (1-based) of the source`),
    historyCard(`request: ${provenance.request}`.replace(/[^\x20-\x7e]/g, '?')),
    historyCard(`made ${new Date().toISOString()} by hsc-vo`),
  ]);
  let bytesRead = 0;
  for (const plane of planes) {
    const hdu = source.reader.hdu(plane.extname);
    const scaled = [...SCALING].some((k) => headerNumber(hdu.cards, k) !== undefined);
    const bitpix: Bitpix = scaled ? -64 : hdu.bitpix;
    const cards = cutoutCards(scaled ? withoutKeys(hdu.cards, SCALING) : hdu.cards, box);
    const writer = await out.beginImage({ bitpix, width: box.width, height: box.height, extname: plane.extname, cards });
    for (let y = box.y0; y < box.y0 + box.height; y += STRIP_ROWS) {
      const rows = Math.min(STRIP_ROWS, box.y0 + box.height - y);
      const rect = await source.reader.readImage(plane.extname, { x0: box.x0, y0: y, width: box.width, height: rows });
      bytesRead += rect.bytesRead;
      await writer.writeRows(rect.pixels);
    }
    await writer.end();
  }
  await out.close();
  return { bytesRead, bytesWritten: sink.bytesWritten };
}
