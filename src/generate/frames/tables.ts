// Table descriptions of the frame side (hsc-data.md §1.6, §4.6, §4.9): frame, raw_frame,
// mosaicframe and keyword_correction, identical in pdr3_wide and pdr3_dud. sql/020_frames.sql matches.

import type { Dataset } from '../fields.ts';
import type { ColumnSpec, TableSpec } from '../table.ts';

type Col = readonly [name: string, pgType: string, unit: string, description: string];

const col = ([name, pgType, unit, description]: Col): ColumnSpec => (unit ? { name, pgType, unit, description } : { name, pgType, description });
const numbered = (prefix: string, from: number, to: number, pgType: string, unit: string, what: string): Col[] =>
  Array.from({ length: to - from + 1 }, (_, k) => [`${prefix}${from + k}`, pgType, unit, `${what} ${from + k}`] as const);

const FRAME_COLUMNS: readonly Col[] = [
  ['frame_num', 'int8', '', 'CCD exposure id, visit*200 + ccd'],
  ['frame_id', 'text', '', 'FRAMEID HSCA{shot}{sdo}'],
  ['exp_id', 'text', '', 'EXP-ID of the exposure'],
  ['visit', 'int4', '', 'Visit (even shot number)'],
  ['ccd', 'int2', '', 'DET-ID, 0-103 for science CCDs'],
  ['ccdname', 'text', '', 'half_sdo, e.g. 1_07'],
  ['pointing', 'int4', 'd', 'Days since 2012-01-01'],
  ['ccdtemp', 'real', 'Celsius', 'CCD temperature'],
  ['object', 'text', '', 'OBJECT (field name)'],
  ['naxis1', 'int4', 'pix', 'Image width'],
  ['naxis2', 'int4', 'pix', 'Image height'],
  ['bin_fct1', 'int2', '', 'Binning factor, x'],
  ['bin_fct2', 'int2', '', 'Binning factor, y'],
  ['ra', 'float8', 'deg', 'CCD centre right ascension (ICRS)'],
  ['dec', 'float8', 'deg', 'CCD centre declination (ICRS)'],
  ['equinox', 'real', 'yr', 'Equinox of the coordinates'],
  ['ra2000', 'float8', 'deg', 'Telescope pointing right ascension'],
  ['dec2000', 'float8', 'deg', 'Telescope pointing declination'],
  ['radecsys', 'text', '', 'Reference frame'],
  ['ctype1', 'text', '', 'WCS projection, axis 1'],
  ['ctype2', 'text', '', 'WCS projection, axis 2'],
  ['cunit1', 'text', '', 'WCS unit, axis 1'],
  ['cunit2', 'text', '', 'WCS unit, axis 2'],
  ['crpix1', 'float8', 'pix', 'WCS reference pixel, axis 1'],
  ['crpix2', 'float8', 'pix', 'WCS reference pixel, axis 2'],
  ['crval1', 'float8', 'deg', 'WCS reference value, axis 1'],
  ['crval2', 'float8', 'deg', 'WCS reference value, axis 2'],
  ['cd1_1', 'float8', 'deg/pix', 'WCS CD matrix'],
  ['cd1_2', 'float8', 'deg/pix', 'WCS CD matrix'],
  ['cd2_1', 'float8', 'deg/pix', 'WCS CD matrix'],
  ['cd2_2', 'float8', 'deg/pix', 'WCS CD matrix'],
  ['llcra', 'float8', 'deg', 'Lower-left corner RA'],
  ['llcdec', 'float8', 'deg', 'Lower-left corner Dec'],
  ['ulcra', 'float8', 'deg', 'Upper-left corner RA'],
  ['ulcdec', 'float8', 'deg', 'Upper-left corner Dec'],
  ['urcra', 'float8', 'deg', 'Upper-right corner RA'],
  ['urcdec', 'float8', 'deg', 'Upper-right corner Dec'],
  ['lrcra', 'float8', 'deg', 'Lower-right corner RA'],
  ['lrcdec', 'float8', 'deg', 'Lower-right corner Dec'],
  ['pa', 'real', 'deg', 'Position angle (INST-PA)'],
  ['insrot', 'real', 'deg', 'Instrument rotator angle'],
  ['date_obs', 'text', '', 'UT date of the exposure start, YYYY-MM-DD'],
  ['mjd', 'float8', 'd', 'MJD (UTC) of the exposure start'],
  ['taiobs', 'text', '', 'TAI of the exposure start, HH:MM:SS.sss'],
  ['ut', 'text', '', 'UT of the exposure start'],
  ['hst', 'text', '', 'Hawaii standard time of the exposure start'],
  ['lst', 'text', '', 'Local sidereal time of the exposure start'],
  ['azimuth', 'real', 'deg', 'Telescope azimuth'],
  ['elevation', 'real', 'deg', 'Telescope elevation'],
  ['airmass', 'real', '', 'Airmass'],
  ['filter01', 'text', '', 'Filter, e.g. HSC-I2'],
  ['filter', 'text', '', 'Band: g, r, i, z, y'],
  ['exptime', 'real', 's', 'Exposure time'],
  ['data_typ', 'text', '', 'DATA-TYP'],
  ...numbered('gain', 1, 4, 'real', 'electron/adu', 'Gain of amplifier'),
  ...numbered('oslevel', 0, 3, 'real', 'adu', 'Overscan level of amplifier'),
  ...numbered('ossigma', 0, 3, 'real', 'adu', 'Overscan sigma of amplifier'),
  ['skylevel', 'real', 'adu', 'Clipped median sky level'],
  ['sigma_sky', 'real', 'adu', 'Sky sigma'],
  ['flatness_pp', 'real', '', 'Sky flatness, peak to peak'],
  ['flatness_rms', 'real', '', 'Sky flatness, rms'],
  ['flatness_ngrids', 'int4', '', 'Meshes used for the flatness'],
  ['flatness_meshx', 'int4', 'pix', 'Flatness mesh size, x'],
  ['flatness_meshy', 'int4', 'pix', 'Flatness mesh size, y'],
  ['seeing', 'real', 'arcsec', 'Mode of the stellar FWHM'],
  ['ellipt', 'real', '', 'Median PSF ellipticity'],
  ['ell_pa', 'real', 'deg', 'Median PSF position angle'],
  ['wcs_nobj', 'int4', '', 'Stars used in the astrometric fit'],
  ['wcs_siporder', 'int2', '', 'SIP order of the astrometric fit'],
  ['wcs_rms', 'real', 'arcsec', 'Astrometric rms'],
  ['fluxmag0', 'float8', 'adu', 'Counts of a zero-magnitude source'],
  ['fluxmag0err', 'float8', 'adu', 'Error of fluxmag0'],
  ['zeropt', 'real', 'mag', 'Zero point for the exposure'],
  ['zeropt_err', 'real', 'mag', 'Error of the zero point'],
  ['zeropt_ccd', 'real', 'mag', 'CCD zero-point offset from the visit mean'],
  ['magzero', 'real', 'mag', 'Zero point for 1 ADU/s'],
  ['magzero_rms', 'real', 'mag', 'Zero-point scatter'],
  ['magzero_nobj', 'int4', '', 'Stars used for the zero point'],
  ['transp', 'real', '', 'Transparency, 0-1'],
  ['maglimit', 'real', 'mag', '5-sigma point-source limiting magnitude'],
  ...numbered('colorterm', 1, 3, 'real', '', 'Colour term'),
  ['color', 'text', '', 'Colour the colour terms apply to'],
  ['nobj_bright', 'int4', '', 'Bright sources detected'],
  ['nobj_matched', 'int4', '', 'Sources matched to the reference catalogue'],
  ['flag_auto', 'int4', '', 'QA bits: 1 seeing>1.3, 2 transp<0.3, 4 WCS failed, 8 ZP failed'],
  ['regist_id', 'int8', '', 'Registration id'],
  ['prog', 'text', '', 'T_PROG'],
  ['pntgid', 'text', '', 'T_PNTGID'],
  ['purpos', 'text', '', 'T_PURPOS'],
  ['datset', 'text', '', 'T_DATSET'],
  ['refcat', 'text', '', 'Reference catalogue of the calibration'],
];

