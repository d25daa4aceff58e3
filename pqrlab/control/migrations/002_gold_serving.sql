-- 002: the serving layer read by BI (Streamlit, Metabase): one row set per run.
CREATE TABLE IF NOT EXISTS public.gold_daily_volume (
    run_id          text NOT NULL,
    day             date NOT NULL,
    pqrs_type       text NOT NULL,
    topic           text NOT NULL,
    department_code text NOT NULL,
    tickets         bigint NOT NULL,
    PRIMARY KEY (run_id, day, pqrs_type, topic, department_code)
);

CREATE TABLE IF NOT EXISTS public.gold_sla_compliance (
    run_id       text NOT NULL,
    due_date     date NOT NULL,
    pqrs_type    text NOT NULL,
    due          bigint NOT NULL,
    on_time      bigint NOT NULL,
    late         bigint NOT NULL,
    overdue_open bigint NOT NULL,
    compliance   double precision NOT NULL,
    PRIMARY KEY (run_id, due_date, pqrs_type)
);

-- The run whose Gold is currently published (the newest succeeded run).
CREATE OR REPLACE VIEW public.gold_latest_run AS
SELECT run_id, ended_at FROM meta.runs
WHERE status = 'succeeded' ORDER BY ended_at DESC NULLS LAST LIMIT 1;
