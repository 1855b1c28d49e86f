-- The forced catalogs stored in sky order, once, before their other indexes are built: rows are
-- rewritten (CLUSTER) in HEALPix nested order 12 (0.86' cells), so a cone search reads a few
-- table pages instead of about one per row. On 8.7 M rows a 1' cone read 275 pages as loaded,
-- 42 in this order (bench/tap.md, "10-million-row catalog"). A table already clustered is left
-- as it is; rows loaded after that are appended (run CLUSTER again to reorder them).
SET maintenance_work_mem = '1GB';  -- the demo's forced table sorts in memory
DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['pdr3_wide', 'pdr3_dud'] LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS forced_healpix12_idx ON %I.forced (healpix_nest(12, coord))', s);
    IF NOT EXISTS (SELECT FROM pg_index WHERE indisclustered AND indexrelid = format('%I.forced_healpix12_idx', s)::regclass) THEN
      EXECUTE format('CLUSTER %I.forced USING forced_healpix12_idx', s);
    END IF;
  END LOOP;
END $$;
RESET maintenance_work_mem;
