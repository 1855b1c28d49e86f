// The files at the root of a HiPS once its tiles exist: Norder3/Allsky (HiPS 1.0 §4.3.2),
// Moc.fits (MOC 2.0 §6, HiPS §4.4.2), preview.jpg (§4.4.4) and `properties` (§4.4.1).
import path from 'node:path';
import { pix2vec_nest, order2nside, vec2ang } from '@hscmap/healpix';
import { ALLSKY_TILE, assembleAllsky, reduceTile } from './allsky.ts';
import { hscFilter } from '../images/bands.ts';
import type { BlockResult } from './block-worker.ts';
import { encodeFitsImage, encodeRaster, extensionOf, stretchToRaster, type TileFormat } from './encode.ts';
import type { ObservingSpan } from '../fits/time.ts';
import { combinedSpan, timeProperties } from './epochs.ts';
import { tilePixelSizeArcsec } from './healpix.ts';
import { readTileIfAny, type TileSets } from './lower-orders.ts';
import type { TilingParams } from './manifest.ts';
import { encodeMocFits, mocFromCells, mocMaxOrder, mocSkyFraction, type Moc } from './moc.ts';
import { previewOrder, previewSampling, writeBandPreview, type PreviewView } from './preview.ts';
import { formatProperties, hipsDate } from './properties.ts';
import type { SourceImage } from './sources.ts';
import type { StretchParams } from './stretch.ts';
import { writeFileAtomic } from './tile-store.ts';

/** What a HiPS is, for its properties file. */
export interface HipsDescription {
  /** Directory name under hips/ and the last part of the URL. */
  id: string;
  creatorDid: string;
  title: string;
  description: string;
  /** HSC band letter (g r i z y) when the HiPS shows one band. */
  band?: string;
  /** Release date in ms; default SOURCE_DATE_EPOCH, else the newest source file's mtime. */
  releaseDate?: number;
}

/** Wavelength range (metres) of an HSC band, as ObsCore and SIA state it (images/bands.ts). */
export function bandWavelengths(band: string | undefined): [number, number] | null {
  const filter = band ? hscFilter(band) : undefined;
  return filter ? [filter.emMin, filter.emMax] : null;
}

export function tileSetsFrom(blocks: readonly BlockResult[], order: number): TileSets {
  const sets: TileSets = new Map();
  let current = new Set<number>();
  for (const b of blocks) for (const t of b.tiles) current.add(t);
  for (let o = order; o >= 0; o--) {
    sets.set(o, current);
    current = new Set([...current].map((n) => Math.floor(n / 4)));
  }
  return sets;
}

/** The order whose Allsky is written: 3, or the deepest order when shallower. */
export function allskyOrder(order: number): number {
  return Math.min(3, order);
}

/** Norder3/Allsky.fits and the image formats from the FITS tiles of that order. */
async function writeBandAllsky(dir: string, params: TilingParams, sets: TileSets, stretch: StretchParams): Promise<void> {
  const order = allskyOrder(params.order);
  const small = Math.min(ALLSKY_TILE, params.width);
  const tiles = new Map<number, Float32Array>();
  for (const npix of [...(sets.get(order) ?? [])].sort((a, b) => a - b)) {
    const t = await readTileIfAny(dir, order, npix, sets);
    if (t) tiles.set(npix, reduceTile(t, params.width, small));
  }
  const { pixels, layout } = assembleAllsky(order, tiles, small);
  for (const format of params.formats) {
    const file = path.join(dir, `Norder${order}`, `Allsky.${extensionOf(format)}`);
    if (format === 'fits') {
      await writeFileAtomic(file, encodeFitsImage(pixels, layout.width, layout.height, []));
    } else {
      const alpha = format === 'png';
      const raster = stretchToRaster(pixels, layout.width, layout.height, stretch, alpha);
      await writeFileAtomic(file, await encodeRaster(raster, layout.width, layout.height, alpha ? 2 : 1, format));
    }
  }
}

export async function writeMoc(dir: string, order: number, tiles: Iterable<number>): Promise<Moc> {
  const moc = mocFromCells(order, tiles);
  await writeFileAtomic(path.join(dir, 'Moc.fits'), encodeMocFits(moc, Math.max(order, mocMaxOrder(moc))));
  return moc;
}

/** Initial view: the mean direction of the deepest tiles and a field holding them all. */
export function initialView(order: number, tiles: Iterable<number>): PreviewView {
  const nside = order2nside(order);
  const vs = [...tiles].map((n) => pix2vec_nest(nside, n));
  if (vs.length === 0) return { ra: 0, dec: 0, fov: 180 };
  const sum = vs.reduce((a, v) => [a[0] + v[0], a[1] + v[1], a[2] + v[2]], [0, 0, 0]);
  const norm = Math.hypot(...sum) || 1;
  const centre: [number, number, number] = [sum[0] / norm, sum[1] / norm, sum[2] / norm];
  const { theta, phi } = vec2ang(centre);
  let radius = 0;
  for (const v of vs) radius = Math.max(radius, Math.acos(Math.min(1, v[0] * centre[0] + v[1] * centre[1] + v[2] * centre[2])));
  const tileDeg = Math.sqrt((4 * Math.PI) / (12 * nside * nside)) * (180 / Math.PI);
  const fov = Math.min(180, Math.max(0.05, 2 * radius * (180 / Math.PI) + tileDeg));
  return { ra: (phi * 180) / Math.PI, dec: 90 - (theta * 180) / Math.PI, fov: Number(fov.toFixed(4)) };
}

