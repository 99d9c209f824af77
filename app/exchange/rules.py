"""Entity rules that need more than one field or one record: date spans, overlapping tariffs and
norms, meters placed somewhere, readings within the meter's zones, one open period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from app.calc.bounds import MAX_YEAR
from app.errors import Problem
from app.exchange.convert import period_text

if TYPE_CHECKING:
    from app.exchange.validate import Checked, Existing, Row

_SPANNED = ("contracts", "tariffs", "norms", "rule_parameters", "account_services",
            "ownerships", "registrations", "absences")

# entity → the fields that say "the same thing": two of them may not be in force on one day
_EXCLUSIVE: dict[str, tuple[str, ...]] = {
    "tariffs": ("service", "supplier", "building", "account_list", "zone"),
    "norms": ("service", "building", "kind"),
    "rule_parameters": ("code", "company", "service"),
}


def next_period(code: int) -> int:
    year, month = divmod(code, 100)
    return (year + month // 12) * 100 + month % 12 + 1


def _rows(checked: Checked, entity: str) -> Iterable[tuple[int, Row]]:
    for i, row in enumerate(checked.rows[entity]):
        if row is not None:
            yield i, row


def _spans(checked: Checked) -> None:
    for entity in _SPANNED:
        for i, row in _rows(checked, entity):
            if row["date_to"] is not None and row["date_to"] < row["date_from"]:
                checked.add(entity, i, "date_to", "дата окончания раньше даты начала")
    for i, row in _rows(checked, "accounts"):
        if row["closed_on"] is not None and row["closed_on"] < row["opened_on"]:
            checked.add("accounts", i, "closed_on", "счёт закрыт раньше, чем открыт")


def _overlaps(checked: Checked) -> None:
    for entity, fields in _EXCLUSIVE.items():
        groups: dict[tuple[Any, ...], list[tuple[int, Row]]] = defaultdict(list)
        for i, row in _rows(checked, entity):
            groups[tuple(row[f] for f in fields)].append((i, row))
        for items in groups.values():
            items.sort(key=lambda ir: ir[1]["date_from"])
            for (pi, prev), (i, row) in pairwise(items):
                end = prev["date_to"] or date.max
                if end >= row["date_from"]:
                    checked.add(entity, i, "date_from",
                                f"пересекается по датам с {checked.where(entity, pi)} "
                                f"(с {prev['date_from']:%d.%m.%Y}"
                                f"{'' if prev['date_to'] is None else ' по '}"
                                f"{'' if prev['date_to'] is None else f'{end:%d.%m.%Y}'})")


def _unique(checked: Checked, entity: str, fields: tuple[str, ...], message: str,
            key: Callable[[Row], Any] | None = None) -> None:
    seen: dict[Any, int] = {}
    for i, row in _rows(checked, entity):
        k = key(row) if key else tuple(row[f] for f in fields)
        if k in seen:
            checked.add(entity, i, fields[0], f"{message} (уже в {checked.where(entity, seen[k])})")
        else:
            seen[k] = i


_METER_PLACE = {"individual": "account", "common_apartment": "premise", "building": "building"}
_PLACE_TITLE = {"account": "лицевой счёт", "premise": "помещение", "building": "дом"}


def _meters(checked: Checked) -> None:
    keys = checked.keys.get("meters", {})
    for i, row in _rows(checked, "meters"):
        place = _METER_PLACE[row["kind"]]
        if row[place] is None:
            checked.add("meters", i, place, f"укажите {_PLACE_TITLE[place]} прибора вида "
                        f"«{row['kind']}»")
        if row["replaced_by"] is not None and keys.get(row["replaced_by"]) == i:
            checked.add("meters", i, "replaced_by", "прибор не может заменить сам себя")
        if row["removed_on"] is not None and row["removed_on"] < row["installed_on"]:
            checked.add("meters", i, "removed_on", "прибор снят раньше, чем установлен")
        if (row["next_verification"] is not None and row["verified_on"] is not None
                and row["next_verification"] < row["verified_on"]):
            checked.add("meters", i, "next_verification", "следующая поверка раньше последней")
    by_key = {k: checked.rows["meters"][v] for k, v in keys.items()}
    for i, row in _rows(checked, "readings"):
        meter = by_key.get(row["meter"])
        if meter is not None and row["zone"] > meter["zones"]:
            checked.add("readings", i, "zone",
                        f"у прибора «{row['meter']}» зон: {meter['zones']}, "
                        f"а указана {row['zone']}")
    _unique(checked, "readings", ("meter", "period", "zone", "kind"),
            "показание этого прибора, периода, зоны и вида уже указано")


def _misc(checked: Checked, existing: Existing) -> None:
    for i, row in _rows(checked, "ownerships"):
        if (row["person"] is None) == (row["organization"] is None):
            checked.add("ownerships", i, "person",
                        "укажите собственника: гражданина (person) или организацию (organization)")
        elif row["share_num"] > row["share_den"]:
            checked.add("ownerships", i, "share_num", "доля больше целого")
    accounts = {k: checked.rows["accounts"][v] for k, v in checked.keys.get("accounts", {}).items()}
    for entity in ("registrations", "ownerships"):  # a room's account is of the same premise
        for i, row in _rows(checked, entity):
            room = accounts.get(row["account"]) if row["account"] is not None else None
            if room is not None and room["premise"] != row["premise"]:
                checked.add(entity, i, "account",
                            f"лицевой счёт «{row['account']}» открыт на другое помещение "
                            f"(«{room['premise']}»)")
    for i, row in _rows(checked, "account_services"):
        if row["method"] == "fixed" and row["fixed_amount_kop"] is None:
            checked.add("account_services", i, "fixed_amount_kop",
                        "для фиксированной суммы укажите fixed_amount_kop")
    for i, row in _rows(checked, "payments"):
        if row["penalty_kop"] > row["amount_kop"]:
            checked.add("payments", i, "penalty_kop", "пени больше суммы платежа")
    _unique(checked, "key_rates", ("date_from",), "ставка с этой даты уже указана")
    _unique(checked, "account_list_members", ("list", "account"), "счёт уже в этом списке")
    opened = [i for i, row in _rows(checked, "periods") if row["status"] == "open"]
    for i in opened[1:]:
        checked.add("periods", i, "status", "открытым может быть только один период")
    for entity in ("operations", "opening_balances"):
        for i, row in _rows(checked, entity):
            if existing.periods.get(row["period"]) == "closed":
                checked.add(entity, i, "period", "период закрыт в базе данных; закрытый период "
                            "не меняется")
    for i, row in _rows(checked, "periods"):
        had = existing.periods.get(row["period"])
        if had is not None and had != row["status"]:
            checked.add("periods", i, "status", f"период уже есть в базе в состоянии «{had}»")


def _ledger_total(checked: Checked, existing: Existing) -> None:
    """Every amount is bounded; so is the ledger's Σ |amount|, so that no sum of it (a balance,
    a period's total, a snapshot) overflows 64 bits."""
    from app.calc.bounds import check_ledger_total

    total = existing.ledger_total
    for entity in ("operations", "opening_balances"):
        total += sum(abs(row["amount_kop"]) for _, row in _rows(checked, entity))
    try:
        check_ledger_total(total)
    except ValueError as exc:
        entity = "operations" if checked.rows["operations"] else "opening_balances"
        checked.problems.append(Problem(entity, str(exc)))


