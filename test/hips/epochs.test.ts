// t_min/t_max inputs: FITS time cards read as MJD (FITS 4.0 §9.2), the span of all sources, and
// the properties rounded outwards; and the generated coadds dated by their input visits.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realCard, stringCard } from '../../src/fits/header.ts';
import { calexpScene, writeCalexpFile } from '../../src/generate/images/calexp.ts';
import { coaddSpan } from '../../src/generate/images/epochs.ts';
import { imageJobs } from '../../src/generate/images/jobs.ts';
import { MOSAIC_COLUMNS, mosaicRow } from '../../src/generate/images/mosaic.ts';
import { mjdOfFitsDate } from '../../src/fits/time.ts';
import { combinedSpan, observingSpanOf, timeProperties } from '../../src/hips/epochs.ts';
import { readSourceImage } from '../../src/hips/sources.ts';
import { astropyJson } from '../fits/astropy.ts';
import { tempDir } from './fixtures.ts';

describe('observing spans from FITS headers', () => {
  it('reads FITS dates as MJD (UTC calendar, fractional seconds)', () => {
    expect(mjdOfFitsDate('2015-10-10')).toBe(57305);
    expect(mjdOfFitsDate('2015-10-10T12:00:00')).toBe(57305.5);
    expect(mjdOfFitsDate('2020-10-09T06:00:00.000')).toBe(59131.25);
    expect(mjdOfFitsDate('10/10/15')).toBeUndefined();
  });

  it('prefers MJD-BEG/MJD-END, then DATE-BEG/DATE-END, then MJD-OBS/DATE-OBS as a single instant', () => {
    expect(observingSpanOf([realCard('MJD-BEG', 57000.1), realCard('MJD-END', 57001.2), stringCard('DATE-OBS', '2020-01-01')]))
      .toEqual({ mjdBeg: 57000.1, mjdEnd: 57001.2 });
    expect(observingSpanOf([stringCard('DATE-BEG', '2015-10-10'), stringCard('DATE-END', '2015-10-10T12:00:00')]))
      .toEqual({ mjdBeg: 57305, mjdEnd: 57305.5 });
    expect(observingSpanOf([stringCard('DATE-OBS', '2015-10-10T06:00:00')])).toEqual({ mjdBeg: 57305.25, mjdEnd: 57305.25 });
    expect(observingSpanOf([realCard('EXPTIME', 200)])).toBeNull();
    expect(observingSpanOf([realCard('MJD-BEG', 57002), realCard('MJD-END', 57001)])).toBeNull();
  });

  it('spans every source, or nothing when one source is undated', () => {
    expect(combinedSpan([{ mjdBeg: 3, mjdEnd: 4 }, { mjdBeg: 1, mjdEnd: 2 }])).toEqual({ mjdBeg: 1, mjdEnd: 4 });
    expect(combinedSpan([{ mjdBeg: 3, mjdEnd: 4 }, null])).toBeNull();
    expect(combinedSpan([{ mjdBeg: 3, mjdEnd: 4 }, undefined])).toBeNull();
    expect(combinedSpan([])).toBeNull();
  });

  it('rounds t_min down and t_max up to 1e-5 day so the range still holds every epoch', () => {
    expect(timeProperties({ mjdBeg: 57305.123456, mjdEnd: 57306.654321 })).toEqual([['t_min', '57305.12345'], ['t_max', '57306.65433']]);
    expect(timeProperties({ mjdBeg: 57305.5, mjdEnd: 57305.5 })).toEqual([['t_min', '57305.50000'], ['t_max', '57305.50000']]);
    expect(timeProperties(null)).toEqual([]);
  });
});

describe('generated coadds dated by their input visits', () => {
  const SEED = 3;
  let dir = '';
  afterAll(async () => { if (dir) await fs.rm(dir, { recursive: true, force: true }); });

  it('carry MJD-BEG/MJD-END (inherited from the primary HDU) equal to the mosaic row and to their DATE cards', async () => {
    dir = await tempDir('epochs');
    const file = path.join(dir, 'calexp.fits');
    const job = imageJobs('tiny').find((j) => j.band === 'i')!;
    const loc = { dataset: job.schema, tract: job.tract, px: job.patch.x, py: job.patch.y };
    const span = coaddSpan('tiny', SEED, loc, 'i');
    expect(span).not.toBeNull();
    await writeCalexpFile(file, calexpScene(SEED, { ...loc, band: 'i' }), { x0: 0, y0: 0, width: 64, height: 48 }, span);

    const source = await readSourceImage(file);
    expect(source.observed).toEqual(span);
    const row = mosaicRow('tiny', SEED, job);
    const at = (name: string): unknown => row[MOSAIC_COLUMNS.findIndex((c) => c.name === name)];
    expect([at('mjd_str'), at('mjd_end')]).toEqual([span!.mjdBeg, span!.mjdEnd]);
    const dates = astropyJson<{ beg: number; end: number }>(String.raw`
import json, sys
from astropy.io import fits
from astropy.time import Time
h = fits.getheader(json.load(sys.stdin)['file'], 0)
print(json.dumps({'beg': Time(h['DATE-BEG'], scale=h['TIMESYS'].lower()).mjd - h['MJD-BEG'], 'end': Time(h['DATE-END'], scale='utc').mjd - h['MJD-END']}))
`, { file });
    expect(Math.abs(dates.beg)).toBeLessThan(1e-6);
    expect(Math.abs(dates.end)).toBeLessThan(1e-6);
  }, 60_000);
});
