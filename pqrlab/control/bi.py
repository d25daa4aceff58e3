"""The BI login role: a LOGIN member of `pqr_bi` (reads `public.gold_*` only), created from settings.

Streamlit, Metabase and Grafana connect through it; nobody creates it by hand. `pqrlab bi-role` (the
compose init service runs it) and `pqrlab up` call `ensure_bi_login`.
"""
from __future__ import annotations

import re

from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from pqrlab.control.db import connect
from pqrlab.settings import Settings

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def ensure_bi_login(dsn: str, user: str, password: str | None) -> None:
    """Create (or update) `user` as a LOGIN role that inherits `pqr_bi` and nothing else.

    Without a password the role can log in only where PostgreSQL trusts the connection (the embedded
    server's socket); compose sets one.
    """
    if not ROLE_NAME.match(user):
        raise ValueError(f"invalid BI role name {user!r}: use lower-case letters, digits and _")
    with connect(dsn) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(4243)")
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL("{} ROLE {} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
            sql.SQL(verb), sql.Identifier(user), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT pqr_bi TO {}").format(sql.Identifier(user)))


def login_dsn(dsn: str, user: str, password: str | None) -> str:
    """The same server and database as `dsn`, as another user (the original password dropped)."""
    params = {k: v for k, v in conninfo_to_dict(dsn).items() if k not in ("user", "password")}
    return make_conninfo(**params, user=user, **({"password": password} if password else {}))


def bi_dsn(settings: Settings) -> str:
    """Where BI connects: `PQR_BI_DSN`, else the control-plane database (embedded: started on demand) as
    the BI login role. With `PQR_BI_DSN` set, the control plane's DSN is never read."""
    if settings.bi_dsn:
        return settings.bi_dsn
    from pqrlab.services.postgres import resolve_dsn

    return login_dsn(resolve_dsn(settings), settings.bi_user, settings.bi_password)
