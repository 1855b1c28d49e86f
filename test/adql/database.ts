// A throwaway HSC-like schema in the test database (forced with a GiST-indexed coord, masks,
// photoz_demp, an ObsCore-like obscore with STC-S s_region and its indexed spoly twin, an upload
// table) and metadata pointing at it, for the ADQL integration tests.
import pg from 'pg';
import { metadataFromTables, type MetadataProvider, type TableMetadata } from '../../src/adql/metadata.ts';
import { FORCED, MASKS, OBSCORE, PHOTOZ, UPLOAD } from './fixtures.ts';

export interface HscTestSchema {
  readonly client: pg.Client;
  readonly schema: string;
  readonly uploadSchema: string;
  readonly meta: MetadataProvider;
  drop(): Promise<void>;
}

/**
 * Creates the schema with `rows` objects scattered over 1 deg² around (150, 2), and rows / 10
 * square footprints 0.02° wide over the same square, analyzed.
 */
export async function createHscTestSchema(databaseUrl: string, rows: number): Promise<HscTestSchema> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const schema = `adql_test_${process.pid}_${Date.now()}`;
  const uploadSchema = `${schema}_upload`;
  await client.query(`
    CREATE EXTENSION IF NOT EXISTS pg_sphere;
    CREATE SCHEMA ${schema};
    CREATE SCHEMA ${uploadSchema};
    SELECT setseed(0.42);
    CREATE TABLE ${schema}.forced (
      object_id bigint PRIMARY KEY, ra double precision, dec double precision,
      coord spoint GENERATED ALWAYS AS (spoint(radians(ra), radians(dec))) STORED,
      i_cmodel_mag real, g_cmodel_mag real, r_cmodel_mag real, tract integer, pm_ra double precision,
      isprimary boolean, i_pixelflags_edge boolean);
    INSERT INTO ${schema}.forced (object_id, ra, dec, i_cmodel_mag, g_cmodel_mag, r_cmodel_mag, tract, pm_ra, isprimary, i_pixelflags_edge)
      SELECT i, 149.5 + random(), 1.5 + random(), 18 + 8 * random(), 19 + 8 * random(), 18.5 + 8 * random(),
             9812 + i % 4, CASE WHEN i % 10 = 0 THEN NULL ELSE 10 * random() END,
             i % 5 <> 0, CASE WHEN i % 13 = 0 THEN NULL ELSE i % 11 = 0 END
      FROM generate_series(1, ${Math.trunc(rows)}) AS i;
    CREATE INDEX forced_coord ON ${schema}.forced USING gist (coord);
    CREATE INDEX forced_isprimary ON ${schema}.forced (isprimary);
    CREATE TABLE ${schema}.masks AS SELECT object_id, (object_id % 7 = 0)::int::smallint AS i_mask_brightstar_any, tract FROM ${schema}.forced;
    CREATE TABLE ${schema}.photoz_demp AS
      SELECT object_id, (random() * 3)::real AS photoz_best, (random() * 0.1)::real AS photoz_err68_min FROM ${schema}.forced WHERE object_id % 3 <> 0;
    CREATE TABLE ${schema}.obscore AS
      SELECT 'obs' || i AS obs_id, c.ra AS s_ra, c.dec AS s_dec,
             format('POLYGON ICRS %s %s %s %s %s %s %s %s', c.ra - 0.01, c.dec - 0.01, c.ra + 0.01, c.dec - 0.01, c.ra + 0.01, c.dec + 0.01, c.ra - 0.01, c.dec + 0.01) AS s_region,
             format('{(%sd,%sd),(%sd,%sd),(%sd,%sd),(%sd,%sd)}', c.ra - 0.01, c.dec - 0.01, c.ra + 0.01, c.dec - 0.01, c.ra + 0.01, c.dec + 0.01, c.ra - 0.01, c.dec + 0.01)::spoly AS s_region_spoly
      FROM generate_series(1, ${Math.max(100, Math.trunc(rows / 10))}) AS i,
           LATERAL (SELECT round((149.5 + random())::numeric, 6)::float8 AS ra, round((1.5 + random())::numeric, 6)::float8 AS dec, i AS k) AS c;
    CREATE INDEX obscore_s_region_spoly ON ${schema}.obscore USING gist (s_region_spoly);
    CREATE TABLE ${uploadSchema}.mine AS SELECT 'src' || i AS name, 149.6 + i * 0.05 AS ra, 1.6 + i * 0.05 AS dec FROM generate_series(1, 12) AS i;
    ANALYZE ${schema}.forced; ANALYZE ${schema}.masks; ANALYZE ${schema}.photoz_demp; ANALYZE ${schema}.obscore; ANALYZE ${uploadSchema}.mine;
  `);
  const here = (table: TableMetadata): TableMetadata => ({ ...table, sqlSchema: schema });
  return {
    client, schema, uploadSchema,
    meta: metadataFromTables([here(FORCED), here(MASKS), here(PHOTOZ), here(OBSCORE), UPLOAD]),
    async drop() {
      await client.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${uploadSchema} CASCADE;`);
      await client.end();
    },
  };
}
