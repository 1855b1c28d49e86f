// A whole synthetic data set for a request (profile, seed, optional row target): the work units
// of every table (catalog per patch, frames per night, image metadata) and the coadd images
// to render. Deterministic: the same request always gives the same plan.
import { catalogUnits } from './catalog-plan.ts';
import { frameUnits } from './frames/index.ts';
import { renderCalexp } from './images/calexp.ts';
import { imageJobs, type CalexpJob } from './images/jobs.ts';
import { mosaicUnits } from './images/mosaic.ts';
import type { WorkUnit } from './table.ts';

export type Profile = 'tiny' | 'demo';

export interface DatasetRequest {
  profile: Profile;
  seed: number;
  /** Scales the catalog to about this many forced rows (benchmarks; catalog only). */
  targetRows?: number;
  /** Render the coadd images of the profile. */
  images: boolean;
}

/** One coadd image to render, addressed by its path relative to the data directory. */
export type ImageJob = CalexpJob;

const memo = new Map<string, WorkUnit[]>();

/** The work units of the request, in a stable order (catalog patches, then nights). */
export function planUnits(req: DatasetRequest): WorkUnit[] {
  const key = JSON.stringify([req.profile, req.seed, req.targetRows ?? null]);
  let units = memo.get(key);
  if (!units) {
    const catalog = catalogUnits(req.profile, req.seed, req.targetRows === undefined ? {} : { targetRows: req.targetRows });
    // A scaled benchmark catalog carries no frames or images: those belong to the profile.
    units = req.targetRows === undefined
      ? [...catalog.units, ...frameUnits(req.profile, req.seed), ...mosaicUnits(req.profile, req.seed)]
      : catalog.units;
    memo.set(key, units);
  }
  return units;
}

/** The coadd images the profile materialises (none for a scaled benchmark catalog). */
export function planImages(req: DatasetRequest): ImageJob[] {
  return req.images && req.targetRows === undefined ? imageJobs(req.profile) : [];
}

/** Renders one image into the data directory; returns its size in bytes. */
export async function renderImageJob(dataDir: string, req: DatasetRequest, job: ImageJob): Promise<number> {
  const { bytes } = await renderCalexp({ dataDir, seed: req.seed, profile: req.profile, schema: job.schema, tract: job.tract, patch: job.patch, band: job.band });
  return bytes;
}