/** The 11 on-site QA keywords (§3.5) with their raw_frame columns and types. */
export const QA_KEYWORDS = [
  ['T_SEEING', 'float8', 'arcsec', 'Seeing FWHM (OSQAH SEEING_MODE)'],
  ['T_TRANSP', 'float8', '', 'Transparency'],
  ['T_MAGZER', 'float8', 'mag', 'Zero point for 1 ADU/s (MAGZERO)'],
  ['T_PSFELL', 'float8', '', 'PSF ellipticity (ELL_MED)'],
  ['T_PSFPA', 'float8', 'deg', 'PSF position angle (ELL_PA_MED)'],
  ['T_WCSRMS', 'float8', 'arcsec', 'Astrometric rms (WCS_RMS)'],
  ['T_ZPRMS', 'float8', 'mag', 'Zero-point rms (MAGZERO_RMS)'],
  ['T_N_WCS', 'int4', '', 'Stars used for the WCS (WCS_NOBJ)'],
  ['T_N_ZP', 'int4', '', 'Stars used for the zero point (MAGZERO_NOBJ)'],
  ['T_OSLVL', 'float8', 'adu', 'Mean overscan level (OSLEVEL*)'],
  ['T_FLTNSS', 'float8', '', 'Sky flatness (FLATNESS_PP)'],
] as const;

export type QaKeyword = (typeof QA_KEYWORDS)[number][0];

