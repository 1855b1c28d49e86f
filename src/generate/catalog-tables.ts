// Column lists of the generated catalog tables with real PDR3 names, units and types
// (hsc-data.md §1.3, §4.6). sql/010_catalog.sql declares the same columns in the same order.

import { BANDS, type Dataset } from './fields.ts';
import { BRIGHTSTAR_COMPONENTS } from './masks.ts';
import { column, type ColumnSpec, type TableSpec } from './table.ts';

const col = column;

const perBand = (make: (b: string) => ColumnSpec): ColumnSpec[] => BANDS.map(make);

/** The `forced` core columns (§4.6) the generator writes; `coord` is a generated column in the DDL. */
export const FORCED_COLUMNS: readonly ColumnSpec[] = [
  col('object_id', 'int8', 'Unique object ID: ((tract*32 + patch_x)*32 + patch_y)*2^32 + sequence number in the patch', undefined, 'meta.id;meta.main'),
  col('ra', 'float8', 'Right ascension (ICRS) of the reference-band centroid', 'deg', 'pos.eq.ra;meta.main'),
  col('dec', 'float8', 'Declination (ICRS) of the reference-band centroid', 'deg', 'pos.eq.dec;meta.main'),
  col('skymap_id', 'int4', 'Tract and patch key: tract*10000 + patch_x*100 + patch_y', undefined, 'meta.id'),
  col('tract', 'int4', 'Tract number of the rings skymap', undefined, 'meta.id'),
  col('patch', 'int4', 'Patch as an integer: patch_x*100 + patch_y', undefined, 'meta.id'),
  col('patch_s', 'text', "Patch as a string 'x,y'", undefined, 'meta.id'),
  col('parent_id', 'int8', 'object_id of the deblend parent; 0 for objects that were not deblended', undefined, 'meta.id.parent'),
  col('nchild', 'int4', 'Number of deblended children (0 for children and isolated objects)', undefined, 'meta.number'),
  col('isprimary', 'bool', 'Unique-object flag: inner patch and tract, not a deblend parent, not a sky object', undefined, 'meta.code'),
  col('field', 'text', 'Survey field: equatorNN / hectomap (Wide) or cosmos, deep2-3, elais-n1, xmm-lss (D/UD)', undefined, 'meta.id'),
  col('detect_ispatchinner', 'bool', 'True if the object is in the inner region of its patch', undefined, 'meta.code'),
  col('detect_istractinner', 'bool', 'True if the object is in the inner region of its tract', undefined, 'meta.code'),
  col('merge_peak_sky', 'bool', 'Sky object (blank-sky position used for background checks)', undefined, 'meta.code'),
  ...perBand((b) => col(`merge_peak_${b}`, 'bool', `Peak detected in the ${b} band`, undefined, 'meta.code')),
  ...perBand((b) => col(`a_${b}`, 'real', `Galactic extinction in ${b}: R_${b}*E(B-V)`, 'mag', 'phys.absorption.gal')),
  ...BANDS.flatMap((b) => [
    col(`${b}_cmodel_flux`, 'real', `CModel flux in ${b}`, 'nJy', 'phot.flux'),
    col(`${b}_cmodel_fluxerr`, 'real', `Uncertainty of ${b}_cmodel_flux`, 'nJy', 'stat.error;phot.flux'),
    col(`${b}_cmodel_mag`, 'real', `CModel magnitude in ${b}`, 'mag', 'phot.mag'),
    col(`${b}_cmodel_magerr`, 'real', `Uncertainty of ${b}_cmodel_mag`, 'mag', 'stat.error;phot.mag'),
    col(`${b}_cmodel_flag`, 'bool', `General failure flag of the CModel fit in ${b}`, undefined, 'meta.code.error'),
    col(`${b}_psfflux_mag`, 'real', `PSF magnitude in ${b}`, 'mag', 'phot.mag'),
    col(`${b}_psfflux_magerr`, 'real', `Uncertainty of ${b}_psfflux_mag`, 'mag', 'stat.error;phot.mag'),
    col(`${b}_kronflux_mag`, 'real', `Kron magnitude in ${b}`, 'mag', 'phot.mag'),
    col(`${b}_extendedness_value`, 'real', `Extendedness in ${b}: 1 if psf_mag - cmodel_mag > 0.0164, else 0`, undefined, 'src.class.starGalaxy'),
    col(`${b}_inputcount_value`, 'int2', `Number of visits contributing at the object centre in ${b}`, undefined, 'meta.number'),
    col(`${b}_pixelflags_bright_objectcenter`, 'bool', `Centre in a bright-star (BRIGHT_OBJECT) mask in ${b}`, undefined, 'meta.code'),
  ]),
  col('i_pixelflags_edge', 'bool', 'Footprint touches the edge of the coadd (EDGE/NO_DATA) in i', undefined, 'meta.code'),
  col('i_pixelflags_saturatedcenter', 'bool', 'Saturated pixel in the central 3x3 pixels in i', undefined, 'meta.code'),
  col('i_pixelflags_interpolatedcenter', 'bool', 'Interpolated pixel in the central 3x3 pixels in i', undefined, 'meta.code'),
  col('i_pixelflags_crcenter', 'bool', 'Cosmic ray in the central 3x3 pixels in i', undefined, 'meta.code'),
  col('i_sdsscentroid_flag', 'bool', 'General failure flag of the SDSS centroid in i', undefined, 'meta.code.error'),
  col('i_kronflux_radius', 'real', 'Kron radius in i', 'pixel', 'phys.angSize'),
];

