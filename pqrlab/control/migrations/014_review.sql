-- 014: the review loop. Tickets the model was unsure of (`needs_review`) form an agents' queue; an agent's
-- correction (type, subtype, topic, priority, municipality) is recorded with who and when, updates the ticket
-- and its Ley 1755 due date (Colombian business days, computed here exactly as `pqrlab.business_days` does),
-- survives every later publish, and becomes labelled data for the next training run.
--
-- Reference data the function checks against is loaded by the pipeline from the Python sources of truth
-- (`pqrlab.control.review.load_review_reference`, run by every publish): the holiday calendar from the
-- `holidays` package through `pqrlab.business_days`, the legal terms per type/subtype (`term_days`) and the
-- taxonomy's topics and priorities. Nothing is typed twice.

CREATE TABLE IF NOT EXISTS core.holidays (
    day date PRIMARY KEY
);

CREATE TABLE IF NOT EXISTS core.ticket_terms (   -- allowed (type, subtype) pairs and their legal term
    pqrs_type text NOT NULL,
    subtype   text NOT NULL,                     -- 'general' for every type but peticion
    term_days integer NOT NULL CHECK (term_days BETWEEN 1 AND 366),
    PRIMARY KEY (pqrs_type, subtype)
);

CREATE TABLE IF NOT EXISTS core.ticket_labels (  -- allowed topics and priorities
    field text NOT NULL CHECK (field IN ('topic', 'priority')),
    value text NOT NULL,
    PRIMARY KEY (field, value)
);

CREATE TABLE IF NOT EXISTS core.ticket_corrections (
    correction_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id               text NOT NULL,   -- no foreign key: a republish may delete and reload a ticket
    pqrs_type_before        text,
    pqrs_type_after         text NOT NULL,
    subtype_before          text,
    subtype_after           text,            -- NULL for every type but peticion, as the pipeline writes it
    topic_before            text,
    topic_after             text,
    priority_before         text,
    priority_after          text,
    municipality_code_before text,
    municipality_code_after  text,           -- NULL: sent to the triage queue
    term_days_before        integer,
    term_days_after         integer,         -- NULL: not a PQRS (no legal term)
    due_at_before           date,
    due_at_after            date NOT NULL,
    model_version           text,            -- the prediction that was corrected (name@version)
    confidence              double precision,
    corrected_by            text NOT NULL,   -- the agent's login (session_user) or its verified token's subject
    corrected_at            timestamptz NOT NULL DEFAULT now(),
    note                    text CHECK (length(note) <= 2000)
);
CREATE INDEX IF NOT EXISTS ticket_corrections_ticket_idx ON core.ticket_corrections (ticket_id, correction_id);

-- The legal due date: the `term`-th business day (Monday-Friday, not a holiday) after the Bogotá receipt day.
-- Same rule as `business_days.due_dates` (np.busday_offset rolled backward); tests compare the two.
CREATE OR REPLACE FUNCTION core.legal_due_date(received date, term integer) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    due date;
BEGIN
    IF received IS NULL OR term IS NULL OR term < 1 OR term > 366 THEN
        RAISE EXCEPTION 'a legal term is 1 to 366 business days from a receipt day (got %, %)', received, term
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT b.day INTO due
    FROM (SELECT g.day::date AS day, row_number() OVER (ORDER BY g.day) AS n
          FROM generate_series((received + 1)::timestamp, (received + term * 2 + 40)::timestamp, interval '1 day') AS g(day)
          WHERE extract(isodow FROM g.day) < 6
            AND NOT EXISTS (SELECT FROM core.holidays h WHERE h.day = g.day::date)) b
    WHERE b.n = term;
    IF NOT EXISTS (SELECT FROM core.holidays h WHERE h.day BETWEEN make_date(extract(year FROM received)::int, 1, 1)
                                                           AND make_date(extract(year FROM received)::int, 12, 31))
       OR NOT EXISTS (SELECT FROM core.holidays h WHERE h.day BETWEEN make_date(extract(year FROM due)::int, 1, 1)
                                                                  AND make_date(extract(year FROM due)::int, 12, 31)) THEN
        RAISE EXCEPTION 'the holiday calendar is not loaded for % to %', received, due
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'publish a run (it loads core.holidays from the holidays package)';
    END IF;
    RETURN due;
END $$;

-- Who corrects: the agent's login when it has a mapping, else the subject of its verified token (PostgREST).
CREATE OR REPLACE FUNCTION pqr_private.agent_identity() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    claims jsonb;
BEGIN
    IF EXISTS (SELECT FROM core.agent_scopes s WHERE s.login = session_user) THEN
        RETURN session_user::text;
    END IF;
    BEGIN
        claims := pqr_private.verified_claims(substring(current_setting('request.headers', true)::jsonb
                                                        ->> 'authorization' FROM '^[Bb]earer +([A-Za-z0-9._-]+)$'));
    EXCEPTION WHEN OTHERS THEN
        claims := NULL;
    END;
    IF claims IS NOT NULL AND jsonb_typeof(claims -> 'sub') = 'string' THEN
        RETURN 'token:' || left(claims ->> 'sub', 200);
    END IF;
    RETURN session_user::text;
