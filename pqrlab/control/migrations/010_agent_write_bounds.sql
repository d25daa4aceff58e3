-- 010: what an agent writes must make sense. Column grants (006) say *which* columns an agent may change;
-- this trigger says *which values*: a status from the ticket vocabulary, response and closing times inside
-- the ticket's life (not before it was received, not in the future), notes of bounded length. Only agents
-- are checked (a login in pqr_agent that is neither the pipeline, the service role nor a superuser): the
-- pipeline publishes what the lake says. Unchanged values pass, so `SET col = col` is harmless.

CREATE OR REPLACE FUNCTION core.check_agent_ticket_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(current_user, 'pqr_agent', 'MEMBER')
       OR pg_has_role(current_user, 'pqr_pipeline', 'MEMBER')
       OR pg_has_role(current_user, 'service_role', 'MEMBER')
       OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NEW;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status
       AND NEW.status NOT IN ('open', 'in_progress', 'responded', 'reopened', 'closed') THEN
        RAISE EXCEPTION 'status % is not a ticket status', quote_literal(NEW.status)
            USING ERRCODE = 'check_violation',
                  HINT = 'use one of open, in_progress, responded, reopened, closed';
    END IF;
    IF NEW.first_response_at IS DISTINCT FROM OLD.first_response_at AND NEW.first_response_at IS NOT NULL
       AND (NEW.first_response_at < NEW.received_at OR NEW.first_response_at > now() + interval '5 minutes') THEN
        RAISE EXCEPTION 'first_response_at must lie between the ticket''s receipt and now'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.closed_at IS DISTINCT FROM OLD.closed_at AND NEW.closed_at IS NOT NULL
       AND (NEW.closed_at < NEW.received_at OR NEW.closed_at > now() + interval '5 minutes') THEN
        RAISE EXCEPTION 'closed_at must lie between the ticket''s receipt and now'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.notes IS DISTINCT FROM OLD.notes AND length(NEW.notes) > 10000 THEN
        RAISE EXCEPTION 'notes are limited to 10,000 characters (got %)', length(NEW.notes)
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

REVOKE EXECUTE ON FUNCTION core.check_agent_ticket_update() FROM PUBLIC;

DROP TRIGGER IF EXISTS agent_write_bounds ON core.tickets;
CREATE TRIGGER agent_write_bounds BEFORE UPDATE ON core.tickets
    FOR EACH ROW EXECUTE FUNCTION core.check_agent_ticket_update();