export const MASKS_COLUMNS: readonly ColumnSpec[] = [
  col('object_id', 'int8', 'Object ID (forced.object_id)', undefined, 'meta.id;meta.main'),
  ...BANDS.flatMap((b) =>
    BRIGHTSTAR_COMPONENTS.map(([name]) =>
      col(`${b}_mask_brightstar_${name}`, 'bool', `Object centre in the ${name} part of the PDR3 bright-star mask in ${b}`, undefined, 'meta.code'),
    ),
  ),
];

export const SPECZ_COLUMNS: readonly ColumnSpec[] = [
  col('object_id', 'int8', 'Matched object ID (forced.object_id)', undefined, 'meta.id;meta.main'),
  col('d_pos', 'real', 'Distance between the spectroscopic and the HSC position', 'arcsec', 'pos.angDistance'),
  col('d_mag', 'real', 'specz_mag_i minus the HSC i-band CModel magnitude', 'mag', 'phot.mag;arith.diff'),
  col('specz_name', 'text', 'Object name in the spectroscopic catalogue', undefined, 'meta.id'),
  col('specz_ra', 'float8', 'Right ascension in the spectroscopic catalogue', 'deg', 'pos.eq.ra'),
  col('specz_dec', 'float8', 'Declination in the spectroscopic catalogue', 'deg', 'pos.eq.dec'),
  col('specz_redshift', 'real', 'Spectroscopic redshift', undefined, 'src.redshift'),
  col('specz_redshift_err', 'real', 'Uncertainty of specz_redshift', undefined, 'stat.error;src.redshift'),
  col('specz_original_flag', 'text', 'Quality flag as given by the original survey', undefined, 'meta.code.qual'),
  col('specz_flag_homogeneous', 'bool', 'Secure redshift after homogenising the survey flags', undefined, 'meta.code.qual'),
  col('specz_mag_i', 'real', 'i-band magnitude in the spectroscopic catalogue', 'mag', 'phot.mag'),
  col('specz_flag_sdss_dr14', 'bool', 'Redshift taken from SDSS DR14', undefined, 'meta.code'),
  col('specz_flag_zcosmos_dr3', 'bool', 'Redshift taken from zCOSMOS DR3', undefined, 'meta.code'),
  col('specz_flag_gama_dr3', 'bool', 'Redshift taken from GAMA DR3', undefined, 'meta.code'),
];