END $$;

-- An agent corrects a ticket in its scope. NULL arguments keep the current value; municipality 'none' sends the
-- ticket to the triage queue; type 'no_pqrs' says the e-mail is no PQRS at all (an auto-reply, phishing, an
-- invoice): the ticket is closed, keeps its due date, and becomes a 'no_pqrs' training example. Every value is checked against the reference tables; the correction is recorded,
-- the ticket updated (due date recomputed) and taken out of the review queue.
CREATE OR REPLACE FUNCTION core.correct_ticket(
    ticket text, new_type text DEFAULT NULL, new_subtype text DEFAULT NULL, new_topic text DEFAULT NULL,
    new_priority text DEFAULT NULL, new_municipality text DEFAULT NULL, correction_note text DEFAULT NULL)
RETURNS core.ticket_corrections
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scope_codes text[];
    scope_triage boolean;
    old core.tickets;
    v_type text;
    v_subtype text;
    v_topic text;
    v_priority text;
    v_municipality text;
    v_term integer;
    old_term integer;
    result core.ticket_corrections;
BEGIN
    SELECT s.municipalities, s.triage INTO scope_codes, scope_triage FROM core.agent_scope() s;
    SELECT t.* INTO old FROM core.tickets t WHERE t.ticket_id = correct_ticket.ticket FOR UPDATE;
    IF NOT FOUND OR NOT coalesce(old.municipality_code = ANY (scope_codes)
                                 OR (old.municipality_code IS NULL AND scope_triage), false) THEN
        RAISE EXCEPTION 'ticket % is not in your review scope', quote_literal(coalesce(ticket, 'NULL'))
            USING ERRCODE = 'insufficient_privilege';
    END IF;

    v_type := coalesce(new_type, old.pqrs_type);
    IF v_type = 'no_pqrs' THEN
        IF num_nonnulls(new_subtype, new_topic, new_priority) > 0 THEN
            RAISE EXCEPTION 'a message that is no PQRS has no subtype, topic or priority'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        new_subtype := 'general';
    ELSIF NOT EXISTS (SELECT FROM core.ticket_terms k WHERE k.pqrs_type = v_type) THEN
        RAISE EXCEPTION 'type % is not a PQRS type; use one of %', quote_literal(v_type),
            (SELECT string_agg(DISTINCT k.pqrs_type, ', ') || ' or no_pqrs' FROM core.ticket_terms k)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_subtype := coalesce(new_subtype, CASE WHEN v_type = old.pqrs_type THEN old.subtype END, 'general');
    SELECT k.term_days INTO v_term FROM core.ticket_terms k WHERE k.pqrs_type = v_type AND k.subtype = v_subtype;
    IF v_term IS NULL AND v_type <> 'no_pqrs' THEN
        RAISE EXCEPTION 'subtype % does not go with type %; use one of %', quote_literal(v_subtype),
            quote_literal(v_type), (SELECT string_agg(k.subtype, ', ' ORDER BY k.subtype) FROM core.ticket_terms k
                                    WHERE k.pqrs_type = v_type)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_type <> 'peticion' THEN
        v_subtype := NULL;  -- the pipeline's form: only petitions carry a subtype
    END IF;

    v_topic := CASE WHEN v_type = 'no_pqrs' THEN NULL ELSE coalesce(new_topic, old.topic) END;
    IF new_topic IS NOT NULL AND NOT EXISTS (SELECT FROM core.ticket_labels l
                                             WHERE l.field = 'topic' AND l.value = new_topic) THEN
        RAISE EXCEPTION 'topic % is unknown; use one of %', quote_literal(new_topic),
            (SELECT string_agg(l.value, ', ' ORDER BY l.value) FROM core.ticket_labels l WHERE l.field = 'topic')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    v_priority := CASE WHEN v_type = 'no_pqrs' THEN NULL ELSE coalesce(new_priority, old.priority) END;
    IF new_priority IS NOT NULL AND NOT EXISTS (SELECT FROM core.ticket_labels l
                                                WHERE l.field = 'priority' AND l.value = new_priority) THEN
        RAISE EXCEPTION 'priority % is unknown; use one of %', quote_literal(new_priority),
            (SELECT string_agg(l.value, ', ' ORDER BY l.value) FROM core.ticket_labels l WHERE l.field = 'priority')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF new_municipality IS NULL THEN
        v_municipality := old.municipality_code;
    ELSIF new_municipality = 'none' THEN
        v_municipality := NULL;
    ELSIF new_municipality ~ '^[0-9]{5}$'
          AND EXISTS (SELECT FROM public.gold_places p WHERE p.municipality_code = new_municipality) THEN
        v_municipality := new_municipality;
    ELSE
        RAISE EXCEPTION 'municipality % is not a DIVIPOLA code (five digits naming a municipality) nor none',
            quote_literal(new_municipality) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(correction_note) > 2000 THEN
        RAISE EXCEPTION 'a correction note is limited to 2,000 characters (got %)', length(correction_note)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    SELECT k.term_days INTO old_term FROM core.ticket_terms k
    WHERE k.pqrs_type = old.pqrs_type AND k.subtype = coalesce(old.subtype, 'general');
    INSERT INTO core.ticket_corrections (
        ticket_id, pqrs_type_before, pqrs_type_after, subtype_before, subtype_after, topic_before, topic_after,
        priority_before, priority_after, municipality_code_before, municipality_code_after, term_days_before,
        term_days_after, due_at_before, due_at_after, model_version, confidence, corrected_by, note)
    VALUES (old.ticket_id, old.pqrs_type, v_type, old.subtype, v_subtype, old.topic, v_topic,
            old.priority, v_priority, old.municipality_code, v_municipality, old_term,
            v_term, old.due_at, CASE WHEN v_type = 'no_pqrs' THEN old.due_at
                                     ELSE core.legal_due_date((old.received_at AT TIME ZONE 'America/Bogota')::date, v_term) END,
            old.model_version, old.confidence, pqr_private.agent_identity(), correction_note)
    RETURNING * INTO result;
    -- core.keep_ticket_corrections (below) writes the corrected values onto the row.
    UPDATE core.tickets SET updated_at = now() WHERE ticket_id = old.ticket_id;
    RETURN result;
