"""Password hashes with scrypt (memory-hard, in the standard library): never stored plain."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# 2^15 × 8 × 128 bytes = 32 MiB per hash: costly for a cracker, ~0.1 s for a login
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


# What an unknown login is checked against: the same cost as a real hash, and a digest no
# password produces (not the output of scrypt), so the check always fails after the same work
UNUSABLE_HASH = (f"scrypt${_N}${_R}${_P}${base64.b64encode(bytes(16)).decode()}$"
                 "dW51c2FibGUtLW5vLXBhc3N3b3JkLWhhc2hlcy10by1pdA==")


def hash_password(password: str, *, n: int = _N, salt: bytes | None = None) -> str:
    """`salt` is for reproducible fixtures only (the demo town's published passwords)."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=_R, p=_P, maxmem=_MAXMEM, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)
