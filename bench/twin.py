"""A twin of a SQLite table for the baselines: the same columns, keys, indexes and foreign keys
under another name, so the plain driver pays for every check the real insert pays for."""

from __future__ import annotations

from collections.abc import Callable, Iterable

TWIN_QUERY = ("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
              "ORDER BY type DESC")  # the table first, then its indexes


def sqlite_twin_ddl(definitions: Iterable[str], table: str, twin: str) -> list[str]:
    """The CREATE statements of `table` (as `TWIN_QUERY` lists them) rewritten for `twin`."""
    return [sql.replace(f"CREATE TABLE {table}", f"CREATE TABLE {twin}")
            .replace(f" ON {table} ", f" ON {twin} ")
            .replace("INDEX ix_", f"INDEX ix_{twin}_")
            for sql in definitions]


def create_sqlite_twin(fetch: Callable[[str, str], Iterable[str]],
                       run: Callable[[str], object], table: str, twin: str) -> None:
    """`fetch(query, table)` returns the definitions; `run(sql)` executes one statement."""
    for sql in sqlite_twin_ddl(list(fetch(TWIN_QUERY, table)), table, twin):
        run(sql)
