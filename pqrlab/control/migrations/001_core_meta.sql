-- 001: schemas for operational state (core) and governance (meta).
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS meta;

CREATE TABLE IF NOT EXISTS meta.runs (
    run_id              text PRIMARY KEY,
    seed                integer,
    params              jsonb NOT NULL DEFAULT '{}'::jsonb,
    code_version        text,
    status              text NOT NULL DEFAULT 'running'
                        CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at          timestamptz NOT NULL DEFAULT now(),
    ended_at            timestamptz,
    steps               jsonb NOT NULL DEFAULT '{}'::jsonb,
    prefect_flow_run_id text,
    error               text
);

CREATE TABLE IF NOT EXISTS meta.lineage (
    run_id        text NOT NULL REFERENCES meta.runs (run_id) ON DELETE CASCADE,
    step          text NOT NULL,
    direction     text NOT NULL CHECK (direction IN ('input', 'output')),
    url           text NOT NULL,
    rows          bigint,
    sha256        text,
    model_version text,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, step, direction, url)
);

CREATE TABLE IF NOT EXISTS meta.quality_checks (
    run_id     text NOT NULL REFERENCES meta.runs (run_id) ON DELETE CASCADE,
    layer      text NOT NULL,
    dataset    text NOT NULL,
    check_name text NOT NULL,
    passed     boolean NOT NULL,
    observed   text,
    threshold  text,
    blocking   boolean NOT NULL DEFAULT true,
    checked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, layer, dataset, check_name)
);

CREATE TABLE IF NOT EXISTS core.tickets (
    ticket_id         text PRIMARY KEY,
    radicado          text,
    pqrs_type         text NOT NULL,
    subtype           text,
    topic             text,
    municipality_code text,
    department_code   text,
    priority          text,
    status            text NOT NULL,
    received_at       timestamptz NOT NULL,
    due_at            date NOT NULL,
    first_response_at timestamptz,
    closed_at         timestamptz,
    confidence        double precision,
    needs_review      boolean,
    model_version     text,
    run_id            text NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS core.messages (
    message_id  text PRIMARY KEY,
    ticket_id   text NOT NULL,
    kind        text NOT NULL,
    direction   text NOT NULL,
    sent_at     timestamptz NOT NULL,
    subject     text,
    body        text NOT NULL,
    in_reply_to text,
    run_id      text NOT NULL
);

CREATE TABLE IF NOT EXISTS core.ticket_events (
    ticket_id   text NOT NULL,
    event       text NOT NULL,
    occurred_at timestamptz NOT NULL,
    message_id  text NOT NULL,
    run_id      text NOT NULL,
    PRIMARY KEY (ticket_id, event, message_id)
);
