"""A small valid input in the exchange format, with a year of ledger history, for the tests."""

from __future__ import annotations

import copy
import json
from typing import Any

from app.calc.account_number import make_account_number
from app.calc.period import Period
from app.exchange.reader_json import parse_json_bytes
from app.exchange.source import Source

COMPANY, SUPPLIER = "7701000001", "7701000002"


def base_doc(accounts: int = 3) -> dict[str, Any]:
    numbers = [make_account_number(i + 1) for i in range(accounts)]
    doc: dict[str, Any] = {
        "format": "kvartal-exchange",
        "version": 1,
        "organizations": [
            {"kind": "management_company", "name": "ООО «УК Тестовая»", "inn": COMPANY,
             "kpp": "770101001"},
            {"kind": "supplier", "name": "АО «Водоканал»", "inn": SUPPLIER},
        ],
        "services": [
            {"code": "maintenance", "name": "Содержание жилого помещения", "unit": "м²",
             "method": "area"},
            {"code": "cold_water", "name": "Холодное водоснабжение", "unit": "м³",
             "method": "metered", "resource": "cold_water", "norm_base": "per_person"},
        ],
        "buildings": [
            {"key": "Ленина 5", "company": COMPANY, "city": "г. Тестов", "street": "ул. Ленина",
             "house": "5", "total_area": "3200.5", "heating_type": "central_unmetered",
             "heating_mode": "season"},
        ],
        "premises": [{"building": "Ленина 5", "number": str(i + 1), "total_area": "54.3"}
                     for i in range(accounts)],
        "persons": [{"key": f"p{i}", "last_name": "Иванов", "first_name": f"Имя{i}"}
                    for i in range(accounts)],
        "accounts": [{"number": n, "premise": f"Ленина 5-{i + 1}", "payer": f"p{i}",
                      "payer_name": f"Иванов Имя{i}", "opened_on": "2020-01-01"}
                     for i, n in enumerate(numbers)],
        "account_services": [
            {"account": n, "service": code, "supplier": SUPPLIER, "date_from": "2020-01-01"}
            for n in numbers for code in ("maintenance", "cold_water")],
        "registrations": [{"person": f"p{i}", "premise": f"Ленина 5-{i + 1}",
                           "date_from": "2020-01-01"} for i in range(accounts)],
        "tariffs": [
            {"service": "maintenance", "value": "32.15", "date_from": "2026-01-01"},
            {"service": "cold_water", "value": "45.20", "date_from": "2026-01-01"},
        ],
        "norms": [{"service": "cold_water", "value": "4.745", "date_from": "2026-01-01"}],
        "key_rates": [{"date_from": "2025-10-27", "rate": "16.5"}],
        "meters": [{"serial": f"CW-{i}", "resource": "cold_water", "service": "cold_water",
                    "account": n, "installed_on": "2024-01-01"} for i, n in enumerate(numbers)],
        "readings": [{"meter": f"CW-{i}", "period": "2026-10", "taken_on": "2026-10-25",
                      "value": "100.5"} for i in range(accounts)],
    }
    return doc


def with_history(doc: dict[str, Any], months: int = 12, last: str = "2026-10"
                 ) -> dict[str, Any]:
    """Opening balances, monthly charges and payments for closed periods up to `last`."""
    doc = copy.deepcopy(doc)
    end = Period.parse(last)
    first = end.shift(-(months - 1))
    ops: list[dict[str, Any]] = []
    balances = []
    for k, acc in enumerate(doc["accounts"]):
        n = acc["number"]
        balances.append({"account": n, "service": "maintenance", "supplier": SUPPLIER,
                         "period": str(first), "amount_kop": 10_000 + k})
        for m in range(months):
            p = str(first.shift(m))
            for code, amount in (("maintenance", 174_575), ("cold_water", 20_340 + m)):
                ops.append({"kind": "charge", "period": p, "account": n, "service": code,
                            "supplier": SUPPLIER, "amount_kop": amount,
                            "basis": {"method": "area", "note": "import"}})
                if (k + m) % 3:
                    ops.append({"kind": "payment", "period": p, "ref_period": p,
                                "date": f"{p}-20", "account": n, "service": code,
                                "supplier": SUPPLIER, "amount_kop": -amount})
    doc["opening_balances"] = balances
    doc["operations"] = ops
    return doc


def source_of(doc: dict[str, Any] | str | bytes, label: str = "input.json") -> Source:
    raw = doc if isinstance(doc, bytes) else (
        doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)).encode()
    source = Source()
    parse_json_bytes(raw, label, source)
    import hashlib

    source.digest = hashlib.sha256(raw).hexdigest()
    source.files = [label]
    return source


def full_doc() -> dict[str, Any]:
    """Every entity of the format at least once (for the export ↔ import identity test)."""
    doc = with_history(base_doc(2), months=2)
    n1, n2 = doc["accounts"][0]["number"], doc["accounts"][1]["number"]
    doc["organizations"].append({"key": "rkc", "kind": "settlement_centre", "name": "ЕРЦ",
                                 "inn": "7701000003", "kpp": "770101001", "bik": "044525225"})
    doc["account_lists"] = [{"name": "Льготный тариф"}]
    doc["account_list_members"] = [{"list": "Льготный тариф", "account": n2}]
    doc["contracts"] = [{"number": "Д-1", "kind": "three_party", "company": COMPANY,
                         "supplier": SUPPLIER, "agent": "rkc", "service": "cold_water",
                         "commission_bp": 150, "date_from": "2025-01-01"}]
    doc["tariffs"].append({"service": "cold_water", "account_list": "Льготный тариф",
                           "value": "40.125", "date_from": "2026-01-01", "date_to": "2026-12-31"})
    doc["rule_parameters"] = [{"code": "payment_due_day", "value": "15",
                               "date_from": "2026-03-01", "source": "177-ФЗ"}]
    doc["ownerships"] = [{"premise": "Ленина 5-1", "person": "p0", "share_num": 1,
                          "share_den": 2, "date_from": "2020-01-01"},
                         {"premise": "Ленина 5-1", "organization": "rkc", "share_num": 1,
                          "share_den": 2, "date_from": "2020-01-01", "document": "выписка"}]
    doc["absences"] = [{"person": "p1", "premise": "Ленина 5-2", "date_from": "2026-09-10",
                        "date_to": "2026-09-21", "document": "справка"}]
    doc["meters"].append({"key": "CW-0-new", "serial": "CW-0", "resource": "cold_water",
                          "account": n1, "installed_on": "2026-10-01", "zones": 2})
    doc["meters"][0].update({"status": "replaced", "removed_on": "2026-09-30",
                             "replaced_by": "CW-0-new", "key": "CW-0-old"})
    doc["readings"][0]["meter"] = "CW-0-old"
    doc["readings"].append({"meter": "CW-0-new", "period": "2026-10", "taken_on": "2026-10-01",
                            "zone": 2, "value": "0", "kind": "initial", "rollover": False})
    doc["payments"] = [{"key": "pay-1", "account": n1, "amount_kop": 5000, "paid_on": "2026-10-20",
                        "period": "2026-09", "channel": "cash", "payer_name": "Иванов"}]
    doc["operations"].append({"kind": "payment", "period": "2026-10", "ref_period": "2026-09",
                              "date": "2026-10-20", "account": n1, "service": "maintenance",
                              "supplier": SUPPLIER, "amount_kop": -5000, "payment": "pay-1",
                              "cause": "касса"})
    doc["account_notes"] = [{"account": n1, "created_on": "2026-10-02", "text": "Звонить после 18"}]
    doc["periods"] = [{"period": "2026-11", "status": "open"}]
    return doc