export const PHOTOZ_COLUMNS: readonly ColumnSpec[] = [
  col('object_id', 'int8', 'Object ID (forced.object_id)', undefined, 'meta.id;meta.main'),
  col('photoz_best', 'real', 'Best photometric redshift (minimising the risk)', undefined, 'src.redshift.phot'),
  col('photoz_mean', 'real', 'Mean of P(z)', undefined, 'src.redshift.phot'),
  col('photoz_median', 'real', 'Median of P(z)', undefined, 'src.redshift.phot'),
  col('photoz_mode', 'real', 'Mode of P(z)', undefined, 'src.redshift.phot'),
  col('photoz_mc', 'real', 'A random draw from P(z)', undefined, 'src.redshift.phot'),
  col('photoz_std_best', 'real', 'Standard deviation of P(z) around photoz_best', undefined, 'stat.stdev;src.redshift.phot'),
  col('photoz_risk_best', 'real', 'Risk of photoz_best (0 = safe, 1 = likely outlier)', undefined, 'stat.fit.goodness'),
  col('photoz_conf_best', 'real', 'Fraction of P(z) within photoz_best +/- 0.03(1+z)', undefined, 'stat.probability'),
  col('photoz_err68_min', 'real', 'Lower bound of the 68% interval', undefined, 'stat.error;src.redshift.phot'),
  col('photoz_err68_max', 'real', 'Upper bound of the 68% interval', undefined, 'stat.error;src.redshift.phot'),
  col('photoz_err95_min', 'real', 'Lower bound of the 95% interval', undefined, 'stat.error;src.redshift.phot'),
  col('photoz_err95_max', 'real', 'Upper bound of the 95% interval', undefined, 'stat.error;src.redshift.phot'),
  col('stellar_mass', 'real', 'Stellar mass, log10 of solar masses', 'log(solMass)', 'phys.mass'),
  col('stellar_mass_err68_min', 'real', 'Lower bound of the 68% interval of stellar_mass', 'log(solMass)', 'stat.error;phys.mass'),
  col('stellar_mass_err68_max', 'real', 'Upper bound of the 68% interval of stellar_mass', 'log(solMass)', 'stat.error;phys.mass'),
  col('sfr', 'real', 'Star formation rate, log10 of solar masses per year', 'log(solMass/yr)', 'phys.SFR'),
  col('reduced_chisq', 'real', 'Reduced chi-square of the best template fit', undefined, 'stat.fit.chi2'),
];

export const PATCH_QA_COLUMNS: readonly ColumnSpec[] = [
  col('skymap_id', 'int4', 'Tract and patch key: tract*10000 + patch_x*100 + patch_y', undefined, 'meta.id;meta.main'),
  col('tract', 'int4', 'Tract number', undefined, 'meta.id'),
  col('patch', 'int4', 'Patch as an integer: patch_x*100 + patch_y', undefined, 'meta.id'),
  col('patch_s', 'text', "Patch as a string 'x,y'", undefined, 'meta.id'),
  col('ra', 'float8', 'Right ascension of the patch centre', 'deg', 'pos.eq.ra'),
  col('dec', 'float8', 'Declination of the patch centre', 'deg', 'pos.eq.dec'),
  ...perBand((b) => col(`${b}mag_psf_depth`, 'real', `5-sigma point-source depth in ${b}`, 'mag', 'phot.mag;stat.max')),
  ...perBand((b) => col(`${b}seeing`, 'real', `PSF FWHM of the ${b} coadd`, 'arcsec', 'instr.obsty.seeing')),
  ...perBand((b) => col(`${b}warp_count`, 'int2', `Number of visits (warps) coadded in ${b}`, undefined, 'meta.number')),
  col('forced_objects_count', 'int4', 'Rows of forced in this patch', undefined, 'meta.number'),
  col('gri_offset', 'real', 'Offset of the g-r/r-i stellar locus from the reference', 'mag', 'phot.color;arith.diff'),
  col('gri_scatter', 'real', 'Scatter of stars around the g-r/r-i stellar locus', 'mag', 'stat.stdev;phot.color'),
  col('riz_offset', 'real', 'Offset of the r-i/i-z stellar locus from the reference', 'mag', 'phot.color;arith.diff'),
  col('riz_scatter', 'real', 'Scatter of stars around the r-i/i-z stellar locus', 'mag', 'stat.stdev;phot.color'),
  col('izy_offset', 'real', 'Offset of the i-z/z-y stellar locus from the reference', 'mag', 'phot.color;arith.diff'),
  col('izy_scatter', 'real', 'Scatter of stars around the i-z/z-y stellar locus', 'mag', 'stat.stdev;phot.color'),
];

