// Coadd calexp files (hsc-data.md §3.1, §3.2, §4.7): the deepCoadd-results path, the primary and
// IMAGE/MASK/VARIANCE headers (FLUXMAG0, input span MJD-BEG/END, TAN WCS, LTV, alternate WCS, MP_* planes)
// and rendering a whole patch × band strip by strip into a FITS file.
import fs from 'node:fs';
import path from 'node:path';
import { ImageFileWriter } from '../../fits/image-file.ts';
import { fitsDateOfMjd, type ObservingSpan } from '../../fits/time.ts';
import {
  historyCard,
  integerCard,
  logicalCard,
  realCard,
  stringCard,
  type HeaderCard,
} from '../../fits/header.ts';
import { TanWcs } from '../../wcs/tan.ts';
import { COADD_ZEROPOINT } from '../coverage.ts';
import { FILTER_NAME, type Band, type Dataset } from '../fields.ts';
import type { FrameProfile } from '../frames/survey.ts';
import type { StreamId } from '../rng.ts';
import { fitsWcsFor, patchOuterBox, patchString, tractWcs } from '../skymap.ts';
import { coaddSpan } from './epochs.ts';
import { maskPlaneCards } from './mask-planes.ts';
import { NOISE_BLOCK } from './noise.ts';
import type { PixelBox } from './raster.ts';
import { CalexpScene, type CalexpAddress } from './scene.ts';

/** FLUXMAG0 of every coadd: counts of a 0-mag source at the constant zero point 27 (§3.2). */
export const FLUXMAG0 = Math.pow(10, 0.4 * COADD_ZEROPOINT);
export const FLUXMAG0ERR = 1.0e8;

export interface CalexpRequest {
  dataDir: string;
  seed: StreamId;
  /** The data-set profile: its survey plan dates the input visits (MJD-BEG, MJD-END). */
  profile: FrameProfile;
  schema: Dataset;
  tract: number;
  patch: { x: number; y: number };
  band: Band;
}

/** `<schema>/deepCoadd-results/<FILTER>/<tract>/<x>,<y>/calexp-<FILTER>-<tract>-<x>,<y>.fits`, relative to dataDir. */
export function calexpRelativePath(schema: Dataset, tract: number, patch: { x: number; y: number }, band: Band): string {
  const filter = FILTER_NAME[band];
  const p = patchString(patch.x, patch.y);
  return path.posix.join(schema, 'deepCoadd-results', filter, String(tract), p, `calexp-${filter}-${tract}-${p}.fits`);
}

export function addressOf(req: Omit<CalexpRequest, 'dataDir' | 'seed' | 'profile'>): CalexpAddress {
  return { dataset: req.schema, tract: req.tract, px: req.patch.x, py: req.patch.y, band: req.band };
}

const sceneCache = new Map<string, CalexpScene>();
const SCENE_CACHE_SIZE = 2;

/** The scene of a calexp, cached (a scene is ~1 s to build and some tens of MB). */
export function calexpScene(seed: StreamId, address: CalexpAddress): CalexpScene {
  const key = JSON.stringify([String(seed), address]);
  const hit = sceneCache.get(key);
  if (hit) return hit;
  const scene = new CalexpScene(seed, address);
  if (sceneCache.size >= SCENE_CACHE_SIZE) sceneCache.delete(sceneCache.keys().next().value as string);
  sceneCache.set(key, scene);
  return scene;
}

/** The TAN WCS of a patch image: the tract WCS with CRPIX moved to the patch outer box's pixels. */
export function patchImageWcs(tract: number, px: number, py: number): TanWcs {
  const w = fitsWcsFor(tractWcs(tract), patchOuterBox(px, py));
  const num = (k: string): number => w[k] as number;
  return new TanWcs({
    crpix: [num('CRPIX1'), num('CRPIX2')],
    crval: [num('CRVAL1'), num('CRVAL2')],
    cd: [
      [num('CD1_1'), num('CD1_2')],
      [num('CD2_1'), num('CD2_2')],
    ],
  });
}

export interface CalexpHeaders {
  primary: HeaderCard[];
  image: HeaderCard[];
  mask: HeaderCard[];
  variance: HeaderCard[];
}

/** FITS time cards (FITS 4.0 §9.2, §9.4) of the span of the input exposures, UTC. */
function spanCards(span: ObservingSpan): HeaderCard[] {
  return [
    stringCard('TIMESYS', 'UTC', 'time scale of the MJD and DATE cards'),
    realCard('MJD-BEG', span.mjdBeg, 'start of the first input exposure'),
    realCard('MJD-END', span.mjdEnd, 'end of the last input exposure'),
    stringCard('DATE-BEG', fitsDateOfMjd(span.mjdBeg)),
    stringCard('DATE-END', fitsDateOfMjd(span.mjdEnd)),
  ];
}

/**
 * Headers of a calexp, or of a cutout whose pixel (0,0) is the image's (x0, y0): the WCS is
 * shifted so every pixel keeps its sky position and LTV/CRVAL1A keep the tract pixel origin.
 * `span` (the input exposures' dates) depends on the profile's survey plan, not on the scene.
 */
