"""Meters as the operator knows them — by serial number — in texts whose figures keep only a
meter's key (the stored basis of a charge: «почему столько»)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calc.inputs import Key
from app.models import Meter


def meter_keys(bases: Iterable[Any]) -> set[int]:
    """The meters the stored bases read (their `readings[].meter_key`)."""
    keys: set[int] = set()
    for basis in bases:
        readings = basis.get("readings") if isinstance(basis, dict) else None
        for reading in readings if isinstance(readings, list) else ():
            key = reading.get("meter_key") if isinstance(reading, dict) else None
            if isinstance(key, int) and not isinstance(key, bool):
                keys.add(key)
    return keys


def meter_names(s: Session, bases: Iterable[Any]) -> dict[Key, str]:
    """{meter id: «№ serial»} for the meters the bases read."""
    keys = meter_keys(bases)
    if not keys:
        return {}
    rows = s.execute(select(Meter.id, Meter.serial).where(Meter.id.in_(keys)))
    return {meter_id: f"№{serial}" for meter_id, serial in rows}
