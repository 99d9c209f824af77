"""The stored form of a charge basis: `Basis.to_json()` as compact JSON text for
`operation.basis`. The plain-Russian explanation («почему столько») is not stored: it is a pure
function of these figures, rendered when asked for (`app.calc.basis.explain_stored`), which keeps
a run's rows 30 % smaller and spares it a rendering per distinct line that nobody reads.

A run stores a basis per line, so the conversion is the engine's own rule (Decimals and dates as
strings, enums as values, absent figures left out) written as a type dispatch without the
per-object `_asdict()`; `tests/billing/test_basis_json.py` holds it equal to `to_json()`. The
stored text is written directly (compact JSON, no intermediate dicts) and, within a chunk, once
per basis object (`BasisTexts`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from app.calc.basis import Basis

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
    return data


# --- the text written per line: the same JSON as compact `json.dumps(basis_dict(basis))`,
# written directly (no intermediate dicts, no encoder pass); the tests hold them equal.

_quote = json.encoder.encode_basestring  # the encoder's own string quoting (ensure_ascii=False)
_Write = Callable[[Any], str]
_WRITERS: dict[type, _Write] = {}


def _text(value: Any) -> str:
    t = type(value)
    writer = _WRITERS.get(t)
    if writer is None:
        writer = _writer(t)
    return writer(value)


def _record_writer(t: type) -> _Write:
    names = tuple(_quote(n) + ":" for n in t._fields)  # type: ignore[attr-defined]

    writers = _WRITERS

    def write(value: Any) -> str:
        parts = []
        for n, v in zip(names, value, strict=True):
            t = type(v)
            if t is Decimal:  # most figures: inlined
                parts.append(n + '"' + str(v) + '"')
            elif v is not None and v != ():  # absent figures are left out
                parts.append(n + (writers.get(t) or _writer(t))(v))
        return "{" + ",".join(parts) + "}"
    return write


def _writer(t: type) -> _Write:
    writer: _Write
    if t is type(None):
        writer = lambda v: "null"  # noqa: E731
    elif t is bool:
        writer = lambda v: "true" if v else "false"  # noqa: E731
    elif t is Decimal or t is date:
        writer = (lambda v: '"' + str(v) + '"') if t is Decimal \
            else (lambda v: '"' + v.isoformat() + '"')
    elif t is tuple or t is list:
        writer = lambda v: "[" + ",".join([_text(x) for x in v]) + "]"  # noqa: E731
    elif t is dict:
        writer = lambda v: "{" + ",".join(  # noqa: E731
            [_quote(str(k)) + ":" + _text(x) for k, x in v.items()]) + "}"
    elif issubclass(t, Enum):
        writer = lambda v: _text(v.value)  # noqa: E731
    elif issubclass(t, tuple) and hasattr(t, "_fields"):
        writer = _record_writer(t)  # the engine's NamedTuples
    elif issubclass(t, str):
        writer = _quote
    elif issubclass(t, int):
        writer = int.__repr__
    else:
        raise TypeError(f"not JSON-safe: {t!r}")
    _WRITERS[t] = writer
    return writer


def basis_text(basis: Basis) -> str:
    """The JSON text written to `operation.basis`."""
    body = _text(basis)
    if basis.pieces and any(p.zone for p in basis.pieces):
        body = _extend(body, '"zones":' + _text(list(basis.zones)))
    return body


class BasisTexts:
    """`basis_text` over one chunk, each text made once per basis object: the engine hands the
    same basis object to accounts with identical inputs (kept referenced here so its id cannot
    be reused by another object while the chunk lasts)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Basis, str]] = {}

    def __call__(self, basis: Basis) -> str:
        found = self._by_id.get(id(basis))
        if found is not None:
            return found[1]
        text = basis_text(basis)
        self._by_id[id(basis)] = (basis, text)
        return text


def _extend(body: str, member: str) -> str:
    """`body` (a JSON object's text) with one more member at the end."""
    return body[:-1] + ("," if body != "{}" else "") + member + "}"
