// The observing span of a coadd: from the start of its first input exposure to the end of its
// last, as the mosaic table (mjd_str, mjd_end) and the calexp header (MJD-BEG, MJD-END) give it.
import type { Band, PatchLocation } from '../fields.ts';
import { patchInputVisits, type FrameProfile } from '../frames/survey.ts';
import type { StreamId } from '../rng.ts';
import type { ObservingSpan } from '../../fits/time.ts';

/** The span of a set of exposures (start MJD, exposure time in s); null when there are none. */
export function spanOfExposures(visits: readonly { mjd: number; exptime: number }[]): ObservingSpan | null {
  if (visits.length === 0) return null;
  return {
    mjdBeg: Math.min(...visits.map((v) => v.mjd)),
    mjdEnd: Math.max(...visits.map((v) => v.mjd + v.exptime / 86400)),
  };
}

/** The span of the visits the profile's survey plan feeds into one patch × band coadd. */
export function coaddSpan(profile: FrameProfile, seed: StreamId, loc: PatchLocation, band: Band): ObservingSpan | null {
  return spanOfExposures(patchInputVisits(profile, seed, loc, band));
}