END $$;

-- A corrected ticket always carries its latest correction, whoever writes the row afterwards (a publish that
-- upserts Silver's predictions, a per-day reload that deletes and inserts): the correction log is the truth.
CREATE OR REPLACE FUNCTION core.keep_ticket_corrections() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c core.ticket_corrections;
BEGIN
    SELECT k.* INTO c FROM core.ticket_corrections k WHERE k.ticket_id = NEW.ticket_id
    ORDER BY k.correction_id DESC LIMIT 1;
    IF FOUND THEN
        NEW.pqrs_type := c.pqrs_type_after;
        NEW.subtype := c.subtype_after;
        NEW.topic := c.topic_after;
        NEW.priority := c.priority_after;
        NEW.municipality_code := c.municipality_code_after;
        NEW.department_code := left(c.municipality_code_after, 2);
        NEW.due_at := c.due_at_after;
        NEW.needs_review := false;
        IF c.pqrs_type_after = 'no_pqrs' THEN  -- nothing to answer: closed when the agent said so
            NEW.status := 'closed';
            NEW.closed_at := c.corrected_at;
        END IF;
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS keep_corrections ON core.tickets;
CREATE TRIGGER keep_corrections BEFORE INSERT OR UPDATE ON core.tickets
    FOR EACH ROW EXECUTE FUNCTION core.keep_ticket_corrections();

-- The agents' review queue: RLS of the caller applies (security_invoker), so an agent sees its municipalities
-- (and the unassigned ones when it triages), exactly as on core.tickets.
CREATE OR REPLACE VIEW core.review_queue WITH (security_invoker = true) AS
SELECT t.ticket_id, t.radicado, t.received_at, t.due_at, t.pqrs_type, t.subtype, t.topic, t.priority,
       t.municipality_code, t.confidence, t.model_version, t.status,
       (SELECT m.subject FROM core.messages m WHERE m.ticket_id = t.ticket_id
        ORDER BY m.sent_at, m.message_id LIMIT 1) AS subject
FROM core.tickets t
WHERE t.needs_review;

ALTER TABLE core.ticket_corrections ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS agent_read ON core.ticket_corrections;
CREATE POLICY agent_read ON core.ticket_corrections FOR SELECT TO pqr_agent
    USING (ticket_id IN (SELECT ticket_id FROM core.tickets));  -- core.tickets' own policy applies
DROP POLICY IF EXISTS pipeline_read ON core.ticket_corrections;
CREATE POLICY pipeline_read ON core.ticket_corrections FOR SELECT TO pqr_pipeline USING (true);

REVOKE ALL ON core.holidays, core.ticket_terms, core.ticket_labels, core.ticket_corrections, core.review_queue
    FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT, DELETE ON core.holidays, core.ticket_terms, core.ticket_labels TO pqr_pipeline, service_role;
GRANT SELECT ON core.ticket_corrections TO pqr_pipeline, service_role, pqr_agent;  -- written only by correct_ticket
GRANT SELECT ON core.review_queue TO pqr_agent, pqr_pipeline, service_role;

REVOKE ALL ON FUNCTION core.legal_due_date(date, integer), pqr_private.agent_identity(),
    core.correct_ticket(text, text, text, text, text, text, text), core.keep_ticket_corrections() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.correct_ticket(text, text, text, text, text, text, text) TO pqr_agent;
GRANT EXECUTE ON FUNCTION core.legal_due_date(date, integer) TO pqr_pipeline, service_role, pqr_analyst;
