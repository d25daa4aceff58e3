-- 007: Gold by area and topic for the executive dashboard, the open-ticket list (no personal data),
-- run status for the operations page as gold views, and their grants. pqr_bi still reads public.gold_* only:
-- the operations views expose run and quality-check status, never core.* rows.
CREATE TABLE IF NOT EXISTS public.gold_sla_area (
    run_id            text NOT NULL,
    due_date          date NOT NULL,
    pqrs_type         text NOT NULL,
    topic             text NOT NULL,
    department_code   text NOT NULL,
    municipality_code text NOT NULL,
    due               bigint NOT NULL,
    on_time           bigint NOT NULL,
    late              bigint NOT NULL,
    overdue_open      bigint NOT NULL,
    PRIMARY KEY (run_id, due_date, pqrs_type, topic, department_code, municipality_code)
);

CREATE TABLE IF NOT EXISTS public.gold_backlog_area (
    run_id            text NOT NULL,
    day               date NOT NULL,
    pqrs_type         text NOT NULL,
    topic             text NOT NULL,
    department_code   text NOT NULL,
    municipality_code text NOT NULL,
    open              bigint NOT NULL,
    overdue           bigint NOT NULL,
    PRIMARY KEY (run_id, day, pqrs_type, topic, department_code, municipality_code)
);

CREATE TABLE IF NOT EXISTS public.gold_response_area (
    run_id            text NOT NULL,
    answered_day      date NOT NULL,
    pqrs_type         text NOT NULL,
    topic             text NOT NULL,
    department_code   text NOT NULL,
    municipality_code text NOT NULL,
    business_days     integer NOT NULL,
    n                 bigint NOT NULL,
    PRIMARY KEY (run_id, answered_day, pqrs_type, topic, department_code, municipality_code, business_days)
);

CREATE TABLE IF NOT EXISTS public.gold_open_tickets (
    run_id                text NOT NULL,
    day                   date NOT NULL,   -- the as-of day of the snapshot
    ticket_id             text NOT NULL,
    radicado              text,
    pqrs_type             text NOT NULL,
    topic                 text NOT NULL,
    department_code       text NOT NULL,
    municipality_code     text NOT NULL,
    priority              text,
    received_day          date NOT NULL,
    due_date              date NOT NULL,
    overdue               boolean NOT NULL,  -- the as-of day is after the due date (as in the backlog)
    business_days_overdue integer NOT NULL,  -- negative: business days still left in the term
    PRIMARY KEY (run_id, day, ticket_id)
);
CREATE INDEX IF NOT EXISTS gold_open_tickets_overdue_idx ON public.gold_open_tickets (day, business_days_overdue DESC);

-- DIVIPOLA names and coordinates, so BI tools show places by name (loaded by every publish).
CREATE TABLE IF NOT EXISTS public.gold_places (
    municipality_code text PRIMARY KEY,
    municipality      text NOT NULL,
    department_code   text NOT NULL,
    department        text NOT NULL,
    latitude          double precision NOT NULL,
    longitude         double precision NOT NULL
);

-- The operations page's view of run governance (no meta.* grant for BI).
CREATE OR REPLACE VIEW public.gold_pipeline_runs AS
SELECT run_id, status, started_at, ended_at, extract(epoch FROM ended_at - started_at) AS seconds, error, steps
FROM meta.runs;

CREATE OR REPLACE VIEW public.gold_quality_failures AS
SELECT run_id, layer, dataset, check_name, observed, threshold, blocking, checked_at
FROM meta.quality_checks WHERE NOT passed;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['gold_sla_area', 'gold_backlog_area', 'gold_response_area', 'gold_open_tickets',
                             'gold_places'] LOOP
        EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC, anon, authenticated', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO service_role, pqr_pipeline', t);
        EXECUTE format('GRANT SELECT ON public.%I TO pqr_analyst, pqr_bi', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['gold_pipeline_runs', 'gold_quality_failures'] LOOP
        EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC, anon, authenticated', t);
        EXECUTE format('GRANT SELECT ON public.%I TO service_role, pqr_pipeline, pqr_analyst, pqr_bi', t);
    END LOOP;
END $$;
