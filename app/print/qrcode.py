"""QR matrices for mass printing: segno's encoding with the per-version work done once.

A payment document's QR is byte mode, error correction M, mask 0 (`app.print.barcodes`). For
one version everything but the data is the same in every code — the finder, timing and
alignment patterns, format and version information, the path the bits take through the matrix
and the mask — so it is taken once from segno (its tables and one code it draws) and kept. A
code then costs the data codewords, the Reed–Solomon remainders (a Python int used as a
shift register, one step per byte) and three C-level passes: bytes to bits, the bits to their
places, the mask. About 20 times faster than `segno.make_qr` with the mask given, and
module for module the same matrix (tests/print/test_qrcode.py compares them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

import segno
from segno import consts, encoder

_M = consts.ERROR_LEVEL_M
# segno's tables (version → error level → …), typed for the checker
_CAPACITY = cast(dict[int, dict[int, int]], consts.SYMBOL_CAPACITY)  # data bits
_ECC = cast(dict[int, dict[int, tuple[Any, ...]]], consts.ECC)
_MODE_BYTE = consts.MODE_BYTE
# each byte as its eight bits, one byte 0/1 each, most significant first
_BITS = tuple(bytes((b >> (7 - i)) & 1 for i in range(8)) for b in range(256))
_PAD = (0xEC, 0x11)
_REMAINDER_BITS = {v: 7 for v in range(2, 7)} | {v: 3 for v in (*range(14, 21), *range(28, 35))} \
    | {v: 4 for v in range(21, 28)}


@dataclass(frozen=True)
class _Version:
    version: int
    size: int
    capacity: int  # data bits
    count_bits: int  # the character count indicator's length in byte mode
    blocks: tuple[tuple[int, int], ...]  # (data codewords, error codewords) of each block
    ecc_tables: dict[int, tuple[int, ...]]  # error codewords → the generator times each byte
    places: itemgetter[bytes]  # picks each module's bit out of the message's bits
    sentinel: int  # the index of the extra 0 the function modules pick
    # a byte a module, as one integer (so XOR and OR go module by module):
    template: int  # function patterns, format and version information (1 = dark)
    mask: int  # mask 0 over the encoding region


def _count_bits(version: int) -> int:
    return consts.CHAR_COUNT_INDICATOR_LENGTH[_MODE_BYTE][encoder.version_range(version)]


def version_for(length: int) -> int:
    """The smallest version that holds `length` bytes at error correction M (as segno picks)."""
    for version in range(1, 41):
        if _CAPACITY[version][_M] >= 4 + _count_bits(version) + 8 * length:
            return version
    raise ValueError(f"QR-код не вмещает {length} байт")


@lru_cache(maxsize=8)
def _ecc_table(n: int) -> tuple[int, ...]:
    """For each feedback byte f, the generator polynomial times f as an n-byte integer."""
    gen, exp, log = consts.GEN_POLY[n], consts.GALIOS_EXP, consts.GALIOS_LOG
    table = [0]
    for f in range(1, 256):
        table.append(int.from_bytes(bytes(exp[log[f] + g] for g in gen), "big"))
    return tuple(table)


@lru_cache(maxsize=40)
def _version(version: int) -> _Version:
    size = encoder.calc_matrix_size(version)
    # the encoding region, as segno marks it before placing the codewords
    region = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(region, size, size)
    encoder.add_alignment_patterns(region, size, size)
    region[-8][8] = 0x1  # the dark module
    free = [[region[i][j] > 0x1 for j in range(size)] for i in range(size)]
    # the order the bits take: two-module columns from the right, up and down in turn
    order: list[tuple[int, int]] = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = size - 1 - vertical if upwards else vertical
                if free[i][j]:
                    order.append((i, j))
    ec = _ECC[version][_M]
    blocks = tuple((e.num_data, e.num_total - e.num_data) for e in ec for _ in range(e.num_blocks))
    bits = 8 * sum(d + e for d, e in blocks) + _REMAINDER_BITS.get(version, 0)
    sentinel = bits
    source = [sentinel] * (size * size)
    for k, (i, j) in enumerate(order[:bits]):
        source[i * size + j] = k
    # one code of this version drawn by segno, its encoding region cleared: the template
    capacity = _CAPACITY[version][_M]
    filler = b"a" * ((capacity - 4 - _count_bits(version)) // 8)
    sample = segno.make_qr(filler, mode="byte", error="m", boost_error=False, mask=0,
                           version=version)
    template = bytearray(size * size)
    mask = bytearray(size * size)
    for i in range(size):
        for j in range(size):
            if free[i][j]:
                mask[i * size + j] = (i + j) % 2 == 0  # mask 0
            else:
                template[i * size + j] = sample.matrix[i][j]
    return _Version(version, size, capacity, _count_bits(version), blocks,
                    {e: _ecc_table(e) for _, e in blocks}, itemgetter(*source), sentinel,
                    int.from_bytes(template, "big"), int.from_bytes(mask, "big"))


def _data_codewords(data: bytes, v: _Version) -> bytes:
    """Mode, count, the bytes, terminator and padding — bit for bit as segno writes them."""
    length = 4 + v.count_bits + 8 * len(data)
    value = (((_MODE_BYTE << v.count_bits) | len(data)) << 8 * len(data)) | int.from_bytes(
        data, "big")
    terminator = min(v.capacity - length, 4)
    value <<= terminator
    length += terminator
    padding = 8 - length % 8  # segno adds a whole zero byte when already on a boundary
    value <<= padding
    length += padding
    out = value.to_bytes(length // 8, "big")
    pads = v.capacity // 8 - len(out)
    return out + bytes(_PAD[i % 2] for i in range(max(pads, 0)))


def _ecc(block: bytes, n: int, table: tuple[int, ...]) -> bytes:
    """The n error codewords of a block: the remainder of its division by the generator."""
    shift = 8 * (n - 1)
    full = (1 << 8 * n) - 1
    rem = 0
    for byte in block:
        rem = ((rem << 8) & full) ^ table[(rem >> shift) ^ byte]
    return rem.to_bytes(n, "big")


def qr_modules(data: bytes) -> tuple[int, bytes]:
    """The QR of `data` (byte mode, EC level M, mask 0): its size and its modules, row after
    row, one byte each (1 = dark)."""
    v = _version(version_for(len(data)))
    codewords = _data_codewords(data, v)
    data_blocks, ecc_blocks = [], []
    at = 0
    for count, n in v.blocks:
        block = codewords[at:at + count]
        at += count
        data_blocks.append(block)
        ecc_blocks.append(_ecc(block, n, v.ecc_tables[n]))
    longest = max(len(b) for b in data_blocks)
    message = bytearray()
    for k in range(longest):
        message.extend(b[k] for b in data_blocks if k < len(b))
    for k in range(len(ecc_blocks[0])):
        message.extend(b[k] for b in ecc_blocks)
    bits = b"".join(map(_BITS.__getitem__, message))
    bits += bytes(v.sentinel + 1 - len(bits))  # the remainder bits and the sentinel, all 0
    cells = int.from_bytes(bytes(v.places(bits)), "big")
    return v.size, ((cells ^ v.mask) | v.template).to_bytes(v.size * v.size, "big")


def qr_matrix(data: bytes) -> tuple[bytes, ...]:
    """The same as rows."""
    size, modules = qr_modules(data)
    return tuple(modules[i * size:(i + 1) * size] for i in range(size))
