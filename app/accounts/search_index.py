"""The lookup index (`AccountSearchToken`): the words an operator may type to find an account.

    field 1  the account number            "0000010014"
    field 2  payer and resident names      "иванов", "иван", "петрович"
    field 3  street words, no type         "ленина" (of "ул. Ленина")
    field 4  house                         "5к1" and "5"
    field 5  flat (premise number)         "12"
    field 6  a person's whole name         "иванова мария петровна" (so a typed full name is
             one range scan, not an intersection of three common words)

`rebuild_search_index(db)` rebuilds it for every account in bulk (a million accounts in about a
minute: rows are streamed, written with COPY / executemany and the indexes built once at the end);
`index_account(session, id)` refreshes one account inside the caller's transaction — call it from
any use case that changes an account's payer, residents or address.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateIndex, CreateTable, DropIndex

from app.accounts.text import MAX_TOKEN, flat_token, house_tokens, street_words, words
from app.bulk import write_rows
from app.db import Database
from app.models import Account, AccountSearchToken, Building, Person, Premise, Registration

NUMBER, NAME, STREET, HOUSE, FLAT, PERSON = 1, 2, 3, 4, 5, 6

TokenRow = tuple[str, int, int]  # token, account_id, field

_BATCH = 20_000


def building_tokens(street: str, house: str) -> list[tuple[str, int]]:
    """(token, field) pairs every account of a building shares."""
    out = [(w, STREET) for w in street_words(street)]
    out += [(h, HOUSE) for h in house_tokens(house)]
    return out


def account_tokens(
    account_id: int,
    number: str,
    premise_number: str,
    names: Iterable[str],
    building: list[tuple[str, int]],
) -> set[TokenRow]:
    """All rows of one account; `names` = payer name and current residents' full names."""
    rows: set[TokenRow] = {(number, account_id, NUMBER)}
    for name in names:
        ws = words(name)
        rows.update((w, account_id, NAME) for w in ws)
        if len(ws) > 1:
            rows.add((" ".join(ws)[:MAX_TOKEN], account_id, PERSON))
    rows.update((tok, account_id, fld) for tok, fld in building)
    flat = flat_token(premise_number)
    if flat:
        rows.add((flat, account_id, FLAT))
    return rows


def _current(today: date) -> Any:
    return (Registration.date_to.is_(None)) | (Registration.date_to >= today)


def index_account(session: Session, account_id: int, today: date | None = None) -> None:
    """Replace one account's rows, in the caller's transaction."""
    today = today or date.today()
    session.execute(delete(AccountSearchToken).where(AccountSearchToken.account_id == account_id))
    row = session.execute(
        select(Account.number, Account.payer_name, Account.premise_id, Premise.number,
               Building.street, Building.house)
        .join(Premise, Premise.id == Account.premise_id)
        .join(Building, Building.id == Premise.building_id)
        .where(Account.id == account_id)
    ).one_or_none()
    if row is None:
        return
    number, payer, premise_id, flat, street, house = row
    residents = session.execute(
        select(Person.last_name, Person.first_name, Person.middle_name)
        .join(Registration, Registration.person_id == Person.id)
        .where(Registration.premise_id == premise_id, _current(today))
    ).all()
    names = [payer] + [" ".join(p for p in r if p) for r in residents]
    rows = account_tokens(account_id, number, flat, names, building_tokens(street, house))
    session.execute(
        insert(AccountSearchToken),
        [{"token": t, "account_id": a, "field": f} for t, a, f in sorted(rows)],
    )


def index_premise(session: Session, premise_id: int, today: date | None = None) -> None:
    """Refresh every account of a premise (its residents changed)."""
    ids = session.scalars(select(Account.id).where(Account.premise_id == premise_id)).all()
    for account_id in ids:
        index_account(session, account_id, today)


# --- bulk rebuild --------------------------------------------------------------------------

def _all_rows(conn: Connection, today: date) -> Iterator[list[TokenRow]]:
    """Every account's rows, in batches; accounts and residents are merged by premise."""
    buildings = {
        bid: building_tokens(street, house)
        for bid, street, house in conn.execute(select(Building.id, Building.street, Building.house))
    }
    accounts = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
        select(Account.id, Account.number, Account.payer_name, Account.premise_id,
               Premise.number, Premise.building_id)
        .join(Premise, Premise.id == Account.premise_id)
        .order_by(Account.premise_id, Account.id)
    )
    residents = _residents_by_premise(conn, today)
    pending = next(residents, None)
    batch: list[TokenRow] = []
    for acc_id, number, payer, premise_id, flat, building_id in accounts:
        while pending is not None and pending[0] < premise_id:
            pending = next(residents, None)
        names = [payer]
        if pending is not None and pending[0] == premise_id:
            names += pending[1]
        batch.extend(account_tokens(acc_id, number, flat, names, buildings[building_id]))
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _residents_by_premise(conn: Connection, today: date) -> Iterator[tuple[int, list[str]]]:
    """(premise_id, [full names]) in premise order; a second cursor streamed beside accounts."""
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
        select(Registration.premise_id, Person.last_name, Person.first_name, Person.middle_name)
        .join(Person, Person.id == Registration.person_id)
        .where(_current(today))
        .order_by(Registration.premise_id)
    )
    current: int | None = None
    names: list[str] = []
    for premise_id, last, first, middle in result:
        if premise_id != current:
            if current is not None:
                yield current, names
            current, names = premise_id, []
        names.append(" ".join(p for p in (last, first, middle) if p))
    if current is not None:
        yield current, names


