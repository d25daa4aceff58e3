-- 012: Gold keyed by day (issue 14). Each public.gold_* row belongs to an as-of day D (first in its key),
-- computed from the ticket snapshot after D; `run_id` is an ordinary column (the run that wrote the row).
-- Publish replaces exactly a run's days: DELETE ... WHERE day = ANY(days), then COPY, in one transaction.
-- Gold is derived data: the old per-run rows are dropped here and the next run publishes its days again.
TRUNCATE public.gold_daily_volume, public.gold_sla_compliance, public.gold_backlog_daily, public.gold_response_time,
         public.gold_enrichment_summary, public.gold_model_evaluation, public.gold_sla_area,
         public.gold_backlog_area, public.gold_response_area, public.gold_open_tickets;

-- day = received day (already there)
ALTER TABLE public.gold_daily_volume DROP CONSTRAINT IF EXISTS gold_daily_volume_pkey,
    ADD PRIMARY KEY (day, pqrs_type, topic, department_code, municipality_code);

-- day = due date: tickets due on D, their status at the end of D
ALTER TABLE public.gold_sla_compliance ADD COLUMN day date NOT NULL,
    DROP CONSTRAINT IF EXISTS gold_sla_compliance_pkey, ADD PRIMARY KEY (day, due_date, pqrs_type);

-- day = as-of day: open and overdue at the end of D
ALTER TABLE public.gold_backlog_daily DROP CONSTRAINT IF EXISTS gold_backlog_daily_pkey,
    ADD PRIMARY KEY (day, pqrs_type, age_bucket);

-- day = the day the first response became known: a histogram, so p50/p90 over any range of days are exact
ALTER TABLE public.gold_response_time DROP CONSTRAINT IF EXISTS gold_response_time_pkey,
    DROP COLUMN answered, DROP COLUMN p50_business_days, DROP COLUMN p90_business_days,
    ADD COLUMN day date NOT NULL, ADD COLUMN business_days integer NOT NULL, ADD COLUMN n bigint NOT NULL,
    ADD PRIMARY KEY (day, pqrs_type, topic, business_days);

-- day = received day (tickets received on D, by the model that classified them)
ALTER TABLE public.gold_enrichment_summary ADD COLUMN day date NOT NULL,
    DROP CONSTRAINT IF EXISTS gold_enrichment_summary_pkey, ADD PRIMARY KEY (day, model_name, model_version);
ALTER TABLE public.gold_model_evaluation ADD COLUMN day date NOT NULL,
    DROP CONSTRAINT IF EXISTS gold_model_evaluation_pkey, ADD PRIMARY KEY (day, model_name, model_version, field);

ALTER TABLE public.gold_sla_area ADD COLUMN day date NOT NULL,
    DROP CONSTRAINT IF EXISTS gold_sla_area_pkey,
    ADD PRIMARY KEY (day, due_date, pqrs_type, topic, department_code, municipality_code);
ALTER TABLE public.gold_backlog_area DROP CONSTRAINT IF EXISTS gold_backlog_area_pkey,
    ADD PRIMARY KEY (day, pqrs_type, topic, department_code, municipality_code);
ALTER TABLE public.gold_response_area ADD COLUMN day date NOT NULL,
    DROP CONSTRAINT IF EXISTS gold_response_area_pkey,
    ADD PRIMARY KEY (day, answered_day, pqrs_type, topic, department_code, municipality_code, business_days);
ALTER TABLE public.gold_open_tickets DROP CONSTRAINT IF EXISTS gold_open_tickets_pkey, ADD PRIMARY KEY (day, ticket_id);

-- The days published (one row per as-of day, the run that last wrote it) and the latest of them.
CREATE TABLE IF NOT EXISTS public.gold_days (
    day          date PRIMARY KEY,
    run_id       text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE VIEW public.gold_latest_day AS SELECT max(day) AS day FROM public.gold_days;

DO $$
BEGIN
    EXECUTE 'REVOKE ALL ON public.gold_days FROM PUBLIC, anon, authenticated';
    EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON public.gold_days TO service_role, pqr_pipeline';
    EXECUTE 'GRANT SELECT ON public.gold_days TO pqr_analyst, pqr_bi';
    EXECUTE 'REVOKE ALL ON public.gold_latest_day FROM PUBLIC, anon, authenticated';
    EXECUTE 'GRANT SELECT ON public.gold_latest_day TO service_role, pqr_pipeline, pqr_analyst, pqr_bi';
END $$;