/** Release date: explicit, else SOURCE_DATE_EPOCH (reproducible builds), else newest source mtime. */
export function releaseDateOf(desc: HipsDescription, sources: readonly SourceImage[]): number {
  if (desc.releaseDate !== undefined) return desc.releaseDate;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return Number(epoch) * 1000;
  return Math.max(0, ...sources.map((s) => s.mtimeMs));
}

export interface CommonProperties {
  desc: HipsDescription;
  order: number;
  width: number;
  /** Formats in the order clients should prefer. */
  formats: readonly TileFormat[];
  moc: Moc;
  view: PreviewView;
  releaseDate: number;
  tileCount: number;
  /** When the input data were observed (t_min, t_max); null when the sources do not all say. */
  observed: ObservingSpan | null;
  /** Wavelength range in metres (em_min, em_max); null when unknown. */
  wavelengths: readonly [number, number] | null;
}

/** The keys every HSC HiPS carries, in a fixed order; band or colour keys go after them. */
export function commonProperties(c: CommonProperties): [string, string][] {
  const view = c.view;
  const em = c.wavelengths;
  const date = hipsDate(c.releaseDate);
  return [
    ['creator_did', c.desc.creatorDid],
    ['obs_title', c.desc.title],
    ['obs_description', c.desc.description],
    ['obs_collection', 'HSC-SSP'],
    ['obs_regime', 'Optical'],
    ['dataproduct_type', 'image'],
    ['hips_version', '1.4'],
    ['hips_release_date', date],
    ['hips_creation_date', date],
    ['hips_status', 'public master clonableOnce'],
    ['hips_builder', 'hsc-vo hips tiler'],
    ['hips_creator', 'hsc-vo'],
    ['hips_frame', 'equatorial'],
    ['hips_order', String(c.order)],
    ['hips_order_min', '0'],
    ['hips_tile_width', String(c.width)],
    ['hips_tile_format', c.formats.join(' ')],
    ['hips_pixel_scale', (tilePixelSizeArcsec(c.order, c.width) / 3600).toPrecision(6)],
    ['hips_initial_ra', view.ra.toFixed(6)],
    ['hips_initial_dec', view.dec.toFixed(6)],
    ['hips_initial_fov', String(view.fov)],
    ['hips_nb_tiles', String(c.tileCount)],
    ['moc_sky_fraction', mocSkyFraction(c.moc).toPrecision(6)],
    ['client_category', 'Image/Optical/HSC'],
    ['prov_progenitor', 'HSC-SSP coadd images (deepCoadd calexp)'],
    ...timeProperties(c.observed),
    ...(em ? ([['em_min', String(em[0])], ['em_max', String(em[1])]] as [string, string][]) : []),
  ];
}

function formatsForClients(formats: readonly TileFormat[]): TileFormat[] {
  // Image formats first: the first listed is what Aladin Lite loads by default.
  return [...formats.filter((f) => f !== 'fits'), ...formats.filter((f) => f === 'fits')];
}

export interface FinishInput {
  params: TilingParams;
  stretch: StretchParams & { min?: number; max?: number };
  blocks: readonly BlockResult[];
  sources: readonly SourceImage[];
  description: HipsDescription;
  tileSets: TileSets;
}

/** Allsky, Moc.fits, preview.jpg and properties of a single-band HiPS. */
export async function finishHips(dir: string, f: FinishInput): Promise<void> {
  await writeBandAllsky(dir, f.params, f.tileSets, f.stretch);
  const deepest = f.tileSets.get(f.params.order) ?? new Set<number>();
  const moc = await writeMoc(dir, f.params.order, deepest);
  const view = initialView(f.params.order, deepest);
  const previewAt = previewOrder(view.fov, f.params.width, f.params.order);
  await writeBandPreview(dir, f.tileSets, previewSampling(view, previewAt, f.params.width), f.stretch);
  const mins = f.blocks.map((b) => b.min).filter((v): v is number => v !== null);
  const maxs = f.blocks.map((b) => b.max).filter((v): v is number => v !== null);
  let tileCount = 0;
  for (const s of f.tileSets.values()) tileCount += s.size;
  const props: [string, string][] = [
    ...commonProperties({
      desc: f.description, order: f.params.order, width: f.params.width, formats: formatsForClients(f.params.formats),
      moc, view, releaseDate: releaseDateOf(f.description, f.sources), tileCount,
      observed: combinedSpan(f.sources.map((s) => s.observed)), wavelengths: bandWavelengths(f.description.band),
    }),
    ['hips_pixel_bitpix', '-32'],
    ['hips_pixel_cut', `${f.stretch.lo.toPrecision(6)} ${f.stretch.hi.toPrecision(6)}`],
    ['hips_data_range', `${mins.length ? Math.min(...mins).toPrecision(6) : '0'} ${maxs.length ? Math.max(...maxs).toPrecision(6) : '0'}`],
    ['hips_sampling', 'bilinear'],
    ['hips_overlay', f.params.overlap === 'mean' ? 'mean' : 'best-seeing'],
  ];
  await writeFileAtomic(path.join(dir, 'properties'), formatProperties(props));
}
