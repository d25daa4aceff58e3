-- 004: the rest of Gold: volume by municipality, backlog, response times, enrichment summary, evaluation.
-- Every serving table gets the grants of 003 (and none for anon/authenticated, which Supabase's default
-- privileges on schema public would otherwise give).
ALTER TABLE public.gold_daily_volume ADD COLUMN IF NOT EXISTS municipality_code text NOT NULL DEFAULT 'unknown';
ALTER TABLE public.gold_daily_volume DROP CONSTRAINT IF EXISTS gold_daily_volume_pkey;
ALTER TABLE public.gold_daily_volume
    ADD PRIMARY KEY (run_id, day, pqrs_type, topic, department_code, municipality_code);

CREATE TABLE IF NOT EXISTS public.gold_backlog_daily (
    run_id     text NOT NULL,
    day        date NOT NULL,
    pqrs_type  text NOT NULL,
    age_bucket text NOT NULL CHECK (age_bucket IN ('0-5', '6-10', '11-15', '>15')),
    open       bigint NOT NULL,
    overdue    bigint NOT NULL,
    PRIMARY KEY (run_id, day, pqrs_type, age_bucket)
);

CREATE TABLE IF NOT EXISTS public.gold_response_time (
    run_id            text NOT NULL,
    pqrs_type         text NOT NULL,
    topic             text NOT NULL,
    answered          bigint NOT NULL,
    p50_business_days integer NOT NULL,
    p90_business_days integer NOT NULL,
    PRIMARY KEY (run_id, pqrs_type, topic)
);

CREATE TABLE IF NOT EXISTS public.gold_enrichment_summary (
    run_id          text NOT NULL,
    model_name      text NOT NULL,
    model_version   text NOT NULL,
    tickets         bigint NOT NULL,
    mean_confidence double precision NOT NULL,
    share_flagged   double precision NOT NULL,
    PRIMARY KEY (run_id, model_name, model_version)
);

CREATE TABLE IF NOT EXISTS public.gold_model_evaluation (
    run_id        text NOT NULL,
    model_name    text NOT NULL,
    model_version text NOT NULL,
    field         text NOT NULL,
    tickets       bigint NOT NULL,
    correct       bigint NOT NULL,
    accuracy      double precision,
    PRIMARY KEY (run_id, model_name, model_version, field)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['gold_backlog_daily', 'gold_response_time', 'gold_enrichment_summary',
                             'gold_model_evaluation'] LOOP
        EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC, anon, authenticated', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON public.%I TO service_role, pqr_pipeline', t);
        EXECUTE format('GRANT SELECT ON public.%I TO pqr_analyst, pqr_bi', t);
    END LOOP;
END $$;