def _open_period(checked: Checked, existing: Existing) -> int | None:
    """The (latest) period open after the import, as the importer decides it."""
    listed = [row["period"] for _, row in _rows(checked, "periods") if row["status"] == "open"]
    known = [p for p, s in existing.periods.items() if s == "open"]
    if listed or known:
        return max(listed + known)
    ledger = [row["period"] for e in ("operations", "opening_balances", "periods")
              for _, row in _rows(checked, e)] + list(existing.periods)
    return next_period(max(ledger)) if ledger else None


def _future_readings(checked: Checked, existing: Existing) -> None:
    """A reading for a period after the open one would block the open period's reading."""
    open_code = _open_period(checked, existing)
    if open_code is None:
        return
    if open_code // 100 > MAX_YEAR:  # the ledger ends in 2999-12: no period opens after it
        checked.problems.append(Problem("periods", f"после периода {MAX_YEAR}-12 открыть "
                                                   "следующий нельзя: годы периодов — до "
                                                   f"{MAX_YEAR}"))
        return
    for i, row in _rows(checked, "readings"):
        if row["period"] > open_code:
            checked.add("readings", i, "period",
                        f"период {period_text(row['period'])} ещё не открыт: показания "
                        f"принимаются по открытый период ({period_text(open_code)})")


def check_rules(checked: Checked, existing: Existing) -> None:
    _spans(checked)
    _overlaps(checked)
    _meters(checked)
    _misc(checked, existing)
    _ledger_total(checked, existing)
    _future_readings(checked, existing)
