-- Indexes of the catalog tables, built by the loader after bulk loading (idempotent).
-- coord (a pg_sphere spoint generated from ra/dec) gets the GiST index that cone searches use.
DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['pdr3_wide', 'pdr3_dud'] LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS forced_coord_idx ON %I.forced USING gist (coord)', s);
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS forced_object_id_idx ON %I.forced (object_id)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS forced_tract_patch_idx ON %I.forced (tract, patch)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS forced_parent_id_idx ON %I.forced (parent_id)', s);
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS masks_object_id_idx ON %I.masks (object_id)', s);
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS photoz_demp_object_id_idx ON %I.photoz_demp (object_id)', s);
    EXECUTE format('CREATE INDEX IF NOT EXISTS specz_object_id_idx ON %I.specz (object_id)', s);
    EXECUTE format('CREATE UNIQUE INDEX IF NOT EXISTS patch_qa_tract_patch_idx ON %I.patch_qa (tract, patch)', s);
  END LOOP;
END $$;
CREATE UNIQUE INDEX IF NOT EXISTS truth_object_id_idx ON synth.truth (object_id);
