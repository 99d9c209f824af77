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


def _span(checked: Checked, entity: str, i: int, row: Row) -> None:
    if row["date_to"] is not None and row["date_to"] < row["date_from"]:
        checked.add(entity, i, "date_to", "дата окончания раньше даты начала")


def _account_dates(checked: Checked, entity: str, i: int, row: Row) -> None:
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


def _meter(checked: Checked, entity: str, i: int, row: Row) -> None:
    place = _METER_PLACE[row["kind"]]
    if row[place] is None:
        checked.add("meters", i, place, f"укажите {_PLACE_TITLE[place]} прибора вида "
                    f"«{row['kind']}»")
    if row["replaced_by"] is not None and checked.keys.get("meters", {}).get(
            row["replaced_by"]) == i:
        checked.add("meters", i, "replaced_by", "прибор не может заменить сам себя")
    if row["removed_on"] is not None and row["removed_on"] < row["installed_on"]:
        checked.add("meters", i, "removed_on", "прибор снят раньше, чем установлен")
    if (row["next_verification"] is not None and row["verified_on"] is not None
            and row["next_verification"] < row["verified_on"]):
        checked.add("meters", i, "next_verification", "следующая поверка раньше последней")


def _reading(checked: Checked, entity: str, i: int, row: Row) -> None:
    at = checked.keys.get("meters", {}).get(row["meter"])
    meter = checked.rows["meters"][at] if at is not None else None
    if meter is not None and row["zone"] > meter["zones"]:
        checked.add("readings", i, "zone",
                    f"у прибора «{row['meter']}» зон: {meter['zones']}, "
                    f"а указана {row['zone']}")
    tally = checked.tally
    meter_id = (at * 2 if at is not None
                else _db_meter(checked, row["meter"]))
    if meter_id is not None:  # an unknown meter is reported by its reference
        year, month = divmod(row["period"], 100)
        tally.reading_keys.append(
            meter_id << 20 | ((year - 1900) * 12 + month - 1) << 6 | row["zone"] << 3
            | _READING_KINDS.index(row["kind"]))
        tally.reading_at.append(i)
    if tally.latest_reading is None or row["period"] > tally.latest_reading:
        tally.latest_reading = row["period"]


_READING_KINDS = ("regular", "initial", "final")


def _db_meter(checked: Checked, key: str) -> int | None:
    db_id = checked.existing_meters.get(key)
    return None if db_id is None else db_id * 2 + 1


def _readings_once(checked: Checked) -> None:
    """One reading per meter, period, zone and kind: the readings' packed keys sorted (stable,
    so the first of equal keys is the one in the file first)."""
    keys, at = checked.tally.reading_keys, checked.tally.reading_at
    order = sorted(range(len(keys)), key=keys.__getitem__)
    first = -1
    for n, k in enumerate(order):
        if n and keys[k] == keys[order[n - 1]]:
            checked.add("readings", at[k], "meter", "показание этого прибора, периода, зоны и "
                        f"вида уже указано (уже в {checked.where('readings', at[first])})")
        else:
            first = k


def _ownership(checked: Checked, entity: str, i: int, row: Row) -> None:
    if (row["person"] is None) == (row["organization"] is None):
        checked.add("ownerships", i, "person",
                    "укажите собственника: гражданина (person) или организацию (organization)")
    elif row["share_num"] > row["share_den"]:
        checked.add("ownerships", i, "share_num", "доля больше целого")


def _room_account(checked: Checked, entity: str, i: int, row: Row) -> None:
    """A room's account is of the same premise as the registration or ownership."""
    if row["account"] is None:
        return
    at = checked.keys.get("accounts", {}).get(row["account"])
    room = checked.rows["accounts"][at] if at is not None else None
    if room is not None and room["premise"] != row["premise"]:
        checked.add(entity, i, "account",
                    f"лицевой счёт «{row['account']}» открыт на другое помещение "
                    f"(«{room['premise']}»)")


