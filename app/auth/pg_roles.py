"""PostgreSQL roles for a shared server (issue #23): who may change what, enforced by the
database itself, not only by the program.

- the **owner** role owns the schema and every table: migrations (`kvartal db upgrade`) and user
  administration run on a connection as the owner;
- the **application** role is what workstations connect as: it reads and writes the business
  tables, but cannot change the schema (no CREATE, owns nothing), may only add to the audit log
  (SELECT, INSERT — no UPDATE or DELETE, and the append-only trigger besides), and may only read
  users, roles and rights — except the login counters of `app_user` (failed logins, lockout,
  last login), which every login writes. Creating a user, granting a role or a right needs the
  owner's connection: a workstation that knows only the application role's password cannot make
  itself an administrator.

`roles_sql` writes the set-up script (idempotent: run it again after each schema upgrade, so the
new tables get their grants); `kvartal db roles` prints it or applies it.
"""

from __future__ import annotations

import re

from app.models import Base

USER_TABLES = ("app_user", "user_role", "user_scope", "custom_role", "custom_role_right")
APPEND_ONLY = ("audit_entry",)
LOGIN_COLUMNS = ("failed_logins", "locked_until", "last_login_at")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _ident(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"role or database name {name!r}: latin lower case, digits, _")
    return name


def roles_sql(database: str, owner: str = "kvartal_owner", app: str = "kvartal_app") -> str:
    database, owner, app = _ident(database), _ident(owner), _ident(app)
    tables = [t.name for t in Base.metadata.sorted_tables]
    business = [t for t in tables if t not in USER_TABLES + APPEND_ONLY]
    lines = [
        f"-- Kvartal: roles for the database {database} (run as a superuser; again after each",
        "-- schema upgrade). Passwords are set apart: ALTER ROLE … PASSWORD '…';",
        *(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{r}') THEN "
          f"CREATE ROLE {r} LOGIN; END IF; END $$;" for r in (owner, app)),
        f"ALTER ROLE {app} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;",
        f"ALTER DATABASE {database} OWNER TO {owner};",
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC;",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app};",
        f"ALTER SCHEMA public OWNER TO {owner};",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC;",
        f"GRANT USAGE ON SCHEMA public TO {app};",
        "-- the owner owns every table (and so its sequences and triggers)",
        *(f"ALTER TABLE public.{t} OWNER TO {owner};" for t in [*tables, "alembic_version"]),
        "ALTER FUNCTION public.audit_entry_append_only() OWNER TO " + f"{owner};",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {app};",
        "-- business tables: read and write rows",
        *(f"GRANT SELECT, INSERT, UPDATE, DELETE ON public.{t} TO {app};" for t in business),
        "-- the audit log: add and read, never change",
        *(f"GRANT SELECT, INSERT ON public.{t} TO {app};" for t in APPEND_ONLY),
        "-- users, roles and rights: read only; a login writes its own counters",
        *(f"GRANT SELECT ON public.{t} TO {app};" for t in USER_TABLES),
        f"GRANT UPDATE ({', '.join(LOGIN_COLUMNS)}) ON public.app_user TO {app};",
        f"GRANT SELECT ON public.alembic_version, public.app_meta TO {app};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};",
    ]
    return "\n".join(lines) + "\n"
