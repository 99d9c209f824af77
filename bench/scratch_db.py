"""A PostgreSQL database of a bench's own, created empty and dropped afterwards, so a bench never
touches the `test` database other work may be using.

    with scratch_pg("postgresql+psycopg://postgres@127.0.0.1:5432/test", "kvartal_bench") as url:
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text


@contextmanager
def scratch_pg(server_url: str, name: str) -> Iterator[str]:
    """`server_url`: any database of the server (its credentials are used); yields the URL of
    the new database `name`."""
    admin_url = make_url(server_url).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
