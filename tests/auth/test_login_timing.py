"""Login takes the same work whether the user exists or not, so user names cannot be found by
timing: every attempt runs scrypt exactly once, with the same cost parameters."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import update

from app.auth import passwords
from app.auth.login import login
from app.db import Database
from app.errors import AccessDenied
from app.models import User
from tests.factories import make_user


@pytest.fixture
def scrypt_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The cost parameter `n` of every scrypt the login runs (the real KDF, counted)."""
    calls: list[int] = []
    real = hashlib.scrypt

    def counted(password: bytes, **kw: int) -> bytes:
        calls.append(int(kw["n"]))
        return real(password, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(passwords.hashlib, "scrypt", counted)
    return calls


def _attempt(db: Database, name: str, password: str) -> str:
    try:
        login(db, name, password)
    except AccessDenied as exc:
        return exc.message
    return "ok"


def test_unknown_disabled_and_known_users_run_the_same_kdf_once(
        db: Database, scrypt_calls: list[int]) -> None:
    make_user(db, "ivanova", ["viewer"], password="верный-пароль")
    make_user(db, "petrov", ["viewer"], password="верный-пароль")
    with db.sessions() as s, s.begin():
        s.execute(update(User).where(User.login == "petrov").values(active=False))
    scrypt_calls.clear()

    outcomes = {}
    for label, name, password in [("known", "ivanova", "верный-пароль"),
                                  ("wrong", "ivanova", "не тот"),
                                  ("unknown", "nobody", "верный-пароль"),
                                  ("disabled", "petrov", "верный-пароль")]:
        before = len(scrypt_calls)
        outcomes[label] = _attempt(db, name, password)
        assert len(scrypt_calls) - before == 1, f"{label}: scrypt ran {len(scrypt_calls) - before}×"
    assert len(set(scrypt_calls)) == 1, f"different costs: {scrypt_calls}"
    assert scrypt_calls[0] == 2**15
    assert outcomes["known"] == "ok"
    assert outcomes["wrong"] == outcomes["unknown"] == "Неверный логин или пароль"
    assert "заблокирован" in outcomes["disabled"]


def test_a_disabled_user_with_a_wrong_password_hears_only_wrong_password(db: Database) -> None:
    make_user(db, "petrov", ["viewer"], password="верный-пароль")
    with db.sessions() as s, s.begin():
        s.execute(update(User).where(User.login == "petrov").values(active=False))
    assert _attempt(db, "petrov", "угадываю") == "Неверный логин или пароль"
