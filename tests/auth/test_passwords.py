"""Passwords are stored only as scrypt hashes and checked in constant time."""

from __future__ import annotations

from app.auth.passwords import hash_password, verify_password


def test_hash_is_not_the_password_and_verifies() -> None:
    stored = hash_password("Пароль-1", n=2**10)
    assert "Пароль-1" not in stored
    assert stored.startswith("scrypt$")
    assert verify_password("Пароль-1", stored)
    assert not verify_password("Пароль-2", stored)


def test_same_password_gets_different_salts() -> None:
    assert hash_password("x", n=2**10) != hash_password("x", n=2**10)


def test_garbage_hash_never_verifies() -> None:
    assert not verify_password("x", "plain-text")
    assert not verify_password("x", "scrypt$1$2$3$!!$??")
