"""Typed calculation errors with a Russian message for the operator.

The engine collects them per account and service (`calculate_account` returns lines and errors),
so a billing run can report every problem of a run in one list instead of stopping at the first.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    NO_TARIFF = "no_tariff"
    TARIFF_OVERLAP = "tariff_overlap"
    NO_NORM = "no_norm"
    NO_AREA = "no_area"
    BAD_AREA = "bad_area"
    BAD_VALUE = "bad_value"
    NEGATIVE_VOLUME = "negative_volume"
    NO_BUILDING_DATA = "no_building_data"
    BAD_READING = "bad_reading"
    BAD_DATES = "bad_dates"
    UNKNOWN_METHOD = "unknown_method"


class CalcError(Exception):
    """A problem that prevents one service (or the whole account, `service_code=None`)."""

    def __init__(self, code: ErrorCode, message_ru: str, service_code: str | None = None) -> None:
        super().__init__(message_ru)
        self.code = code
        self.message_ru = message_ru
        self.service_code = service_code

    def with_service(self, service_code: str) -> CalcError:
        return CalcError(self.code, self.message_ru, service_code)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, CalcError)
            and (self.code, self.message_ru, self.service_code)
            == (other.code, other.message_ru, other.service_code)
        )

    def __hash__(self) -> int:
        return hash((self.code, self.message_ru, self.service_code))

    def __repr__(self) -> str:
        return f"CalcError({self.code.value!r}, {self.message_ru!r}, {self.service_code!r})"

    def to_json(self) -> dict[str, str | None]:
        return {"code": self.code.value, "message": self.message_ru, "service": self.service_code}


class CalcErrors(Exception):
    """Several problems of one service found together (e.g. overlapping tariffs and a bad area),
    so the operator fixes them in one go."""

    def __init__(self, errors: list[CalcError]) -> None:
        super().__init__("; ".join(e.message_ru for e in errors))
        self.errors = errors
