-- Base objects: the published schemas of the HSC-like release, internal schemas, and the
-- read-only role that user queries run as (the loading role owns everything).
CREATE SCHEMA IF NOT EXISTS pdr3_wide;
CREATE SCHEMA IF NOT EXISTS pdr3_dud;
-- Hidden truth of the synthetic data, for self-checks; never published.
CREATE SCHEMA IF NOT EXISTS synth;
-- Bookkeeping of the loader (which work units are in the database).
CREATE SCHEMA IF NOT EXISTS hscvo;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hscvo_reader') THEN
    CREATE ROLE hscvo_reader NOLOGIN;
  END IF;
END $$;

GRANT USAGE ON SCHEMA pdr3_wide, pdr3_dud TO hscvo_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA pdr3_wide GRANT SELECT ON TABLES TO hscvo_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA pdr3_dud GRANT SELECT ON TABLES TO hscvo_reader;

CREATE TABLE IF NOT EXISTS hscvo.ingested_unit (
  unit_key   text PRIMARY KEY,
  row_count  bigint NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

-- Which generated data set the loaded units belong to (generator hash, profile, seed).
CREATE TABLE IF NOT EXISTS hscvo.dataset (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  manifest  jsonb NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
