// Fills ivoa.obscore (ObsCore 1.1 §4, sql/060_obscore.sql, 061) from the `mosaic` tables: one record per
// materialised coadd patch image and band. Call refreshObsCore after every load of image rows.
import type pg from 'pg';
import { DATASETS } from '../generate/fields.ts';
import { HSC_FILTERS, resolvingPower } from './bands.ts';
import { IMAGE_DID_PREFIX } from './ids.ts';

/** DataLink's MIME type: the access_format of records whose access_url is a {links} URL (DataLink 1.1 §3.3). */
export const DATALINK_FORMAT = 'application/x-votable+xml;content=datalink';
export const DATALINK_PATH = '/datalink/links';
/**
 * The pg_sphere polygon beside the STC-S text of s_region (sql/061_obscore_region.sql), GiST
 * indexed: spatial searches (SIA POS, cutouts) test this column.
 */
export const S_REGION_GEOMETRY = 's_region_spoly';
/** PDR3 public release date (hsc-data.md §1.1). */
const RELEASE_DATE = '2021-08-02T00:00:00';

/** SQL giving the DataLink URL of a DID column under a base URL (the ID percent-encoded for a query string). */
export function datalinkUrlSql(baseSql: string, didSql: string): string {
  const encoded = [['%', '%25'], [':', '%3A'], ['/', '%2F'], ['?', '%3F'], [',', '%2C']]
    .reduce((sql, [from, to]) => `replace(${sql}, '${from}', '${to}')`, didSql);
  return `${baseSql} || '${DATALINK_PATH}?ID=' || ${encoded}`;
}

/** The columns insertSql fills, in its SELECT order. */
const COLUMNS = [
  'dataproduct_type', 'dataproduct_subtype', 'calib_level', 'obs_collection', 'obs_id', 'obs_title', 'obs_publisher_did',
  'obs_release_date', 'access_url', 'access_format', 'access_estsize', 'target_name', 's_ra', 's_dec', 's_fov',
  's_region', S_REGION_GEOMETRY, 's_resolution', 's_pixel_scale', 's_xel1', 's_xel2', 't_min', 't_max', 't_exptime',
  't_resolution', 't_xel', 'em_min', 'em_max', 'em_res_power', 'em_xel', 'em_filter_name', 'o_ucd', 'pol_states',
  'pol_xel', 'facility_name', 'instrument_name',
];

/** The four outer corners in order (degrees), as SQL expressions on the mosaic row `m`. */
const CORNERS = ['m.llcra, m.llcdec', 'm.lrcra, m.lrcdec', 'm.urcra, m.urcdec', 'm.ulcra, m.ulcdec'].join(', ');

function insertSql(schema: string): string {
  const did = `$1 || '${schema}/' || m.tract || '/' || (m.patch / 100) || ',' || (m.patch % 100) || '/' || m.filter01`;
  // ObsCore 1.1 §4.12: s_region as STC-S text; its twin the same corners as a pg_sphere polygon.
  const stcs = `format('POLYGON ICRS${' %s %s'.repeat(4)}', ${CORNERS})`;
  const spoly = `format('{(%sd,%sd),(%sd,%sd),(%sd,%sd),(%sd,%sd)}', ${CORNERS})::spoly`;
  return `INSERT INTO ivoa.obscore (${COLUMNS.join(', ')})
    SELECT 'image', 'calexp', 3, '${schema}',
      format('calexp-%s-%s-%s,%s', m.filter01, m.tract, m.patch / 100, m.patch % 100),
      format('HSC-SSP %s coadd, tract %s patch %s,%s, %s', '${schema}', m.tract, m.patch / 100, m.patch % 100, m.filter01),
      d.did, '${RELEASE_DATE}'::timestamp,
      ${datalinkUrlSql('$2', 'd.did')}, '${DATALINK_FORMAT}',
      ceil((m.naxis1::float8 * m.naxis2 * 12 + 4 * 2880 * 4) / 1024)::int8,
      NULL, m.ra, m."dec",
      degrees(spoint(radians(m.llcra), radians(m.llcdec)) <-> spoint(radians(m.urcra), radians(m.urcdec))),
      ${stcs}, ${spoly},
      m.seeing, sqrt(abs(m.cd1_1 * m.cd2_2 - m.cd1_2 * m.cd2_1)) * 3600, m.naxis1, m.naxis2,
      m.mjd_str, m.mjd_end, m.exptime, NULL, 1,
      f.em_min, f.em_max, f.res_power, 1, m.filter01,
      'phot.count', NULL, NULL, 'Subaru', 'Hyper Suprime-Cam'
    FROM ${schema}.mosaic m
    JOIN unnest($3::text[], $4::float8[], $5::float8[], $6::float8[]) AS f(name, em_min, em_max, res_power) ON f.name = m.filter01
    CROSS JOIN LATERAL (SELECT ${did} AS did) d`;
}

/**
 * Rewrites ivoa.obscore from the mosaic tables in one transaction (concurrent refreshes queue on the
 * table lock). `baseUrl` is the public URL stored in access_url for TAP clients; SIA answers
 * compute access_url from the request's own base URL instead. Returns the number of records.
 */
export async function refreshObsCore(pool: pg.Pool, baseUrl: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE ivoa.obscore IN EXCLUSIVE MODE');
    await client.query('DELETE FROM ivoa.obscore');
    let rows = 0;
    const params = [
      IMAGE_DID_PREFIX, baseUrl.replace(/\/+$/, ''),
      HSC_FILTERS.map((f) => f.name), HSC_FILTERS.map((f) => f.emMin), HSC_FILTERS.map((f) => f.emMax), HSC_FILTERS.map(resolvingPower),
    ];
    for (const schema of DATASETS) rows += (await client.query(insertSql(schema), params)).rowCount ?? 0;
    await client.query('COMMIT');
    await client.query('ANALYZE ivoa.obscore');
    return rows;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
