-- Incremental runs (issue 14): a run ingests one or more delivery days; the control plane knows which days
-- were ingested (once their publish step succeeded) and which days a running run holds (a lock per day).
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS first_day date;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS last_day date;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS days date[];
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS reprocess boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS meta.ingested_days (
    source       text NOT NULL DEFAULT 'email',
    day          date NOT NULL,
    run_id       text NOT NULL,                  -- the run that last ingested (or reprocessed) the day
    seed         integer,
    daily_events double precision,               -- mean e-mails per day of the mailbox (PQR_DAILY_EVENTS)
    ingested_at  timestamptz NOT NULL DEFAULT now(),
    raw_lines    bigint,
    bronze_rows  bigint,
    quarantined  bigint,
    PRIMARY KEY (source, day)
);

-- A running run's days: claimed at its start in one transaction, released at its end (success or failure).
-- The owner (pid, host, process start time: a pid alone can be reused) tells a dead owner from a live one.
CREATE TABLE IF NOT EXISTS meta.day_locks (
    source           text NOT NULL DEFAULT 'email',
    day              date NOT NULL,
    run_id           text NOT NULL,
    pid              integer NOT NULL,
    host             text NOT NULL,
    owner_started_at timestamptz,
    acquired_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, day)
);
CREATE INDEX IF NOT EXISTS day_locks_run ON meta.day_locks (run_id);

-- The operations page's view of run governance gains the days each run covered (columns appended).
CREATE OR REPLACE VIEW public.gold_pipeline_runs AS
SELECT run_id, status, started_at, ended_at, extract(epoch FROM ended_at - started_at) AS seconds, error, steps,
       first_day, last_day, days, reprocess
FROM meta.runs;

-- Grants as for the rest of meta (003): the pipeline writes, analysts read, nobody else.
REVOKE ALL ON meta.ingested_days, meta.day_locks FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON meta.ingested_days, meta.day_locks TO service_role, pqr_pipeline;
GRANT SELECT ON meta.ingested_days, meta.day_locks TO pqr_analyst;
