"""Natural keys of rows already in the database, in the format's spelling.

The exporter writes these keys; the importer resolves references to rows already present
through them, and refuses records whose key exists (never a duplicate).
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import models as M
from app.calc import bounds
from app.exchange.validate import Existing


def _unique_or(pairs: list[tuple[int, str]], fallback: dict[int, str]) -> dict[int, str]:
    counts = Counter(k for _, k in pairs)
    return {i: (k if counts[k] == 1 else fallback[i]) for i, k in pairs}


def key_maps(session: Session) -> dict[str, dict[int, str]]:
    """entity → database id → natural key (persons get "person-<id>": they keep no source key)."""
    out: dict[str, dict[int, str]] = {}
    orgs = session.execute(select(M.Organization.id, M.Organization.inn,
                                  M.Organization.kpp)).all()
    out["organizations"] = _unique_or(
        [(i, inn) for i, inn, _ in orgs],
        _unique_or([(i, f"{inn}/{kpp or ''}") for i, inn, kpp in orgs],
                   {i: f"org-{i}" for i, _, _ in orgs}))
    out["services"] = dict(session.execute(select(M.Service.id, M.Service.code)).all())
    out["account_lists"] = dict(session.execute(
        select(M.AccountList.id, M.AccountList.name)).all())
    bld = session.execute(select(M.Building.id, M.Building.city, M.Building.street,
                                 M.Building.house)).all()
    out["buildings"] = _unique_or([(i, f"{s} {h}") for i, _, s, h in bld],
                                  {i: f"{c}, {s} {h}" for i, c, s, h in bld})
    bkeys = out["buildings"]
    out["premises"] = {
        i: f"{bkeys[b]}-{n}"
        for i, b, n in session.execute(select(M.Premise.id, M.Premise.building_id,
                                              M.Premise.number))}
    out["persons"] = {i: f"person-{i}" for i in session.execute(select(M.Person.id)).scalars()}
    out["accounts"] = dict(session.execute(select(M.Account.id, M.Account.number)).all())
    meters = session.execute(select(M.Meter.id, M.Meter.serial)).all()
    out["meters"] = _unique_or(list(meters), {i: f"{s}@{i}" for i, s in meters})
    out["payments"] = dict(session.execute(
        select(M.Payment.id, M.Payment.idempotency_key)).all())
    return out


def load_existing(session: Session) -> Existing:
    """Keys a new import may refer to (persons excepted: the database has no source key)."""
    maps = key_maps(session)
    keys = {e: {k: i for i, k in m.items()} for e, m in maps.items() if e != "persons"}
    periods = dict(session.execute(
        select(M.BillingPeriod.code, M.BillingPeriod.status)).all())
    return Existing(keys, periods, ledger_total(session))


def ledger_total(session: Session) -> int:
    """Σ |amount| of the ledger; a ledger SQLite can no longer sum (written before the bounds)
    counts as past the bound, so nothing more is added to it."""
    try:
        total = session.scalar(select(func.coalesce(func.sum(func.abs(M.Operation.amount)), 0)))
    except OperationalError:  # SQLite: "integer overflow"
        return bounds.MAX_LEDGER_TOTAL + 1
    return int(total or 0)
