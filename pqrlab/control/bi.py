"""The BI login role: a LOGIN member of `pqr_bi` (reads `public.gold_*` only), created from settings.

Streamlit, Metabase and Grafana connect through it; nobody creates it by hand. `pqrlab bi-role` (the
compose init service runs it) and `pqrlab up` call `ensure_bi_login`.
"""
from __future__ import annotations

import re

from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from pqrlab.control.db import connect
from pqrlab.settings import Settings, SettingsError

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# An existing role is this login only when it is a plain login whose one membership is pqr_bi: never the
# administrator, a group role (service_role, pqr_*), an agent's login or a role others are members of.
_OTHER_ROLE = """SELECT NOT r.rolcanlogin OR r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication
    OR r.rolbypassrls OR EXISTS (SELECT FROM pg_auth_members m WHERE m.roleid = r.oid)
    OR EXISTS (SELECT FROM pg_auth_members m WHERE m.member = r.oid AND m.roleid <> 'pqr_bi'::regrole)
    FROM pg_roles r WHERE r.rolname = %s"""


def ensure_bi_login(dsn: str, user: str, password: str | None) -> None:
    """Create (or update) `user` as a LOGIN role that inherits `pqr_bi` and nothing else.

    An existing role of that name is updated only when it is such a login already (SettingsError otherwise).
    Without a password the role can log in only where PostgreSQL trusts the connection (the embedded
    server's socket); compose sets one.
    """
    if not ROLE_NAME.match(user):
        raise ValueError(f"invalid BI role name {user!r}: use lower-case letters, digits and _")
    with connect(dsn) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(4243)")
        exists = conn.execute(_OTHER_ROLE, (user,)).fetchone()
        if exists and exists[0]:
            raise SettingsError(f"PQR_BI_USER={user!r} names an existing role that is not a BI login (the "
                                "administrator, a project or agent role): choose a new name, e.g. pqr_bi_reader")
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
