-- TAP_SCHEMA (TAP 1.1 §4) with the TAP 1.1 columns. Its rows are rewritten from vo-resources/
-- at every server start (src/metadata/tap-schema.ts), in one transaction; the reader role that
-- user queries run as may read it. ADQL sees it as TAP_SCHEMA, PostgreSQL as tap_schema.
CREATE SCHEMA IF NOT EXISTS tap_schema;

CREATE TABLE tap_schema.schemas (
  schema_name  text PRIMARY KEY,
  utype        text,
  description  text,
  schema_index integer
);

CREATE TABLE tap_schema.tables (
  schema_name text NOT NULL REFERENCES tap_schema.schemas (schema_name) ON DELETE CASCADE,
  table_name  text PRIMARY KEY,
  table_type  text NOT NULL CHECK (table_type IN ('table', 'view')),
  utype       text,
  description text,
  table_index integer
);

CREATE TABLE tap_schema.columns (
  table_name   text NOT NULL REFERENCES tap_schema.tables (table_name) ON DELETE CASCADE,
  column_name  text NOT NULL,
  datatype     text NOT NULL,
  arraysize    text,
  xtype        text,
  -- "size" is an ADQL reserved word: it is published delimited (TAP 1.1 §4.3).
  size         integer,
  description  text,
  utype        text,
  unit         text,
  ucd          text,
  indexed      integer NOT NULL CHECK (indexed IN (0, 1)),
  principal    integer NOT NULL CHECK (principal IN (0, 1)),
  std          integer NOT NULL CHECK (std IN (0, 1)),
  column_index integer,
  PRIMARY KEY (table_name, column_name)
);

CREATE TABLE tap_schema.keys (
  key_id       text PRIMARY KEY,
  from_table   text NOT NULL REFERENCES tap_schema.tables (table_name) ON DELETE CASCADE,
  target_table text NOT NULL REFERENCES tap_schema.tables (table_name) ON DELETE CASCADE,
  description  text,
  utype        text
);

CREATE TABLE tap_schema.key_columns (
  key_id        text NOT NULL REFERENCES tap_schema.keys (key_id) ON DELETE CASCADE,
  from_column   text NOT NULL,
  target_column text NOT NULL,
  PRIMARY KEY (key_id, from_column)
);

GRANT USAGE ON SCHEMA tap_schema TO hscvo_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA tap_schema TO hscvo_reader;
