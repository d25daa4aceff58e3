"""Metabase, ready on first start: admin, the PostgreSQL connection through the BI login role, and a
starter collection of questions over `public.gold_*`. Run once by compose's `metabase-init` service:

    python -m pqrlab.dashboard.metabase      # MB_URL, MB_ADMIN_EMAIL, MB_ADMIN_PASSWORD, PQR_BI_* from the env

Idempotent: an existing admin, database or collection (by name) is kept; an existing question (by name) gets
this module's SQL when it differs (questions of an older version follow the schema). Standard library only.
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from pqrlab.dashboard.queries import LATEST_DAY_EXPR
from pqrlab.settings import Settings

DATABASE_NAME = "PQRS (gold)"
COLLECTION_NAME = "PQRS · preguntas iniciales"
LATEST = LATEST_DAY_EXPR  # the latest ingested day: questions never name a run
LAST_30_DAYS = f"BETWEEN {LATEST} - 29 AND {LATEST}"
DEPARTMENTS = "(SELECT DISTINCT department_code, department FROM public.gold_places)"
# name → (display, SQL over public.gold_* only). As of the latest day: "hoy" = its end; periods = the 30 days up to
# it (SLA by due date, response times by answer day). Names are kept across versions (a question is updated).
STARTER_QUESTIONS = {
    "Cumplimiento de términos por departamento": ("table", f"""
        SELECT coalesce(p.department, 'Sin lugar identificado') AS "Departamento", sum(s.due) AS "Vencen",
               sum(s.on_time) AS "A tiempo", round(sum(s.on_time)::numeric / nullif(sum(s.due), 0), 3) AS "Cumplimiento"
        FROM public.gold_sla_area s LEFT JOIN {DEPARTMENTS} p USING (department_code)
        WHERE s.day {LAST_30_DAYS} GROUP BY 1 ORDER BY 4 NULLS LAST, 2 DESC"""),
    "Vencidos sin respuesta por municipio": ("bar", f"""
        SELECT coalesce(p.municipality || ' (' || p.department || ')', 'Sin lugar identificado') AS "Municipio",
               count(*) AS "Vencidos"
        FROM public.gold_open_tickets o LEFT JOIN public.gold_places p USING (municipality_code)
        WHERE o.day = {LATEST} AND o.overdue
        GROUP BY 1 ORDER BY 2 DESC LIMIT 25"""),
    "Tickets recibidos por semana y tipo": ("line", """
        SELECT date_trunc('week', day)::date AS "Semana", pqrs_type AS "Tipo", sum(tickets) AS "Tickets"
        FROM public.gold_daily_volume GROUP BY 1, 2 ORDER BY 1, 2"""),
    "Abiertos y vencidos al cierre de cada día": ("line", """
        SELECT day AS "Día", sum(open) AS "Abiertos", sum(overdue) AS "Vencidos"
        FROM public.gold_backlog_daily GROUP BY 1 ORDER BY 1"""),
    "Pendientes hoy por antigüedad (días hábiles)": ("bar", f"""
        SELECT age_bucket AS "Antigüedad", sum(open) AS "Abiertos", sum(overdue) AS "Vencidos"
        FROM public.gold_backlog_daily WHERE day = {LATEST}
        GROUP BY 1 ORDER BY min(array_position(ARRAY['0-5', '6-10', '11-15', '>15'], age_bucket))"""),
    "Tickets vencidos más antiguos (sin datos personales)": ("table", f"""
        SELECT o.radicado AS "Radicado", o.pqrs_type AS "Tipo", o.topic AS "Tema", p.municipality AS "Municipio",
               o.due_date AS "Vencía", o.business_days_overdue AS "Días hábiles de mora"
        FROM public.gold_open_tickets o LEFT JOIN public.gold_places p USING (municipality_code)
        WHERE o.day = {LATEST} AND o.overdue
        ORDER BY o.business_days_overdue DESC, o.due_date LIMIT 200"""),
    "Tiempo de respuesta por tipo y tema (días hábiles)": ("table", f"""
        SELECT pqrs_type AS "Tipo", topic AS "Tema", count(*) AS "Respondidos",
               percentile_disc(0.5) WITHIN GROUP (ORDER BY business_days) AS "p50",
               percentile_disc(0.9) WITHIN GROUP (ORDER BY business_days) AS "p90"
        FROM public.gold_response_area r, generate_series(1, r.n)  -- one row per ticket answered
        WHERE r.day {LAST_30_DAYS} GROUP BY 1, 2 ORDER BY 5 DESC, 1, 2"""),
}


@dataclass
class Metabase:
    url: str
    session: str | None = None

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json",
                                                  **({"X-Metabase-Session": self.session} if self.session else {})})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
        return json.loads(text) if text else None


def wait_healthy(mb: Metabase, timeout_s: float = 600) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if mb.call("GET", "health").get("status") == "ok":
                return
        except (OSError, ValueError):
            pass
        time.sleep(3)
    raise TimeoutError(f"Metabase at {mb.url} not healthy after {timeout_s:.0f} s")


def database_details(settings: Settings, host: str, port: int = 5432, dbname: str = "postgres") -> dict:
    """The PostgreSQL connection as the BI login role (public schema only)."""
    return {"engine": "postgres", "name": DATABASE_NAME, "details": {
        "host": host, "port": port, "dbname": dbname, "user": settings.bi_user, "password": settings.bi_password,
        "ssl": False, "schema-filters-type": "inclusion", "schema-filters-patterns": "public"}}


def log_in(mb: Metabase, email: str, password: str, database: dict) -> bool:
    """First start: create the admin (and the database) with the setup token; later: a session. True if set up now."""
    token = mb.call("GET", "session/properties").get("setup-token")
    if token and not mb.call("GET", "session/properties").get("has-user-setup"):
        mb.session = mb.call("POST", "setup", {
            "token": token, "user": {"first_name": "Admin", "last_name": "PQRS", "email": email, "password": password,
                                     "site_name": "PQRS"},
            "prefs": {"site_name": "PQRS", "site_locale": "es", "allow_tracking": False},
            "database": database})["id"]
        return True
    mb.session = mb.call("POST", "session", {"username": email, "password": password})["id"]
    return False


def by_name(items, name: str) -> dict | None:
    items = items.get("data", items) if isinstance(items, dict) else items
    return next((i for i in items if i.get("name") == name and not i.get("archived")), None)


def ensure_questions(mb: Metabase, database: dict) -> dict[str, int]:
    """The database, the collection and each starter question; returns question name → card id."""
    db = by_name(mb.call("GET", "database"), DATABASE_NAME) or mb.call("POST", "database", database)
    collection = by_name(mb.call("GET", "collection"), COLLECTION_NAME) or mb.call(
        "POST", "collection", {"name": COLLECTION_NAME, "description": "Preguntas sobre public.gold_* (rol BI)"})
    cards = mb.call("GET", "card?f=all")
    ids = {}
    for name, (display, sql) in STARTER_QUESTIONS.items():
        query = {"type": "native", "native": {"query": sql.strip()}, "database": db["id"]}
        card = by_name(cards, name)
        if card is None:
            card = mb.call("POST", "card", {"name": name, "display": display, "visualization_settings": {},
                                            "collection_id": collection["id"], "dataset_query": query})
        elif (card.get("dataset_query") or {}).get("native", {}).get("query") != query["native"]["query"]:
            mb.call("PUT", f"card/{card['id']}", {"dataset_query": query})
        ids[name] = card["id"]
    return ids


def main() -> int:
    settings = Settings.from_env()
    if not settings.bi_password or not os.environ.get("MB_ADMIN_PASSWORD"):
        print("metabase-init: set PQR_BI_PASSWORD and MB_ADMIN_PASSWORD", file=sys.stderr)
        return 2
    mb = Metabase(os.environ.get("MB_URL", "http://metabase:3000").rstrip("/"))
    database = database_details(settings, os.environ.get("PQR_BI_HOST", "supabase-db"))
    try:
        wait_healthy(mb)
        log_in(mb, os.environ.get("MB_ADMIN_EMAIL", "admin@pqr.example"), os.environ["MB_ADMIN_PASSWORD"], database)
        ids = ensure_questions(mb, database)
    except urllib.error.HTTPError as error:
        print(f"metabase-init: {error.code} from {error.url}: {error.read().decode()[:300]}", file=sys.stderr)
        return 1
    print(f"Metabase ready: database {DATABASE_NAME!r} as {settings.bi_user}, {len(ids)} questions in "
          f"{COLLECTION_NAME!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
