// The `mosaic` table (hsc-data.md §1.2, §4.6): one row per materialised coadd image (patch × band)
// with its size, WCS, corners, observing span, seeing, zero point and depth, and the file's path.
import { patchCoverage } from '../coverage.ts';
import { FILTER_NAME, type Dataset } from '../fields.ts';
import { patchInputVisits } from '../frames/survey.ts';
import type { StreamId } from '../rng.ts';
import { patchInt, patchOuterBox, skymapId } from '../skymap.ts';
import { column, type Cell, type ColumnSpec, type TableSpec, type WorkUnit } from '../table.ts';
import { FLUXMAG0, patchImageWcs } from './calexp.ts';
import { spanOfExposures } from './epochs.ts';
import { imageJobs, type CalexpJob, type ImageProfile } from './jobs.ts';

const col = column;
const corner = (name: string, where: string): ColumnSpec[] => [
  col(`${name}ra`, 'float8', `Right ascension of the ${where} corner`, 'deg', 'pos.eq.ra'),
  col(`${name}dec`, 'float8', `Declination of the ${where} corner`, 'deg', 'pos.eq.dec'),
];

export const MOSAIC_COLUMNS: readonly ColumnSpec[] = [
  col('skymap_id', 'int4', 'Tract and patch key: tract*10000 + patch_x*100 + patch_y', undefined, 'meta.id'),
  col('tract', 'int4', 'Tract number', undefined, 'meta.id'),
  col('patch', 'int4', 'Patch as an integer: patch_x*100 + patch_y', undefined, 'meta.id'),
  col('filter01', 'text', 'Filter name (HSC-G, HSC-R, HSC-I, HSC-Z, HSC-Y)', undefined, 'meta.id;instr.filter'),
  col('naxis1', 'int4', 'Image width', 'pix', 'meta.number'),
  col('naxis2', 'int4', 'Image height', 'pix', 'meta.number'),
  col('ra', 'float8', 'Right ascension of the image centre', 'deg', 'pos.eq.ra;meta.main'),
  col('dec', 'float8', 'Declination of the image centre', 'deg', 'pos.eq.dec;meta.main'),
  col('crpix1', 'float8', 'WCS reference pixel, axis 1 (1-based)', 'pix', 'pos.wcs.crpix'),
  col('crpix2', 'float8', 'WCS reference pixel, axis 2 (1-based)', 'pix', 'pos.wcs.crpix'),
  col('crval1', 'float8', 'WCS reference value, axis 1 (tract centre RA)', 'deg', 'pos.wcs.crval'),
  col('crval2', 'float8', 'WCS reference value, axis 2 (tract centre Dec)', 'deg', 'pos.wcs.crval'),
  col('cd1_1', 'float8', 'WCS CD matrix element 1_1', 'deg/pix', 'pos.wcs.cdmatrix'),
  col('cd1_2', 'float8', 'WCS CD matrix element 1_2', 'deg/pix', 'pos.wcs.cdmatrix'),
  col('cd2_1', 'float8', 'WCS CD matrix element 2_1', 'deg/pix', 'pos.wcs.cdmatrix'),
  col('cd2_2', 'float8', 'WCS CD matrix element 2_2', 'deg/pix', 'pos.wcs.cdmatrix'),
  col('ltv1', 'float8', 'Minus the tract x of the first pixel (IRAF LTV1)', 'pix', 'pos.cartesian.x'),
  col('ltv2', 'float8', 'Minus the tract y of the first pixel (IRAF LTV2)', 'pix', 'pos.cartesian.y'),
  ...corner('llc', 'lower-left (first pixel)'),
  ...corner('ulc', 'upper-left'),
  ...corner('urc', 'upper-right'),
  ...corner('lrc', 'lower-right'),
  col('mjd_str', 'float8', 'Start of the first input exposure', 'd', 'time.start;obs.exposure'),
  col('mjd_end', 'float8', 'End of the last input exposure', 'd', 'time.end;obs.exposure'),
  col('exptime', 'float8', 'Total exposure time of the inputs', 's', 'time.duration;obs.exposure'),
  col('seeing', 'real', 'PSF FWHM of the coadd', 'arcsec', 'instr.obsty.seeing'),
  col('fluxmag0', 'float8', 'Counts of a zero-magnitude source', 'ct', 'phot.flux;arith.zp'),
  col('zeropt', 'real', 'Photometric zero point (AB mag of one count)', 'mag', 'phot.mag;arith.zp'),
  col('maglimit', 'real', '5-sigma point-source limiting magnitude', 'mag', 'phot.mag;stat.max'),
  col('flag_auto', 'int2', 'Automatic quality flag (0 = good)', undefined, 'meta.code.qual'),
  col('file_path', 'text', 'Path of the calexp FITS file, relative to the data directory', undefined, 'meta.ref'),
];

export function mosaicTable(schema: Dataset): TableSpec {
  return { schema, name: 'mosaic', description: 'Coadd patch images (one row per patch and band)', columns: MOSAIC_COLUMNS };
}

/** The mosaic row of one calexp (values in MOSAIC_COLUMNS order). */
export function mosaicRow(profile: ImageProfile, seed: StreamId, job: CalexpJob): Cell[] {
  const { x: px, y: py } = job.patch;
  const loc = { dataset: job.schema, tract: job.tract, px, py };
  const cov = patchCoverage(seed, loc);
  if (cov === null) throw new RangeError(`${job.schema} does not cover tract ${job.tract} patch ${px},${py}`);
  const bc = cov.bands[job.band];
  const box = patchOuterBox(px, py);
  const wcs = patchImageWcs(job.tract, px, py);
  const p = wcs.params;
  const [ll, lr, ur, ul] = wcs.footprint(box.width, box.height, 'outer');
  const centre = wcs.pixelToSky((box.width - 1) / 2, (box.height - 1) / 2);
  const visits = patchInputVisits(profile, seed, loc, job.band);
  const span = spanOfExposures(visits);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return [
    skymapId(job.tract, px, py),
    job.tract,
    patchInt(px, py),
    FILTER_NAME[job.band],
    box.width,
    box.height,
    centre[0],
    centre[1],
    p.crpix[0],
    p.crpix[1],
    p.crval[0],
    p.crval[1],
    p.cd[0][0],
    p.cd[0][1],
    p.cd[1][0],
    p.cd[1][1],
    -box.x0,
    -box.y0,
    ...ll!,
    ...ul!,
    ...ur!,
    ...lr!,
    span?.mjdBeg ?? null,
    span?.mjdEnd ?? null,
    visits.reduce((s, v) => s + v.exptime, 0),
    bc.seeingFwhm,
    FLUXMAG0,
    27.0,
    finite(bc.m5),
    bc.nVisits > 0 ? 0 : 1,
    job.path,
  ];
}

/** One WorkUnit per schema with images in the profile, keyed 'mosaic/<schema>'. */
export function mosaicUnits(profile: ImageProfile, seed: StreamId): WorkUnit[] {
  const jobs = imageJobs(profile);
  const schemas = [...new Set(jobs.map((j) => j.schema))];
  return schemas.map((schema) => {
    const mine = jobs.filter((j) => j.schema === schema);
    return {
      key: `mosaic/${schema}`,
      estimatedRows: mine.length,
      *produce() {
        yield { table: mosaicTable(schema), rows: mine.map((j) => mosaicRow(profile, seed, j)) };
      },
    };
  });
}
