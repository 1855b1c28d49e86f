-- UWS 1.1 job store (src/uws): one row per job of every asynchronous job list (TAP async, later
-- SODA async). Written only by the server's own connection (hscvo_owner); invisible to user queries.

CREATE SCHEMA IF NOT EXISTS uws;

CREATE TABLE IF NOT EXISTS uws.jobs (
  job_id             text PRIMARY KEY,
  -- Which job list (mount point) the job belongs to, e.g. 'tap-async'.
  job_list           text NOT NULL,
  run_id             text CHECK (char_length(run_id) <= 64),
  -- NULL for anonymous jobs (rendered as <uws:ownerId xsi:nil="true"/>).
  owner_id           text,
  phase              text NOT NULL DEFAULT 'PENDING' CHECK (phase IN (
                       'PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED', 'ERROR', 'ABORTED',
                       'UNKNOWN', 'HELD', 'SUSPENDED', 'ARCHIVED')),
  creation_time      timestamptz NOT NULL DEFAULT now(),
  -- When PHASE=RUN put the job in the queue: the queue is served in this order.
  queued_time        timestamptz,
  start_time         timestamptz,
  end_time           timestamptz,
  -- Seconds; 0 means unlimited (UWS 1.1 §2.1.7).
  execution_duration integer NOT NULL DEFAULT 0 CHECK (execution_duration >= 0),
  destruction        timestamptz,
  quote              timestamptz,
  -- Ordered list of {"name": canonical upper-case name, "value": text, "byReference"?: bool}.
  -- Names are compared case-insensitively (DALI 1.1 §3.1), so one canonical case is stored.
  parameters         jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Ordered list of {"id", "file" (relative to the job's directory), "mimeType", "size"}.
  results            jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- {"type": "fatal" | "transient", "message": text} when the job failed.
  error_summary      jsonb,
  -- The node whose runner pool executes the job (for restart recovery).
  runner_node        text
);

-- The queue claim: oldest QUEUED job of a list (SELECT ... FOR UPDATE SKIP LOCKED).
CREATE INDEX IF NOT EXISTS jobs_queue_idx ON uws.jobs (job_list, queued_time) WHERE phase = 'QUEUED';
-- The job list with AFTER / LAST filters.
CREATE INDEX IF NOT EXISTS jobs_list_idx ON uws.jobs (job_list, creation_time);
-- The destruction sweeper.
CREATE INDEX IF NOT EXISTS jobs_destruction_idx ON uws.jobs (destruction);

-- Every phase change (and deletion) is announced on channel uws_phase as "<job_id> <phase>",
-- so blocking WAITs and runner pools on every node learn of it; DELETED marks a removed job.
CREATE OR REPLACE FUNCTION uws.notify_phase() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('uws_phase', OLD.job_id || ' DELETED');
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.phase IS DISTINCT FROM OLD.phase THEN
    PERFORM pg_notify('uws_phase', NEW.job_id || ' ' || NEW.phase);
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS jobs_notify_phase ON uws.jobs;
CREATE TRIGGER jobs_notify_phase AFTER INSERT OR UPDATE OF phase OR DELETE ON uws.jobs
  FOR EACH ROW EXECUTE FUNCTION uws.notify_phase();

-- Jobs hold user queries and owners: no one but the server's own role may read them.
REVOKE ALL ON SCHEMA uws FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'hscvo_owner') THEN
    ALTER SCHEMA uws OWNER TO hscvo_owner;
    ALTER TABLE uws.jobs OWNER TO hscvo_owner;
    ALTER FUNCTION uws.notify_phase() OWNER TO hscvo_owner;
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'hscvo_reader') THEN
    REVOKE ALL ON SCHEMA uws FROM hscvo_reader;
    REVOKE ALL ON uws.jobs FROM hscvo_reader;
  END IF;
END $$;
