"""Metabase, ready on first start: admin, the PostgreSQL connection through the BI login role, and a
starter collection of questions over `public.gold_*`. Run once by compose's `metabase-init` service:

    python -m pqrlab.dashboard.metabase      # MB_URL, MB_ADMIN_EMAIL, MB_ADMIN_PASSWORD, PQR_BI_* from the env

Idempotent: an existing admin, database, collection or question (by name) is kept. Standard library only.
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from pqrlab.dashboard.queries import LATEST_RUN_EXPR
from pqrlab.settings import Settings

DATABASE_NAME = "PQRS (gold)"
COLLECTION_NAME = "PQRS · preguntas iniciales"
LATEST_RUN = LATEST_RUN_EXPR
DEPARTMENTS = "(SELECT DISTINCT department_code, department FROM public.gold_places)"
STARTER_QUESTIONS = {  # name → (display, SQL over public.gold_* only)
    "Cumplimiento de términos por departamento": ("table", f"""
        SELECT coalesce(p.department, 'Sin lugar identificado') AS "Departamento", sum(s.due) AS "Vencen",
               sum(s.on_time) AS "A tiempo", round(sum(s.on_time)::numeric / nullif(sum(s.due), 0), 3) AS "Cumplimiento"
        FROM public.gold_sla_area s LEFT JOIN {DEPARTMENTS} p USING (department_code)
        WHERE s.run_id = {LATEST_RUN} GROUP BY 1 ORDER BY 4 NULLS LAST, 2 DESC"""),
    "Vencidos sin respuesta por municipio": ("bar", f"""
        SELECT coalesce(p.municipality || ' (' || p.department || ')', 'Sin lugar identificado') AS "Municipio",
               count(*) AS "Vencidos"
        FROM public.gold_open_tickets o LEFT JOIN public.gold_places p USING (municipality_code)
        WHERE o.run_id = {LATEST_RUN} AND o.overdue AND o.day = (SELECT max(day) FROM public.gold_open_tickets
                                                                  WHERE run_id = o.run_id)
        GROUP BY 1 ORDER BY 2 DESC LIMIT 25"""),
    "Tickets recibidos por semana y tipo": ("line", f"""
        SELECT date_trunc('week', day)::date AS "Semana", pqrs_type AS "Tipo", sum(tickets) AS "Tickets"
        FROM public.gold_daily_volume WHERE run_id = {LATEST_RUN} GROUP BY 1, 2 ORDER BY 1, 2"""),
    "Tickets vencidos más antiguos (sin datos personales)": ("table", f"""
        SELECT o.radicado AS "Radicado", o.pqrs_type AS "Tipo", o.topic AS "Tema", p.municipality AS "Municipio",
               o.due_date AS "Vencía", o.business_days_overdue AS "Días hábiles de mora"
        FROM public.gold_open_tickets o LEFT JOIN public.gold_places p USING (municipality_code)
        WHERE o.run_id = {LATEST_RUN} AND o.overdue
        ORDER BY o.business_days_overdue DESC, o.due_date LIMIT 200"""),
    "Tiempo de respuesta por tipo y tema (días hábiles)": ("table", """
        SELECT pqrs_type AS "Tipo", topic AS "Tema", max(total) AS "Respondidos",
               min(business_days) FILTER (WHERE cum >= 0.5 * total) AS "p50",
               min(business_days) FILTER (WHERE cum >= 0.9 * total) AS "p90"
        FROM (SELECT pqrs_type, topic, business_days,
                     sum(sum(n)) OVER (PARTITION BY pqrs_type, topic ORDER BY business_days) AS cum,
                     sum(sum(n)) OVER (PARTITION BY pqrs_type, topic) AS total
              FROM public.gold_response_time GROUP BY 1, 2, 3) AS histogram
        GROUP BY 1, 2 ORDER BY "p90" DESC"""),  # nearest rank over the histogram of every published day
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
        card = by_name(cards, name) or mb.call("POST", "card", {
            "name": name, "display": display, "visualization_settings": {}, "collection_id": collection["id"],
            "dataset_query": {"type": "native", "native": {"query": sql.strip()}, "database": db["id"]}})
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
