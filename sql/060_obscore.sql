-- ObsCore 1.1 (standards.md §1.12): ivoa.obscore, one row per coadd patch image and band,
-- derived from the `mosaic` tables by src/images/obscore.ts refreshObsCore() after each load.
-- s_region is a pg_sphere polygon with a GiST index, so SIA POS and ADQL INTERSECTS use it.
CREATE SCHEMA IF NOT EXISTS ivoa;
GRANT USAGE ON SCHEMA ivoa TO hscvo_reader;

CREATE TABLE ivoa.obscore (
  dataproduct_type    text NOT NULL,
  dataproduct_subtype text,
  calib_level         int4 NOT NULL CHECK (calib_level BETWEEN 0 AND 4),
  obs_collection      text NOT NULL,
  obs_id              text NOT NULL,
  obs_title           text,
  obs_publisher_did   text PRIMARY KEY,
  obs_release_date    timestamp,
  access_url          text,
  access_format       text,
  access_estsize      int8,
  target_name         text,
  s_ra                float8,
  s_dec               float8,
  s_fov               float8,
  s_region            spoly,
  s_resolution        float8,
  s_pixel_scale       float8,
  s_xel1              int8,
  s_xel2              int8,
  t_min               float8,
  t_max               float8,
  t_exptime           float8,
  t_resolution        float8,
  t_xel               int8,
  em_min              float8,
  em_max              float8,
  em_res_power        float8,
  em_xel              int8,
  em_filter_name      text,
  o_ucd               text,
  pol_states          text,
  pol_xel             int8,
  facility_name       text,
  instrument_name     text
);

CREATE INDEX obscore_s_region_idx ON ivoa.obscore USING gist (s_region);
CREATE INDEX obscore_em_min_idx ON ivoa.obscore (em_min);
CREATE INDEX obscore_t_min_idx ON ivoa.obscore (t_min);
CREATE INDEX obscore_obs_collection_idx ON ivoa.obscore (obs_collection);
GRANT SELECT ON ivoa.obscore TO hscvo_reader;
