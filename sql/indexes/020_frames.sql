-- Indexes of the CCD-frame tables, built by the loader after bulk loading (idempotent):
-- frames are looked up by id and visit, coadd inputs by patch and band.
DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['pdr3_wide', 'pdr3_dud'] LOOP
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS frame_frame_id_idx ON %I.frame (frame_id)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS frame_visit_idx ON %I.frame (visit)', s);
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS raw_frame_frame_id_idx ON %I.raw_frame (frame_id)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS raw_frame_visit_idx ON %I.raw_frame (visit)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS mosaicframe_patch_idx ON %I.mosaicframe (skymap_id, filter01)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS mosaicframe_frame_id_idx ON %I.mosaicframe (frame_id)', s);
  END LOOP;
END $$;