def _fixed_amount(checked: Checked, entity: str, i: int, row: Row) -> None:
    if row["method"] == "fixed" and row["fixed_amount_kop"] is None:
        checked.add("account_services", i, "fixed_amount_kop",
                    "для фиксированной суммы укажите fixed_amount_kop")


def _payment(checked: Checked, entity: str, i: int, row: Row) -> None:
    if row["penalty_kop"] > row["amount_kop"]:
        checked.add("payments", i, "penalty_kop", "пени больше суммы платежа")


def _ledger_row(checked: Checked, entity: str, i: int, row: Row) -> None:
    if checked.existing_periods.get(row["period"]) == "closed":
        checked.add(entity, i, "period", "период закрыт в базе данных; закрытый период "
                    "не меняется")
    tally = checked.tally
    tally.ledger_total += abs(row["amount_kop"])
    tally.ledger_periods.add(row["period"])
    tally.ledger_entities.add(entity)


RowRule = Callable[["Checked", str, int, "Row"], None]
# the rules of one record (with what it refers to); they run as records are read, so the
# largest sections are checked a chunk at a time
ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    **{entity: (_span,) for entity in _SPANNED},
    "accounts": (_account_dates,),
    "meters": (_meter,),
    "readings": (_reading,),
    "ownerships": (_span, _ownership, _room_account),
    "registrations": (_span, _room_account),
    "account_services": (_span, _fixed_amount),
    "payments": (_payment,),
    "operations": (_ledger_row,),
    "opening_balances": (_ledger_row,),
}


def check_row(checked: Checked, entity: str, i: int, row: Row) -> None:
    for rule in ROW_RULES.get(entity, ()):
        rule(checked, entity, i, row)


def _whole_lists(checked: Checked, existing: Existing) -> None:
    """Rules over the small reference lists, held whole."""
    _unique(checked, "key_rates", ("date_from",), "ставка с этой даты уже указана")
    _unique(checked, "account_list_members", ("list", "account"), "счёт уже в этом списке")
    opened = [i for i, row in _rows(checked, "periods") if row["status"] == "open"]
    for i in opened[1:]:
        checked.add("periods", i, "status", "открытым может быть только один период")
    for i, row in _rows(checked, "periods"):
        had = existing.periods.get(row["period"])
        if had is not None and had != row["status"]:
            checked.add("periods", i, "status", f"период уже есть в базе в состоянии «{had}»")


def _ledger_total(checked: Checked, existing: Existing) -> None:
    """Every amount is bounded; so is the ledger's Σ |amount|, so that no sum of it (a balance,
    a period's total, a snapshot) overflows 64 bits."""
    from app.calc.bounds import check_ledger_total

    try:
        check_ledger_total(existing.ledger_total + checked.tally.ledger_total)
    except ValueError as exc:
        entity = ("operations" if "operations" in checked.tally.ledger_entities
                  else "opening_balances")
        checked.problems.append(Problem(entity, str(exc)))


def _open_period(checked: Checked, existing: Existing) -> int | None:
    """The (latest) period open after the import, as the importer decides it."""
    listed = [row["period"] for _, row in _rows(checked, "periods") if row["status"] == "open"]
    known = [p for p, s in existing.periods.items() if s == "open"]
    if listed or known:
        return max(listed + known)
    ledger = [row["period"] for _, row in _rows(checked, "periods")] + list(existing.periods)
    ledger += checked.tally.ledger_periods
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
    latest = checked.tally.latest_reading
    if latest is None or latest <= open_code:
        return
    for i, row in checked.readings_again():
        if row["period"] > open_code:
            checked.add("readings", i, "period",
                        f"период {period_text(row['period'])} ещё не открыт: показания "
                        f"принимаются по открытый период ({period_text(open_code)})")


def check_rules(checked: Checked, existing: Existing) -> None:
    """The rules across records, once every record has passed its own (`check_row`)."""
    _overlaps(checked)
    _readings_once(checked)
    _whole_lists(checked, existing)
    _ledger_total(checked, existing)
    _future_readings(checked, existing)