const RAW_FRAME_COLUMNS: readonly Col[] = [
  ['frame_id', 'text', '', 'FRAMEID'],
  ['exp_id', 'text', '', 'EXP-ID'],
  ['visit', 'int4', '', 'Visit (even shot number)'],
  ['det_id', 'int2', '', 'DET-ID'],
  ['t_sdoid', 'int2', '', 'T_SDOID'],
  ['ccdname', 'text', '', 'half_sdo'],
  ['data_typ', 'text', '', 'DATA-TYP as written'],
  ['obs_mod', 'text', '', 'OBS-MOD'],
  ['object', 'text', '', 'OBJECT'],
  ['t_prog', 'text', '', 'T_PROG'],
  ['t_purpos', 'text', '', 'T_PURPOS'],
  ['t_pntgid', 'text', '', 'T_PNTGID'],
  ['filter01', 'text', '', 'FILTER01, e.g. HSC-i2'],
  ['exptime', 'float8', 's', 'EXPTIME'],
  ['date_obs', 'text', '', 'DATE-OBS'],
  ['ut', 'text', '', 'UT'],
  ['mjd', 'float8', 'd', 'MJD'],
  ['ra2000', 'text', 'h:m:s', 'RA2000 (telescope pointing)'],
  ['dec2000', 'text', 'd:m:s', 'DEC2000 (telescope pointing)'],
  ['airmass', 'float8', '', 'AIRMASS'],
  ['azimuth', 'float8', 'deg', 'AZIMUTH'],
  ['altitude', 'float8', 'deg', 'ALTITUDE'],
  ['inst_pa', 'float8', 'deg', 'INST-PA'],
  ['t_ccdtv', 'float8', 'Celsius', 'T_CCDTV'],
  ...numbered('t_gain', 1, 4, 'float8', 'electron/adu', 'T_GAIN of amplifier'),
  ...QA_KEYWORDS.map(([k, t, u, d]) => [k.toLowerCase(), t, u, `${k}: ${d}; NULL until back-filled`] as const),
];

const MOSAICFRAME_COLUMNS: readonly Col[] = [
  ['skymap_id', 'int4', '', 'tract*10000 + x*100 + y of the coadd patch'],
  ['filter01', 'text', '', 'Coadd filter, e.g. HSC-I'],
  ['pointing', 'int4', 'd', 'Days since 2012-01-01'],
  ['frame_num', 'int8', '', 'CCD exposure id, visit*200 + ccd'],
  ['frame_id', 'text', '', 'FRAMEID of the input CCD'],
  ['visit', 'int4', '', 'Visit'],
  ['ccd', 'int2', '', 'DET-ID'],
];

const KEYWORD_CORRECTION_COLUMNS: readonly Col[] = [
  ['correction_id', 'int8', '', 'Record id'],
  ['sheet_row', 'int4', '', 'Row of the correction sheet'],
  ['start_frame', 'text', '', 'First FRAMEID of the range (inclusive, compared as strings)'],
  ['end_frame', 'text', '', 'Last FRAMEID of the range (inclusive)'],
  ['keyword', 'text', '', 'FITS keyword corrected'],
  ['current_value', 'text', '', 'Value before the correction; NULL = keyword absent'],
  ['updated_value', 'text', '', 'Value after the correction'],
  ['datatype', 'text', '', 'float, int, string or bool'],
  ['comment', 'text', '', 'Why'],
  ['check_status', 'text', '', 'OK, NG, PENDING or APPLIED'],
  ['checked_by', 'text', '', 'Who checked the record'],
  ['checked_at', 'timestamptz', '', 'When the record was checked'],
  ['created_at', 'timestamptz', '', 'When the record was entered'],
];

export interface FrameTables {
  frame: TableSpec;
  rawFrame: TableSpec;
  mosaicframe: TableSpec;
  keywordCorrection: TableSpec;
}

function table(schema: Dataset, name: string, description: string, cols: readonly Col[]): TableSpec {
  return { schema, name, description, columns: cols.map(col) };
}

const cache = new Map<Dataset, FrameTables>();

export function frameTables(schema: Dataset): FrameTables {
  let t = cache.get(schema);
  if (t === undefined) {
    t = {
      frame: table(schema, 'frame', 'Processed science CCD frames with on-site QA values', FRAME_COLUMNS),
      rawFrame: table(schema, 'raw_frame', 'Every written raw frame (science, focus, calibration, test) with header keywords', RAW_FRAME_COLUMNS),
      mosaicframe: table(schema, 'mosaicframe', 'CCD frames that went into each coadd patch', MOSAICFRAME_COLUMNS),
      keywordCorrection: table(schema, 'keyword_correction', 'Header keyword corrections (the curation sheet)', KEYWORD_CORRECTION_COLUMNS),
    };
    cache.set(schema, t);
  }
  return t;
}