/** Hidden truth (schema synth), for tests and the cutout-versus-catalog checks. */
export const TRUTH_COLUMNS: readonly ColumnSpec[] = [
  col('object_id', 'int8', 'Object ID of the row in the dataset forced table (the owning patch row)', undefined, 'meta.id;meta.main'),
  col('dataset', 'text', 'Dataset (schema) of the object: pdr3_wide or pdr3_dud', undefined, 'meta.id'),
  col('true_type', 'text', 'star, galaxy or sky', undefined, 'src.class'),
  col('z', 'real', 'True redshift', undefined, 'src.redshift'),
  ...perBand((b) => col(`f_${b}`, 'float8', `True ${b} flux in coadd counts (zero point 27), extinction included`, 'ct', 'phot.count')),
  col('r_e', 'real', 'Half-light radius', 'arcsec', 'phys.angSize'),
  col('q', 'real', 'Axis ratio b/a', undefined, 'phys.size.axisRatio'),
  col('pa', 'real', 'Position angle, east of north', 'deg', 'pos.posAng'),
  col('fracdev', 'real', 'De Vaucouleurs fraction of the light', undefined, 'src.morph'),
  col('tract', 'int4', 'Tract', undefined, 'meta.id'),
  col('patch', 'int4', 'Owning patch: patch_x*100 + patch_y', undefined, 'meta.id'),
  col('x', 'float8', 'Tract pixel x (0-based pixel centres)', 'pixel', 'pos.cartesian.x'),
  col('y', 'float8', 'Tract pixel y (0-based pixel centres)', 'pixel', 'pos.cartesian.y'),
];

/** One hidden truth table for both datasets, rows keyed by (dataset, object_id). */
export const TRUTH_TABLE: TableSpec = {
  schema: 'synth',
  name: 'truth',
  description: 'True properties of the synthetic objects (hidden from the published schemas)',
  columns: TRUTH_COLUMNS,
};

/** The generated tables of one dataset schema, as TableSpecs. */
export interface CatalogTables {
  forced: TableSpec;
  masks: TableSpec;
  specz: TableSpec;
  photozDemp: TableSpec;
  patchQa: TableSpec;
  truth: TableSpec;
}

const tablesCache = new Map<Dataset, CatalogTables>();

export function catalogTables(dataset: Dataset): CatalogTables {
  const hit = tablesCache.get(dataset);
  if (hit !== undefined) return hit;
  const t: CatalogTables = {
    forced: { schema: dataset, name: 'forced', description: 'Forced photometry on the coadds (core columns), one row per object and patch', columns: FORCED_COLUMNS },
    masks: { schema: dataset, name: 'masks', description: 'PDR3 bright-star mask flags at each object', columns: MASKS_COLUMNS },
    specz: { schema: dataset, name: 'specz', description: 'Spectroscopic redshifts matched to forced objects', columns: SPECZ_COLUMNS },
    photozDemp: { schema: dataset, name: 'photoz_demp', description: 'DEmP photometric redshifts of primary objects', columns: PHOTOZ_COLUMNS },
    patchQa: { schema: dataset, name: 'patch_qa', description: 'Per-patch depth, seeing and stellar-locus QA', columns: PATCH_QA_COLUMNS },
    truth: TRUTH_TABLE,
  };
  tablesCache.set(dataset, t);
  return t;
}

/** Every TableSpec the catalog generator writes, for both datasets (synth.truth once). */
export function catalogTableSpecs(): TableSpec[] {
  const wide = catalogTables('pdr3_wide');
  const dud = catalogTables('pdr3_dud');
  return [wide.forced, wide.masks, wide.specz, wide.photozDemp, wide.patchQa, dud.forced, dud.masks, dud.specz, dud.photozDemp, dud.patchQa, TRUTH_TABLE];
}

/** Column index by name, for readers of generated rows (tests, bench). */
export function columnIndex(table: TableSpec, name: string): number {
  const i = table.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new RangeError(`${table.schema}.${table.name} has no column ${name}`);
  return i;
}
