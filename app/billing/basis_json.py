"""The stored form of a charge basis: `Basis.to_json()` plus the plain-Russian `explanation`
(«почему столько» on the account card), as compact JSON text for `operation.basis`.

A run stores a basis per line, so the conversion is the engine's own rule (Decimals and dates as
strings, enums as values, absent figures left out) written as a type dispatch without the
per-object `_asdict()`; `tests/billing/test_basis_json.py` holds it equal to `to_json()`.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from app.calc.basis import Basis

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_PLAIN, _DECIMAL, _RECORD, _SEQ, _ENUM, _DATE, _DICT = range(7)
_KINDS: dict[type, int] = {str: _PLAIN, int: _PLAIN, bool: _PLAIN, type(None): _PLAIN,
                           Decimal: _DECIMAL, tuple: _SEQ, list: _SEQ, date: _DATE, dict: _DICT}


def _kind(t: type) -> int:
    if issubclass(t, Enum):
        kind = _ENUM
    elif issubclass(t, tuple) and hasattr(t, "_fields"):
        kind = _RECORD  # the engine's NamedTuples
    elif issubclass(t, str | int):
        kind = _PLAIN
    else:
        raise TypeError(f"not JSON-safe: {t!r}")
    _KINDS[t] = kind
    return kind


def _plain(value: Any) -> Any:
    t = type(value)
    kind = _KINDS.get(t)
    if kind is None:
        kind = _kind(t)
    if kind == _PLAIN:
        return value
    if kind == _DECIMAL:
        return str(value)
    if kind == _RECORD:
        return {n: _plain(v) for n, v in zip(t._fields, value, strict=True)
                if v is not None and v != ()}
    if kind == _SEQ:
        return [_plain(v) for v in value]
    if kind == _ENUM:
        return value.value
    if kind == _DATE:
        return value.isoformat()
    return {str(k): _plain(v) for k, v in value.items()}


def basis_dict(basis: Basis) -> dict[str, Any]:
    data: dict[str, Any] = _plain(basis)
    if basis.pieces and any(p.zone for p in basis.pieces):
        data["zones"] = _plain(list(basis.zones))
    data["explanation"] = basis.explain()
    return data


def basis_text(basis: Basis) -> str:
    """The JSON text written to `operation.basis`."""
    return _dumps(basis_dict(basis))
