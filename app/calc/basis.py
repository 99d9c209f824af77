"""The result of a charge: the line and the basis it was computed from.

The basis keeps every figure used (method, V or n/S, N, T, coefficient, days, readings, zones) so
the payment document, the account card and a later recalculation can show and reuse it.
`Basis.to_json()` is JSON-safe (Decimals and dates as strings) and `basis_from_json` reads it back
exactly; `Basis.explain()` is plain Russian. The ledger stores the figures only and
`explain_stored` renders the explanation when someone asks «почему столько».

Results are typed `NamedTuple`s: immutable like frozen dataclasses but several times cheaper to
create, which matters at a million lines per billing run.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum
from typing import Any, NamedTuple, Union, get_args, get_origin, get_type_hints

from app.calc.inputs import Key, Method


class Source(StrEnum):
    """Where the volume (or quantity) came from."""

    READINGS = "readings"
    AVERAGE = "average"
    NORM = "norm"
    AREA = "area"
    AREA_NORM = "area_norm"
    BUILDING_METER = "building_meter"
    COMMON_NEEDS = "common_needs"
    FIXED = "fixed"


class Fallback(StrEnum):
    """Why a metered service was charged by average or norm."""

    NO_METER = "no_meter"
    NO_READINGS = "no_readings"
    VERIFICATION_EXPIRED = "verification_expired"


class Piece(NamedTuple):
    """A part of the month with constant inputs. `quantity` is persons (NORM), m² (AREA,
    HEATING_AREA_NORM), the monthly volume (METERED, ОДН, building meter) or units (FIXED);
    `share` is the fraction of the quantity charged for these days; `exact` is kopecks unrounded."""

    date_from: date
    date_to: date
    days: int
    share: Decimal
    quantity: Decimal
    norm: Decimal | None
    coefficient: Decimal | None
    tariff: Decimal
    exact: Decimal
    zone: str = ""


class ResidentDays(NamedTuple):
    person_key: Key
    date_from: date
    date_to: date
    days: int


class ReadingUsed(NamedTuple):
    meter_key: Key
    zone: str
    previous: Decimal
    current: Decimal
    volume: Decimal
    old_final: Decimal | None = None
    new_initial: Decimal | None = None


class CommonNeedsDetail(NamedTuple):
    """ОДН / building-meter figures: V_building, Σ V_premises, S_i, S_total, S_common, N_common."""

    building_volume: Decimal | None
    premises_volume: Decimal
    premise_area: Decimal
    premises_area: Decimal
    common_area: Decimal
    common_norm: Decimal | None
    distributed: Decimal | None  # share of max(0, V_b − ΣV) before the cap
    cap: Decimal | None
    capped: bool


class ZoneTotal(NamedTuple):
    zone: str
    volume: Decimal
    exact: Decimal


class Basis(NamedTuple):
    method: Method
    source: Source
    unit: str
    days_in_month: int
    days: int
    exact: Decimal  # kopecks before the one rounding of the line
    tariff: Decimal | None  # None when it changed within the month (see pieces)
    volume: Decimal | None = None  # units charged: V, n × N, S × N
    norm: Decimal | None = None
    residents: Decimal | None = None  # person-months, exact (Σ days / days in month)
    area: Decimal | None = None
    coefficient: Decimal | None = None
    pieces: tuple[Piece, ...] = ()  # filled when the month was split
    residents_whole: int | None = None  # persons registered on every charged day
    residents_detail: tuple[ResidentDays, ...] = ()  # the others, with their days
    owners_used: bool = False
    readings: tuple[ReadingUsed, ...] = ()
    average_months: int | None = None
    fallback: Fallback | None = None
    periods_without_readings: int | None = None
    verification_due: date | None = None
    building: CommonNeedsDetail | None = None
    units: Decimal | None = None

    @property
    def zones(self) -> tuple[ZoneTotal, ...]:
        """Zone breakdown of a multi-zone meter charge (empty for single-zone)."""
        totals: dict[str, list[Decimal]] = {}
        for p in self.pieces:
            if p.zone:
                acc = totals.setdefault(p.zone, [Decimal(0), Decimal(0)])
                acc[0] += p.quantity * p.share
                acc[1] += p.exact
        return tuple(ZoneTotal(z, v, e) for z, (v, e) in totals.items())

    def to_json(self) -> dict[str, Any]:
        data = _jsonable(self)
        assert isinstance(data, dict)
        if self.pieces and any(p.zone for p in self.pieces):
            data["zones"] = _jsonable(list(self.zones))
        return data

    def explain(self, meter_names: Mapping[Key, str] | None = None) -> str:
        from app.calc.explain import explain_basis  # the wording lives apart from the data

        return explain_basis(self, meter_names)


class ChargeLine(NamedTuple):
    service_code: str
    supplier_key: Key | None
    amount: int  # kopecks, rounded half-up once
    basis: Basis


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, Enum):
            return value.value
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {
            name: _jsonable(v)
            for name, v in value._asdict().items()
            if v is not None and v != ()  # keep stored bases small: absent figures are left out
        }
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    raise TypeError(f"not JSON-safe: {value!r}")


# ---- reading a stored basis back

_Decode = Callable[[Any], Any]
_RECORD_DECODERS: dict[type, _Decode] = {}


def _decoder(hint: Any) -> _Decode:
    """A function turning the JSON form of a value of type `hint` back into the value."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) == 1:
            return _decoder(options[0])
        return lambda v: v  # Key = str | int: JSON keeps which one it was
    if origin is tuple:
        item = _decoder(get_args(hint)[0])
        return lambda v: tuple(item(x) for x in v)
    if hint is Decimal:
        return lambda v: Decimal(str(v))
    if hint is date:
        return date.fromisoformat
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        return _record_decoder(hint)
    if hint in (int, str, bool):
        return hint
    raise TypeError(f"no JSON form for {hint!r}")


def _record_decoder(cls: type) -> _Decode:
    found = _RECORD_DECODERS.get(cls)
    if found is not None:
        return found
    fields = [(name, _decoder(hint)) for name, hint in get_type_hints(cls).items()]
    defaults: dict[str, Any] = cls._field_defaults  # type: ignore[attr-defined]

    def decode(data: Any) -> Any:
        # absent figures were left out when stored (None or empty): the default, else None
        return cls(*[dec(v) if (v := data.get(name)) is not None
                     else defaults.get(name) for name, dec in fields])

    _RECORD_DECODERS[cls] = decode
    return decode


def basis_from_json(data: dict[str, Any]) -> Basis:
    """The Basis whose `to_json()` this is (derived members such as `zones` are ignored);
    KeyError / ValueError / TypeError when it is not one."""
    basis: Basis = _record_decoder(Basis)(data)
    return basis


def explain_stored(data: Any, meter_names: Mapping[Key, str] | None = None) -> str | None:
    """«Почему столько» for a stored basis: the explanation text kept with it (history imported
    from another system brings its own), else the figures rendered (meters named by
    `meter_names` where given); None when there is neither."""
    if not isinstance(data, dict):
        return None
    for key in ("explanation", "explain"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
    if "penalty_total" in data and "on" in data:
        from app.calc.penalty_basis import explain_penalty

        return explain_penalty(data)
    if "method" not in data:
        return None
    try:
        return basis_from_json(data).explain(meter_names)
    except (KeyError, ValueError, TypeError, InvalidOperation):
        return None
