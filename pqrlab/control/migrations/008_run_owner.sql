-- Runs that end, always: who owns a running run (so a later run or `pqrlab status` can tell that its
-- process is gone and mark it abandoned), and which step a failed run stopped in.
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS owner_pid integer;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS owner_host text;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS owner_started_at timestamptz;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS failed_step text;

ALTER TABLE meta.runs DROP CONSTRAINT IF EXISTS runs_status_check;
ALTER TABLE meta.runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'));