export function calexpHeaders(scene: CalexpScene, origin: { x0: number; y0: number } = { x0: 0, y0: 0 },
  span: ObservingSpan | null = null): CalexpHeaders {
  const a = scene.address;
  const cov = scene.coverage;
  const tx0 = scene.outer.x0 + origin.x0;
  const ty0 = scene.outer.y0 + origin.y0;
  const primary: HeaderCard[] = [
    realCard('FLUXMAG0', FLUXMAG0, 'counts of a 0-mag source (zero point 27 AB)'),
    realCard('FLUXMAG0ERR', FLUXMAG0ERR),
    realCard('BGMEAN', 0, 'mean background (sky already subtracted)'),
    realCard('BGVAR', Number.isFinite(cov.sigmaPix) ? cov.sigmaPix * cov.sigmaPix : 0, 'background variance, counts^2'),
    stringCard('FILTER', FILTER_NAME[a.band]),
    integerCard('TRACT', a.tract),
    stringCard('PATCH', patchString(a.px, a.py)),
    stringCard('RERUN', a.dataset),
    integerCard('AR_HDU', 5, 'HDU of the archive id table'),
    integerCard('PSF_ID', 1),
    integerCard('WCS_ID', 2),
    integerCard('COADD_INPUTS_ID', 3),
    integerCard('AP_CORR_MAP_ID', 4),
    integerCard('VALID_POLYGON_ID', 5),
    realCard('SEEING', round(cov.seeingFwhm, 4), 'PSF FWHM of the coadd, arcsec'),
    integerCard('NVISITS', cov.nVisits, 'visits contributing to the coadd'),
    ...(span ? spanCards(span) : []),
    stringCard('ORIGIN', 'hsc-vo synthetic HSC generator'),
    historyCard('Synthetic data: rendered from the generator truth, not a real HSC observation.'),
  ];
  const wcsCards = patchImageWcs(a.tract, a.px, a.py).shifted(origin.x0, origin.y0).toCards();
  const ext = (type: string): HeaderCard[] => [
    stringCard('EXTTYPE', type),
    logicalCard('INHERIT', true),
    ...wcsCards,
    realCard('LTV1', -tx0, 'tract pixel origin (IRAF convention)'),
    realCard('LTV2', -ty0),
    stringCard('CTYPE1A', 'LINEAR'),
    stringCard('CTYPE2A', 'LINEAR'),
    realCard('CRPIX1A', 1),
    realCard('CRPIX2A', 1),
    realCard('CRVAL1A', tx0, 'tract x of pixel (1,1)'),
    realCard('CRVAL2A', ty0, 'tract y of pixel (1,1)'),
    stringCard('CUNIT1A', 'PIXEL'),
    stringCard('CUNIT2A', 'PIXEL'),
  ];
  return {
    primary,
    image: [...ext('IMAGE'), stringCard('BUNIT', 'count', 'coadd counts: mag = 27 - 2.5 log10(counts)')],
    mask: [...ext('MASK'), ...maskPlaneCards()],
    variance: [...ext('VARIANCE'), stringCard('BUNIT', 'count2')],
  };
}

function round(x: number, digits: number): number {
  const f = Math.pow(10, digits);
  return Math.round(x * f) / f;
}

/**
 * Writes the calexp of a scene, or of a box of it (a cutout with its shifted WCS), as a FITS file
 * with IMAGE, MASK and VARIANCE extensions, rendering strips aligned on the noise blocks.
 * Returns the file size.
 */
export async function writeCalexpFile(file: string, scene: CalexpScene, box?: PixelBox, span: ObservingSpan | null = null): Promise<number> {
  const b = box ?? { x0: 0, y0: 0, width: scene.width, height: scene.height };
  if (b.x0 < 0 || b.y0 < 0 || b.width <= 0 || b.height <= 0 || b.x0 + b.width > scene.width || b.y0 + b.height > scene.height) {
    throw new RangeError(`box ${JSON.stringify(b)} is not inside the ${scene.width}x${scene.height} image`);
  }
  const headers = calexpHeaders(scene, b, span);
  const size = { width: b.width, height: b.height };
  const out = await ImageFileWriter.create(file, headers.primary, [
    { bitpix: -32, ...size, extname: 'IMAGE', cards: headers.image },
    { bitpix: 32, ...size, extname: 'MASK', cards: headers.mask },
    { bitpix: -32, ...size, extname: 'VARIANCE', cards: headers.variance },
  ]);
  try {
    const yEnd = b.y0 + b.height;
    for (let y = b.y0; y < yEnd; ) {
      const next = Math.min(yEnd, (Math.floor(y / NOISE_BLOCK) + 1) * NOISE_BLOCK);
      const planes = scene.render({ x0: b.x0, y0: y, width: b.width, height: next - y });
      await out.writeRows(1, y - b.y0, planes.image);
      await out.writeRows(2, y - b.y0, planes.mask);
      await out.writeRows(3, y - b.y0, planes.variance);
      y = next;
    }
  } finally {
    await out.close();
  }
  return out.size;
}

/**
 * Renders the calexp of (schema, tract, patch, band) into its deepCoadd-results path under
 * dataDir, atomically via a .partial file, dated by the profile's input visits.
 */
export async function renderCalexp(req: CalexpRequest): Promise<{ path: string; bytes: number }> {
  const file = path.join(req.dataDir, calexpRelativePath(req.schema, req.tract, req.patch, req.band));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const address = addressOf(req);
  const span = coaddSpan(req.profile, req.seed, { dataset: address.dataset, tract: address.tract, px: address.px, py: address.py }, address.band);
  const bytes = await writeCalexpFile(partial, new CalexpScene(req.seed, address), undefined, span);
  fs.renameSync(partial, file);
  return { path: file, bytes };
}
