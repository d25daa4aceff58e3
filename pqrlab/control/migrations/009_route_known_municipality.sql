-- 009: triage routes only to a municipality that exists. 006's `core.route_ticket` took any five digits, so a
-- typo ('05000') or '99999' took a ticket out of the triage queue into a scope no agent has: never seen again.
-- The code must name a DIVIPOLA municipality (`public.gold_places`, loaded by every publish).
CREATE OR REPLACE FUNCTION core.route_ticket(ticket text, municipality text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coalesce((SELECT s.triage FROM core.agent_scope() s), false) THEN
        RAISE EXCEPTION 'only triage agents route tickets' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF municipality IS NULL OR municipality !~ '^[0-9]{5}$'
       OR NOT EXISTS (SELECT FROM public.gold_places p WHERE p.municipality_code = route_ticket.municipality) THEN
        RAISE EXCEPTION 'a DIVIPOLA municipality code has five digits and names a municipality (got %)',
            coalesce(municipality, 'NULL') USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE core.tickets SET municipality_code = municipality, department_code = left(municipality, 2),
                            updated_at = now()
    WHERE ticket_id = ticket AND municipality_code IS NULL;
    RETURN FOUND;
END $$;
REVOKE ALL ON FUNCTION core.route_ticket(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.route_ticket(text, text) TO pqr_agent;