def rebuild_search_index(db: Database, today: date | None = None) -> None:
    """Drop every row and index all accounts again, in one transaction (readers wait or see
    the old index until it commits)."""
    today = today or date.today()
    if db.dialect == "postgresql":
        _rebuild_postgresql(db, today)
    else:
        _rebuild_sqlite(db, today)


_TABLE: Table = AccountSearchToken.__table__  # type: ignore[assignment]
# as the models and migration 0001 name them; spelled out because SQLAlchemy's Add/DropConstraint
# would mark the Table's own constraints as "added later" and leave them out of CREATE TABLE
_PG_CONSTRAINTS = (
    ("pk_account_search_token", "PRIMARY KEY (token, account_id, field)"),
    ("fk_account_search_token_account_id_account",
     "FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE"),
)
_INDEXES = sorted(_TABLE.indexes, key=lambda i: str(i.name))
_TMP_COLUMNS = ("token", "account_id", "field")
# into the real table in key order: appending to a b-tree in order is several times faster
_FROM_TEMP = text("INSERT INTO account_search_token (token, account_id, field) "
                  "SELECT token, account_id, field FROM tmp_search_token "
                  "ORDER BY token, account_id, field")


def _rebuild_sqlite(db: Database, today: date) -> None:
    # the rows go to an unindexed temp table first, then into a freshly created WITHOUT ROWID
    # table in key order (appending to a b-tree in order is several times faster than random
    # inserts), and the second index is built once at the end. The foreign key is not checked
    # row by row: every account_id was just read from `account`, and accounts are never deleted.
    with db.engine.connect() as reader, db.engine.connect() as writer:
        writer.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, as it must
        writer.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS tmp_search_token "
                               "(token TEXT, account_id INTEGER, field INTEGER)")
        writer.exec_driver_sql("DELETE FROM tmp_search_token")
        write_rows(writer, "tmp_search_token", _TMP_COLUMNS,
                   chain.from_iterable(_all_rows(reader, today)))
        reader.rollback()
        _TABLE.drop(writer)
        writer.execute(CreateTable(_TABLE))
        writer.execute(_FROM_TEMP)
        for ix in _INDEXES:
            writer.execute(CreateIndex(ix))
        writer.execute(text("DROP TABLE tmp_search_token"))
        writer.commit()
        writer.exec_driver_sql("PRAGMA foreign_keys=ON")
        writer.exec_driver_sql("PRAGMA analysis_limit=2000")  # statistics from a sample
        writer.execute(text("ANALYZE account_search_token"))
        writer.commit()


def _rebuild_postgresql(db: Database, today: date) -> None:
    # COPY into a temp table while the accounts are read, then swap in one statement set: the
    # table loses its keys, takes the rows, and gets its primary key, index and foreign key back
    # built once (per-row index upkeep and FK triggers would take ten times longer). Dropping the
    # FK locks `account`, so it waits until the reader is done.
    with db.engine.connect() as reader, db.engine.connect() as writer:
        writer.execute(text("CREATE TEMP TABLE tmp_search_token "
                            "(token text COLLATE \"C\", account_id integer, field smallint) "
                            "ON COMMIT DROP"))
        write_rows(writer, "tmp_search_token", _TMP_COLUMNS,
                   chain.from_iterable(_all_rows(reader, today)))
        reader.rollback()
        writer.execute(text("TRUNCATE account_search_token"))
        for ix in _INDEXES:
            writer.execute(DropIndex(ix, if_exists=True))
        for name, _ in _PG_CONSTRAINTS:
            writer.exec_driver_sql(f"ALTER TABLE account_search_token DROP CONSTRAINT {name}")
        writer.execute(_FROM_TEMP)
        for name, definition in _PG_CONSTRAINTS:
            writer.exec_driver_sql(
                f"ALTER TABLE account_search_token ADD CONSTRAINT {name} {definition}")
        for ix in _INDEXES:
            writer.execute(CreateIndex(ix))
        writer.commit()
    # index-only scans need the visibility map; the planner needs fresh statistics
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE account_search_token"))
