// Which calexp images a data-set profile materialises (hsc-data.md §4.2): tiny = one Wide patch
// in five bands; demo = three Wide patches of tract 9560 and the UD-COSMOS centre patch of 9813.
// Every other patch is rendered on demand (SODA cutouts) from the same scene.
import { BANDS, type Band, type Dataset } from '../fields.ts';
import { calexpRelativePath } from './calexp.ts';

export type ImageProfile = 'tiny' | 'demo';

export interface CalexpJob {
  schema: Dataset;
  tract: number;
  patch: { x: number; y: number };
  band: Band;
  /** Path of the file relative to the data directory. */
  path: string;
}

const PATCHES: Record<ImageProfile, readonly [Dataset, number, number, number][]> = {
  tiny: [['pdr3_wide', 9560, 4, 4]],
  demo: [
    ['pdr3_wide', 9560, 4, 4],
    ['pdr3_wide', 9560, 4, 5],
    ['pdr3_wide', 9560, 5, 4],
    ['pdr3_dud', 9813, 4, 4],
  ],
};

/** The patch × band images of a profile, patch by patch, bands in g, r, i, z, y order. */
export function imageJobs(profile: ImageProfile): CalexpJob[] {
  return PATCHES[profile].flatMap(([schema, tract, x, y]) =>
    BANDS.map((band) => ({ schema, tract, patch: { x, y }, band, path: calexpRelativePath(schema, tract, { x, y }, band) })),
  );
}
