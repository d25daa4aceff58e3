-- 003: access control, Supabase-compatible. Roles, grants, masked views and row-level security.
--
-- anon, authenticated, service_role : Supabase's roles (created here when missing; anon and
--                                     authenticated get nothing from this project; service_role all)
-- pqr_pipeline : writes lake-derived tables (core, meta, public.gold_*)
-- pqr_agent    : works tickets, only those of the municipalities in its JWT claims (RLS), with PII
-- pqr_analyst  : reads gold and meta, and core through masked views
-- pqr_bi       : Metabase and Streamlit: reads public.gold_* only

-- Messages keep the original text for the agents; a masked copy for everyone else.
ALTER TABLE core.messages ADD COLUMN IF NOT EXISTS subject_masked text;
ALTER TABLE core.messages ADD COLUMN IF NOT EXISTS body_masked text;
ALTER TABLE core.messages ADD COLUMN IF NOT EXISTS citizen_key text;
CREATE INDEX IF NOT EXISTS messages_ticket_idx ON core.messages (ticket_id);
CREATE INDEX IF NOT EXISTS tickets_municipality_idx ON core.tickets (municipality_code);

DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'pqr_pipeline', 'pqr_agent', 'pqr_analyst', 'pqr_bi'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
        CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
    END IF;
END $$;

-- The municipalities an agent may see, read the way PostgREST passes JWT claims.
CREATE OR REPLACE FUNCTION core.claimed_municipalities() RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT coalesce(array(SELECT jsonb_array_elements_text(
        coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb -> 'municipalities')),
        '{}'::text[])
$$;

CREATE OR REPLACE VIEW core.messages_masked WITH (security_barrier) AS
SELECT message_id, ticket_id, kind, direction, sent_at, subject_masked AS subject, body_masked AS body,
       in_reply_to, citizen_key, run_id
FROM core.messages;

-- Start from nothing, then grant what each role needs.
REVOKE ALL ON ALL TABLES IN SCHEMA core, meta FROM PUBLIC, anon, authenticated;
REVOKE ALL ON public.gold_daily_volume, public.gold_sla_compliance, public.gold_latest_run
    FROM PUBLIC, anon, authenticated;
REVOKE EXECUTE ON FUNCTION core.claimed_municipalities() FROM PUBLIC;

GRANT USAGE ON SCHEMA core TO service_role, pqr_pipeline, pqr_agent, pqr_analyst;
GRANT USAGE ON SCHEMA meta TO service_role, pqr_pipeline, pqr_analyst;
GRANT USAGE ON SCHEMA public TO service_role, pqr_pipeline, pqr_analyst, pqr_bi;
GRANT EXECUTE ON FUNCTION core.claimed_municipalities() TO service_role, pqr_pipeline, pqr_agent;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA core, meta TO service_role, pqr_pipeline;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.gold_daily_volume, public.gold_sla_compliance
    TO service_role, pqr_pipeline;
GRANT SELECT ON public.gold_latest_run TO service_role, pqr_pipeline;
REVOKE INSERT, UPDATE, DELETE ON core.messages_masked FROM service_role, pqr_pipeline;

GRANT SELECT, UPDATE ON core.tickets TO pqr_agent;
GRANT SELECT ON core.messages TO pqr_agent;
GRANT SELECT, INSERT ON core.ticket_events TO pqr_agent;

GRANT SELECT ON core.tickets, core.messages_masked TO pqr_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA meta TO pqr_analyst;
GRANT SELECT ON public.gold_daily_volume, public.gold_sla_compliance, public.gold_latest_run TO pqr_analyst, pqr_bi;

-- Row-level security: agents see only their municipalities' tickets, messages and events.
ALTER TABLE core.tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE core.ticket_events ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS pipeline_all ON core.tickets;
CREATE POLICY pipeline_all ON core.tickets TO pqr_pipeline USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS pipeline_all ON core.messages;
CREATE POLICY pipeline_all ON core.messages TO pqr_pipeline USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS pipeline_all ON core.ticket_events;
CREATE POLICY pipeline_all ON core.ticket_events TO pqr_pipeline USING (true) WITH CHECK (true);

DROP POLICY IF EXISTS analyst_read ON core.tickets;
CREATE POLICY analyst_read ON core.tickets FOR SELECT TO pqr_analyst USING (true);

DROP POLICY IF EXISTS agent_read ON core.tickets;
CREATE POLICY agent_read ON core.tickets FOR SELECT TO pqr_agent
    USING (municipality_code = ANY (core.claimed_municipalities()));
DROP POLICY IF EXISTS agent_update ON core.tickets;
CREATE POLICY agent_update ON core.tickets FOR UPDATE TO pqr_agent
    USING (municipality_code = ANY (core.claimed_municipalities()))
    WITH CHECK (municipality_code = ANY (core.claimed_municipalities()));

DROP POLICY IF EXISTS agent_read ON core.messages;
CREATE POLICY agent_read ON core.messages FOR SELECT TO pqr_agent
    USING (ticket_id IN (SELECT ticket_id FROM core.tickets));  -- core.tickets' own policy applies
DROP POLICY IF EXISTS agent_read ON core.ticket_events;
CREATE POLICY agent_read ON core.ticket_events FOR SELECT TO pqr_agent
    USING (ticket_id IN (SELECT ticket_id FROM core.tickets));
DROP POLICY IF EXISTS agent_insert ON core.ticket_events;
CREATE POLICY agent_insert ON core.ticket_events FOR INSERT TO pqr_agent
    WITH CHECK (ticket_id IN (SELECT ticket_id FROM core.tickets));
