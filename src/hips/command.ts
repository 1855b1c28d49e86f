// `hsc-vo hips build`: band and colour HiPS from the coadd images under the data directory
// (<dataDir>/<schema>/deepCoadd-results/HSC-<BAND>/...), into hips/<id>; and the demo's HiPS.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { buildBandHips, type BandBuildReport } from './build.ts';
import { buildColorHips } from './color.ts';
import type { ImageFormat, TileFormat } from './encode.ts';
import type { OverlapRule } from './reproject.ts';
import { findFitsFiles } from './sources.ts';

/**
 * Flags of `hips build` (all optional):
 *   band      one band letter (g r i z y): a single-band HiPS, id <schema>_<band>
 *   color     three bands, red first (e.g. "i,r,g"): builds each band HiPS if missing, then the
 *             colour HiPS <schema>_color_<bands>
 *   files     explicit FITS files instead of the data directory (single band; needs id)
 *   id        HiPS id (directory under the output and the URL /hips/<id>)
 *   schema    data set under the data directory (default pdr3_wide)
 *   order     deepest order (default: from the pixel scale, 12 for 0.168″ with 512-pixel tiles)
 *   width     tile width (default 512)
 *   formats   tile formats, comma-separated: png, jpeg, fits (FITS is always written for bands)
 *   overlap   mean (default) or best-seeing
 *   workers   worker threads (default: all cores)
 *   out       output directory (default <project>/hips)
 *   recut     recompute the display cut levels even when kept from an earlier build
 */
export interface HipsBuildFlags {
  band?: string;
  color?: string;
  files?: string[];
  id?: string;
  schema?: string;
  order?: string;
  width?: string;
  formats?: string;
  overlap?: string;
  workers?: string;
  out?: string;
  recut?: boolean;
}

const BANDS = ['g', 'r', 'i', 'z', 'y'];

