"""The fast QR encoder draws exactly segno's code: module for module, at every version."""

from __future__ import annotations

import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from app.print.qrcode import qr_matrix, version_for


def _segno(data: bytes) -> tuple[bytes, ...]:
    code = segno.make_qr(data, mode="byte", error="m", boost_error=False, mask=0)
    assert code.version == version_for(len(data))
    return tuple(bytes(row) for row in code.matrix)


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=0, max_size=2331))  # up to version 40 at error correction M
def test_the_matrix_is_segnos_for_any_bytes(data: bytes) -> None:
    assert qr_matrix(data) == _segno(data)


def test_the_matrix_is_segnos_at_each_version_boundary() -> None:
    lengths = {0}
    for version in range(1, 41):
        capacity = segno.consts.SYMBOL_CAPACITY[version][segno.consts.ERROR_LEVEL_M]
        count = 8 if version < 10 else 16
        fits = (capacity - 4 - count) // 8
        lengths |= {fits, fits + 1} if version < 40 else {fits}
    for length in sorted(lengths):
        data = bytes((i * 37 + length) % 256 for i in range(length))
        assert qr_matrix(data) == _segno(data), length
