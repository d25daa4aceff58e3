"""Who may see which tickets: agent logins, their pipeline-owned scopes, signed tokens, role connections.

Row-level security (migrations 003 and 006) lets an agent see the tickets of the municipalities in
`core.agent_scopes` for its login role, or, on the Supabase path, in the claims of an HS256 token signed
with a secret stored by `set_jwt_secret`. Everything here runs with an administrator's DSN (a role that
may create roles and write `core.agent_scopes`), except `connect_as`, which opens a session as someone.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

AGENT_GROUP = "pqr_agent"
LOGIN_GROUPS = ("pqr_analyst", "pqr_bi", "pqr_agent")  # groups a person's login may join through grant_login
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
MUNICIPALITY_CODE = re.compile(r"[0-9]{5}")


class AccessError(ValueError):
    """A bad login name, municipality code or secret (a user error, said in one line)."""


def checked_login(login: str) -> str:
    if not LOGIN_NAME.fullmatch(login or "") or login.startswith(("pg_", "pqr_")):
        raise AccessError(f"login {login!r}: use lowercase letters, digits and _ (not pg_/pqr_ prefixes)")
    return login


def checked_codes(municipalities: Sequence[str]) -> list[str]:
    codes = sorted(set(municipalities))
    bad = [c for c in codes if not MUNICIPALITY_CODE.fullmatch(str(c))]
    if bad:
        raise AccessError(f"municipality codes {bad}: DIVIPOLA codes have five digits, e.g. '05001'")
    return codes


def grant_agent(dsn: str, login: str, municipalities: Sequence[str], triage: bool = False,
                password: str | None = None) -> None:
    """Create (or keep) the LOGIN role `login` in pqr_agent and set its scope in `core.agent_scopes`."""
    login, codes = checked_login(login), checked_codes(municipalities)
    with psycopg.connect(dsn) as conn:
        _ensure_login(conn, login, password)
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(AGENT_GROUP), sql.Identifier(login)))
        conn.execute("""INSERT INTO core.agent_scopes (login, municipalities, triage) VALUES (%s, %s, %s)
                        ON CONFLICT (login) DO UPDATE SET municipalities = EXCLUDED.municipalities,
                          triage = EXCLUDED.triage, granted_by = session_user, granted_at = now()""",
                     (login, codes, triage))


def grant_login(dsn: str, login: str, group: str, password: str | None = None) -> None:
    """Create (or keep) the LOGIN role `login` as a member of `group` (an analyst, a BI tool, PostgREST).

    A `pqr_agent` member made here has no row in `core.agent_scopes`: it sees tickets only through a
    verified token (PostgREST's path); use `grant_agent` for a person's agent login.
    """
    login = checked_login(login)
    if group not in LOGIN_GROUPS:
        raise AccessError(f"group {group!r}: logins join one of {', '.join(LOGIN_GROUPS)}")
    with psycopg.connect(dsn) as conn:
        _ensure_login(conn, login, password)
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login)))


def _ensure_login(conn: psycopg.Connection, login: str, password: str | None) -> None:
    """Create the login, or keep an existing one that is a plain login (never a group, superuser or bypasser)."""
    found = conn.execute("SELECT rolcanlogin AND NOT rolsuper AND NOT rolbypassrls AND NOT rolcreaterole "
                         "FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
    if found is None:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN INHERIT").format(sql.Identifier(login)))
    elif not found[0]:
        raise AccessError(f"role {login!r} exists and is not a plain login: choose another name")
    if password is not None:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(login), sql.Literal(password)))


def revoke_agent(dsn: str, login: str) -> None:
    """Remove the login's scope (it then sees nothing) and its membership in pqr_agent."""
    login = checked_login(login)
    with psycopg.connect(dsn) as conn:
        conn.execute("DELETE FROM core.agent_scopes WHERE login = %s", (login,))
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(AGENT_GROUP), sql.Identifier(login)))


def revoke_login(dsn: str, login: str, group: str) -> None:
    """Take `login` out of `group` (the reverse of grant_login)."""
    login = checked_login(login)
    if group not in LOGIN_GROUPS:
        raise AccessError(f"group {group!r}: logins join one of {', '.join(LOGIN_GROUPS)}")
    with psycopg.connect(dsn) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(login)))


def set_jwt_secret(dsn: str, secret: str) -> None:
    """Store the project's JWT secret (as Supabase's; at least 32 characters) for token verification."""
    if len(secret) < 32:
        raise AccessError("the JWT secret must have at least 32 characters")
    with psycopg.connect(dsn) as conn:
        conn.execute("INSERT INTO pqr_private.jwt_secrets (secret) VALUES (%s) ON CONFLICT DO NOTHING", (secret,))


def revoke_jwt_secret(dsn: str, secret: str) -> None:
    """Stop accepting tokens signed with `secret` (key rotation, or the end of a demo)."""
    with psycopg.connect(dsn) as conn:
        conn.execute("DELETE FROM pqr_private.jwt_secrets WHERE secret = %s", (secret,))


def base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_token(claims: dict, secret: str, lifetime_s: int = 3600) -> str:
    """An HS256 JWT with `claims` (and `exp` unless given), as Supabase's auth would issue it."""
    payload = {"exp": int(time.time()) + lifetime_s, **claims}
    head = base64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = base64url(json.dumps(payload).encode())
    signature = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64url(signature)}"


def login_dsn(dsn: str, login: str, password: str | None = None) -> str:
    """`dsn` with another user (same host, port, database), with its password if it needs one."""
    params = conninfo_to_dict(dsn)
    params.pop("password", None)
    if password is not None:
        params["password"] = password
    return make_conninfo(**{**params, "user": login})


@contextmanager
def connect_as(dsn: str, role: str, login: bool = False, token: str | None = None,
               password: str | None = None) -> Iterator[psycopg.Connection]:
    """A connection acting as `role`: logged in as it (`login=True`) or `SET ROLE` to it from `dsn`'s user.

    Only a login proves anything about access: a superuser's session may `SET ROLE` to anyone.
    `token` is sent the way PostgREST passes the Authorization header (`request.headers`). Autocommit,
    so a refused statement does not poison the next one.
    """
    target = login_dsn(dsn, role, password) if login else dsn
    with psycopg.connect(target, autocommit=True) as conn:
        if not login:
            conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        if token is not None:
            conn.execute("SELECT set_config('request.headers', %s, false)",
                         (json.dumps({"authorization": f"Bearer {token}"}),))
        yield conn