function intFlag(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

function formatsFlag(v: string | undefined, allowed: readonly TileFormat[]): TileFormat[] | undefined {
  if (v === undefined) return undefined;
  const list = v.split(',').map((s) => s.trim().toLowerCase()).map((s) => (s === 'jpg' ? 'jpeg' : s));
  for (const f of list) if (!(allowed as readonly string[]).includes(f)) throw new Error(`unknown tile format ${f}`);
  return list as TileFormat[];
}

/** Coadd files of one band of a data set. */
export async function coaddFiles(dataDir: string, schema: string, band: string): Promise<string[]> {
  const base = path.join(dataDir, schema, 'deepCoadd-results');
  const dirs = fs.existsSync(base) ? fs.readdirSync(base).filter((d) => new RegExp(`^HSC-${band}\\d?$`, 'i').test(d)) : [];
  const files: string[] = [];
  for (const d of dirs.sort()) files.push(...(await findFitsFiles(path.join(base, d))));
  return files.filter((f) => /calexp-/.test(path.basename(f)));
}

interface Plan {
  config: Config;
  log: Logger;
  outDir: string;
  schema: string;
  order?: number;
  width?: number;
  overlap: OverlapRule;
  concurrency?: number;
  recut: boolean;
  progress: boolean;
}

const bandId = (schema: string, band: string): string => `${schema}_${band}`;

async function buildBand(p: Plan, band: string, files: string[] | undefined, id: string, formats?: TileFormat[]): Promise<BandBuildReport> {
  const sources = files ?? await coaddFiles(p.config.dataDir, p.schema, band);
  if (sources.length === 0) throw new Error(`no ${band}-band coadd images under ${path.join(p.config.dataDir, p.schema)} (run hsc-vo generate)`);
  const release = p.schema.split('_')[0]?.toUpperCase() ?? p.schema;
  return buildBandHips({
    dir: path.join(p.outDir, id), files: sources, log: p.log, progress: p.progress, recut: p.recut, overlap: p.overlap,
    ...(formats ? { formats } : {}),
    ...(p.order !== undefined ? { order: p.order } : {}),
    ...(p.width !== undefined ? { width: p.width } : {}),
    ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
    description: {
      id, band, creatorDid: `ivo://hsc-vo/P/HSC/${p.schema}/${band}`,
      title: `HSC-SSP ${release} ${p.schema} ${band}-band`,
      description: `HiPS of the ${band}-band coadd images (${sources.length} patches) of ${p.schema}, reprojected bilinearly, overlaps averaged.`,
    },
  });
}

async function buildColor(p: Plan, bands: string[], formats?: ImageFormat[], id?: string): Promise<string> {
  if (bands.length !== 3 || bands.some((b) => !BANDS.includes(b))) throw new Error('--color needs three bands, e.g. i,r,g');
  const dirs = bands.map((b) => path.join(p.outDir, bandId(p.schema, b))) as [string, string, string];
  for (const [i, b] of bands.entries()) {
    if (!fs.existsSync(path.join(dirs[i]!, '.hips-build.json'))) await buildBand(p, b, undefined, bandId(p.schema, b));
  }
  const colorId = id ?? `${p.schema}_color_${bands.join('')}`;
  await buildColorHips({
    dir: path.join(p.outDir, colorId), bands: dirs, log: p.log, progress: p.progress,
    ...(formats ? { formats } : {}),
    ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
    description: {
      id: colorId, creatorDid: `ivo://hsc-vo/P/HSC/${p.schema}/color-${bands.join('')}`,
      title: `HSC-SSP ${p.schema} colour (${bands.join(', ')} → R, G, B)`,
      description: `Colour HiPS of the ${bands.join(', ')} coadds with the Lupton et al. (2004) asinh scheme.`,
    },
  });
  return colorId;
}

function planFrom(config: Config, log: Logger, flags: HipsBuildFlags): Plan {
  const overlap = flags.overlap ?? 'mean';
  if (overlap !== 'mean' && overlap !== 'best-seeing') throw new Error('--overlap must be mean or best-seeing');
  const order = intFlag(flags.order, 'order');
  const width = intFlag(flags.width, 'width');
  const concurrency = intFlag(flags.workers, 'workers');
  return {
    config, log, overlap, recut: flags.recut === true, progress: true,
    outDir: path.resolve(flags.out ?? config.hipsDir),
    schema: flags.schema ?? 'pdr3_wide',
    ...(order !== undefined ? { order } : {}),
    ...(width !== undefined ? { width } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
}

/** `hsc-vo hips build`; returns the process exit code. */
export async function hipsBuildCommand(config: Config, log: Logger, flags: HipsBuildFlags): Promise<number> {
  const p = planFrom(config, log, flags);
  if (flags.color) {
    const formats = formatsFlag(flags.formats, ['png', 'jpeg']) as ImageFormat[] | undefined;
    await buildColor(p, flags.color.split(',').map((s) => s.trim().toLowerCase()), formats, flags.id);
    return 0;
  }
  const band = (flags.band ?? (flags.files ? undefined : 'i'))?.toLowerCase();
  if (band !== undefined && !BANDS.includes(band)) throw new Error(`unknown band ${band}`);
  if (flags.files && !flags.id) throw new Error('--files needs --id');
  const id = flags.id ?? bandId(p.schema, band ?? 'x');
  await buildBand(p, band ?? '', flags.files, id, formatsFlag(flags.formats, ['png', 'jpeg', 'fits']));
  return 0;
}

/**
 * The demo's HiPS (i band, and i,r,g colour) into hips/, each only if missing. `order` is the
 * deepest order (default: from the pixel scale, 12 for HSC's 0.168″).
 */
export async function buildDemoHips(config: Config, log: Logger,
  opts: { schema?: string; out?: string; order?: number } = {}): Promise<string[]> {
  const p = planFrom(config, log, {
    ...(opts.schema ? { schema: opts.schema } : {}),
    ...(opts.out ? { out: opts.out } : {}),
    ...(opts.order !== undefined ? { order: String(opts.order) } : {}),
  });
  const built: string[] = [];
  const iId = bandId(p.schema, 'i');
  if (!fs.existsSync(path.join(p.outDir, iId, 'properties'))) {
    await buildBand(p, 'i', undefined, iId);
    built.push(iId);
  }
  const colorId = `${p.schema}_color_irg`;
  if (!fs.existsSync(path.join(p.outDir, colorId, 'properties'))) built.push(await buildColor(p, ['i', 'r', 'g']));
  return built;
}
