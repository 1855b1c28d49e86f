// HSC-like table metadata shared by the ADQL tests (the shapes of pdr3_wide.forced and friends).
import { metadataFromTables, type ColumnMetadata, type TableMetadata } from '../../src/adql/metadata.ts';
import type { AdqlTypeName } from '../../src/adql/types.ts';

const col = (name: string, type: AdqlTypeName, extra: Partial<ColumnMetadata> = {}): ColumnMetadata => ({ name, type: { name: type }, ...extra });

export const FORCED: TableMetadata = {
  schema: 'pdr3_wide', name: 'forced', description: 'Forced photometry on coadds',
  columns: [
    col('object_id', 'BIGINT', { ucd: 'meta.id;meta.main', description: 'Unique object identifier' }),
    col('ra', 'DOUBLE', { unit: 'deg', ucd: 'pos.eq.ra;meta.main', description: 'Right ascension (ICRS)' }),
    col('dec', 'DOUBLE', { unit: 'deg', ucd: 'pos.eq.dec;meta.main', description: 'Declination (ICRS)' }),
    col('coord', 'POINT', { ucd: 'pos.eq', description: 'Position as a pg_sphere point' }),
    col('i_cmodel_mag', 'REAL', { unit: 'mag', ucd: 'phot.mag;em.opt.I', description: 'i-band cmodel magnitude' }),
    col('g_cmodel_mag', 'REAL', { unit: 'mag', ucd: 'phot.mag;em.opt.B' }),
    col('r_cmodel_mag', 'REAL', { unit: 'mag', ucd: 'phot.mag;em.opt.R' }),
    col('tract', 'INTEGER', { ucd: 'meta.id.part' }),
    col('pm_ra', 'DOUBLE', { unit: 'mas/yr' }),
    col('isprimary', 'BOOLEAN', { ucd: 'meta.code', description: 'True for the primary detection of a source' }),
    col('i_pixelflags_edge', 'BOOLEAN', { ucd: 'meta.code.qual', description: 'Source is on the edge of the image' }),
  ],
  positions: [{ point: 'coord', lon: 'ra', lat: 'dec' }],
};

export const MASKS: TableMetadata = {
  schema: 'pdr3_wide', name: 'masks',
  columns: [col('object_id', 'BIGINT'), col('i_mask_brightstar_any', 'SMALLINT'), col('tract', 'INTEGER')],
};

export const PHOTOZ: TableMetadata = {
  schema: 'pdr3_wide', name: 'photoz_demp',
  columns: [col('object_id', 'BIGINT'), col('photoz_best', 'REAL', { ucd: 'src.redshift.phot' }), col('photoz_err68_min', 'REAL')],
};

export const UPLOAD: TableMetadata = {
  schema: 'TAP_UPLOAD', name: 'mine',
  columns: [col('name', 'VARCHAR'), col('ra', 'DOUBLE', { unit: 'deg' }), col('dec', 'DOUBLE', { unit: 'deg' })],
};

/** ObsCore's shape (ObsCore 1.1 §4.12): s_region published as STC-S text, queried through its spoly twin. */
export const OBSCORE: TableMetadata = {
  schema: 'ivoa', name: 'obscore',
  columns: [
    col('obs_id', 'VARCHAR', { ucd: 'meta.id' }),
    col('s_ra', 'DOUBLE', { unit: 'deg', ucd: 'pos.eq.ra' }),
    col('s_dec', 'DOUBLE', { unit: 'deg', ucd: 'pos.eq.dec' }),
    col('s_region', 'REGION', {
      xtype: 'adql:region', ucd: 'pos.outline;obs.field', utype: 'obscore:Char.SpatialAxis.Coverage.Support.Area', geometry: 's_region_spoly',
    }),
  ],
};

export const HSC_TABLES: readonly TableMetadata[] = [FORCED, MASKS, PHOTOZ, UPLOAD, OBSCORE];
export const hscMetadata = metadataFromTables(HSC_TABLES);
