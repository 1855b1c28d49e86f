// A whole synthetic data set for a request (profile, seed, optional row target): the work units
// of every table (catalog per patch, frames per night, image metadata) and the coadd images
// to render. Deterministic: the same request always gives the same plan.
import { catalogUnits } from './catalog-plan.ts';
import { frameUnits } from './frames/index.ts';
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
export interface ImageJob {
  path: string;
}

const memo = new Map<string, WorkUnit[]>();

/** The work units of the request, in a stable order (catalog patches, then nights). */
export function planUnits(req: DatasetRequest): WorkUnit[] {
  const key = JSON.stringify([req.profile, req.seed, req.targetRows ?? null]);
  let units = memo.get(key);
  if (!units) {
    const catalog = catalogUnits(req.profile, req.seed, req.targetRows === undefined ? {} : { targetRows: req.targetRows });
    // A scaled benchmark catalog carries no frames: those belong to the profile's observations.
    units = req.targetRows === undefined ? [...catalog.units, ...frameUnits(req.profile, req.seed)] : catalog.units;
    memo.set(key, units);
  }
  return units;
}

export function planImages(_req: DatasetRequest): ImageJob[] {
  return [];
}

export async function renderImageJob(_dataDir: string, _req: DatasetRequest, job: ImageJob): Promise<number> {
  throw new Error(`image rendering is not wired yet (${job.path})`);
}
