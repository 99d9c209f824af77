"""Choosing a shared server: each way a connection fails has its own message; an older shared
schema is the administrator's upgrade, never a workstation's side effect; `kvartal server init`
makes a new shared database and touches no other."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.admin.connection import ServerAddress, Verdict, classify_connect_error, probe
from app.admin.upgrade import prepare_schema
from app.auth.login import has_users, login
from app.cli import main
from app.db import Database
from app.errors import DatabaseProblem, DomainError
from app.schema import alembic_config, current_revision, head_revision


def address_of(url: str) -> ServerAddress:
    u = make_url(url)
    return ServerAddress(u.host or "127.0.0.1", u.port or 5432, u.database or "", u.username or "")


def test_a_kvartal_server_at_this_version_is_ready(pg_url: str) -> None:
    result = probe(address_of(pg_url))
    assert result.verdict is Verdict.READY and result.usable
    assert "Подключение проверено" in result.message


def test_an_empty_database_is_usable_and_says_how_it_gets_its_schema(empty_pg_url: str) -> None:
    result = probe(address_of(empty_pg_url))
    assert result.verdict is Verdict.EMPTY and result.usable
    assert "kvartal server init" in result.message


def test_a_missing_database_is_named(pg_url: str) -> None:
    address = ServerAddress("127.0.0.1", 5432, "no_such_kvartal_db", "postgres")
    result = probe(address)
    assert result.verdict is Verdict.NO_DATABASE and not result.usable
    assert "no_such_kvartal_db" in result.message


def test_a_server_that_does_not_answer_is_told_apart(pg_url: str) -> None:
    result = probe(ServerAddress("127.0.0.1", 1, "kvartal", "postgres"))
    assert result.verdict is Verdict.NO_ROUTE
    assert "не отвечает" in result.message


def test_an_unknown_user_is_refused_as_user_or_password(pg_url: str) -> None:
    result = probe(ServerAddress("127.0.0.1", 5432, "postgres", "no_such_role_kvartal"))
    assert result.verdict is Verdict.WRONG_PASSWORD
    assert "пользователя или пароль" in result.message


@pytest.mark.parametrize(("libpq_says", "verdict"), [
    ('connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
     'failed for user "kassa"', Verdict.WRONG_PASSWORD),
    ('connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied',
     Verdict.NEEDS_PASSWORD),
    ('connection to server at "10.0.0.5", port 5432 failed: timeout expired', Verdict.NO_ROUTE),
])
def test_libpq_failures_are_classified_by_what_the_server_said(libpq_says: str,
                                                               verdict: Verdict) -> None:
    # the password paths cannot be driven here: the test server trusts every local connection
    assert classify_connect_error(Exception(libpq_says)) is verdict


def test_a_foreign_database_is_not_ours(empty_pg_url: str) -> None:
    engine = create_engine(empty_pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE clients (id int)"))
    engine.dispose()
    assert probe(address_of(empty_pg_url)).verdict is Verdict.NOT_OURS


def test_an_older_shared_schema_is_refused_by_a_workstation_and_left_as_it_was(
        empty_pg_url: str, tmp_path: Path) -> None:
    db = Database(empty_pg_url)
    try:
        db.upgrade()
        command.downgrade(alembic_config(db.engine), "-1")
        older = current_revision(db.engine)
        result = probe(address_of(empty_pg_url))
        assert result.verdict is Verdict.OLDER and "kvartal db upgrade" in result.message
        with pytest.raises(DatabaseProblem, match="kvartal db upgrade"):
            prepare_schema(db, tmp_path)
        assert current_revision(db.engine) == older
        assert not list(tmp_path.iterdir())  # no copy either: nothing was done
    finally:
        db.engine.dispose()


def test_a_newer_schema_tells_the_workstation_to_update(empty_pg_url: str) -> None:
    db = Database(empty_pg_url)
    try:
        db.upgrade()
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        result = probe(address_of(empty_pg_url))
        assert result.verdict is Verdict.NEWER and "Обновите программу" in result.message
    finally:
        db.engine.dispose()


def test_an_older_local_file_is_copied_then_upgraded_on_opening(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}", create=True)
    try:
        command.upgrade(alembic_config(db.engine), "0003")
        prepare_schema(db, tmp_path / "copies")
        assert current_revision(db.engine) == head_revision(db.engine)
        assert len(list((tmp_path / "copies").glob("kvartal-*.db"))) == 1
    finally:
        db.engine.dispose()


def test_server_init_makes_the_schema_and_the_first_administrator(
        empty_pg_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KVARTAL_PASSWORD", "s3cret-admin")
    assert main(["server", "init", "--db", empty_pg_url, "--admin", "chief",
                 "--name", "Петрова Анна Сергеевна"]) == 0
    assert "администратор «chief»" in capsys.readouterr().out
    db = Database(empty_pg_url)
    try:
        assert current_revision(db.engine) == head_revision(db.engine)
        assert login(db, "chief", "s3cret-admin").full_name == "Петрова Анна Сергеевна"
    finally:
        db.engine.dispose()
    # a second time the database is not empty: refused, nothing changed
    assert main(["server", "init", "--db", empty_pg_url, "--name", "Другой"]) == 2
    assert "не пуста" in capsys.readouterr().err


def test_server_init_with_a_bad_password_leaves_the_database_empty(
        empty_pg_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KVARTAL_PASSWORD", "123")
    assert main(["server", "init", "--db", empty_pg_url, "--name", "Петрова"]) == 2
    assert "не короче" in capsys.readouterr().err
    db = Database(empty_pg_url)
    try:
        assert db.is_empty()
    finally:
        db.engine.dispose()


def test_server_init_refuses_a_database_holding_kvartal_data(pg_url: str) -> None:
    from app.admin.server import init_server

    db = Database(pg_url)
    try:
        users_before = has_users(db)
        with pytest.raises(DomainError, match="не пуста"):
            init_server(db, "admin", "Иванов", "secret1", "secret1")
        assert has_users(db) == users_before
    finally:
        db.engine.dispose()
