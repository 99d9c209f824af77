"""Payment documents (ЕПД) from the ledger: one account, or a batch read in bulk.

What each document shows comes from the period's operations by kind — charges, recalculations,
penalties, payments, corrections — so payments and penalties appear as soon as the desk and the
penalty run post them. Both barcode payloads are composed here with the desk's own composer
(`app.cashdesk.codes`) and handed to the renderer as strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.accounts.text import address_line
from app.calc.basis import explain_stored
from app.calc.period import Period
from app.cashdesk.codes import compose_desk_code, compose_gost_qr, qr_bytes
from app.documents.epd_rows import AccountRow, Batch, OperationRow, ServiceInfo
from app.errors import DomainError
from app.models.enums import OperationKind as K
from app.print.epd_data import (
    EpdDocument,
    MeterLine,
    Party,
    PayeeShare,
    Payment,
    Recalculation,
    Reference,
    ServiceLine,
)

# what an organisation must have to be paid by a document, as the operator reads it
_REQUISITES = (("inn", "ИНН"), ("bank_name", "банк"), ("bik", "БИК"),
               ("settlement_account", "расчётный счёт"), ("corr_account", "корр. счёт"))
_CAUSES = (("absence", "временное отсутствие"), ("act", "недопоставка или ненадлежащее качество"),
           ("reading", "уточнены показания"), ("import", "перенесено из прежней системы"))
_COMMON = "common_needs"


class EpdSkipped(DomainError):
    """This account gets no document; the message says what is missing."""


@dataclass(frozen=True, slots=True)
class Skipped:
    account_number: str
    address: str
    reason: str


def _missing_requisites(org: Party) -> list[str]:
    return [title for attr, title in _REQUISITES if not (getattr(org, attr) or "").strip()]


def build_documents(batch: Batch) -> list[EpdDocument | Skipped]:
    """A document (or the reason there is none) for each account of the batch, in its order."""
    out: list[EpdDocument | Skipped] = []
    for a in batch.accounts:
        try:
            out.append(build_document(batch, a))
        except EpdSkipped as exc:
            out.append(Skipped(a.number, postal_address(a), exc.message))
    return out


def postal_address(a: AccountRow) -> str:
    parts = [a.postcode, a.city, address_line(a.street, a.house, a.premise_number,
                                              a.premise_kind)]
    return ", ".join(p for p in parts if p)


def build_document(batch: Batch, a: AccountRow) -> EpdDocument:
    period = batch.period
    ops = batch.operations.get(a.account_id, [])
    if not any(o.kind == K.CHARGE.value for o in ops):
        raise EpdSkipped(f"Лицевой счёт {a.number}: нет начислений за {period.title()}")
    company = batch.orgs.get(a.company_id) if a.company_id is not None else None
    if company is None or a.company_id is None:
        raise EpdSkipped(f"Лицевой счёт {a.number}: у дома не указана управляющая организация")
    collector = batch.orgs[batch.agents.get(a.company_id, a.company_id)]
    lines, by_supplier = _lines(batch, a, ops)
    payees = _payees(batch, by_supplier, a.company_id)
    for org in [collector, *(batch.orgs[i] for i in by_supplier if i in batch.orgs)]:
        missing = _missing_requisites(org)
        if missing:
            raise EpdSkipped(f"Лицевой счёт {a.number}: у получателя «{org.name}» не "
                             f"заполнены реквизиты: {', '.join(missing)}")
    totals = {k: sum(getattr(x, k) for x in lines)
              for k in ("charged", "recalculated", "penalty", "paid", "closing")}
    opening = sum(batch.opening.get(a.account_id, {}).values())
    corrected = totals["closing"] - (opening + totals["charged"] + totals["recalculated"]
                                     + totals["penalty"] - totals["paid"])
    address = postal_address(a)
    to_pay = max(totals["closing"], 0)
    try:
        qr = _compose_qr(qr_fields(collector, a, period, to_pay, address))
        desk = compose_desk_code(a.number, period, to_pay)
    except ValueError as exc:
        raise EpdSkipped(f"Лицевой счёт {a.number}: {exc}") from None
    return EpdDocument(
        period_title=period.title(), period_code=period.code, account_number=a.number,
        payer_name=a.payer_name, address=address, total_area=a.total_area,
        living_area=a.living_area,
        account_area=a.area if a.area is not None else a.total_area,
        residents=batch.residents_of(a), company=company, collector=collector,
        payees=payees, lines=tuple(lines), recalculations=_recalculations(batch, ops),
        meters=_meters(batch, ops), payments=_payments(ops), reference=_reference(batch, a, ops),
        opening=opening, charged=totals["charged"], recalculated=totals["recalculated"],
        penalty=totals["penalty"], paid=totals["paid"], corrected=corrected,
        closing=totals["closing"], pay_by=batch.pay_by(a.company_id),
        qr_payload=qr, qr_data=qr_bytes(qr),
        desk_code=desk, instalment=batch.instalments.get(a.account_id),
    )


def _compose_qr(fields: dict[str, str]) -> str:
    """windows-1251 (encoding 1): a byte per Cyrillic letter, so the code is three versions
    smaller than in UTF-8 — easier to scan from paper and faster to draw; every bank app reads
    it. A name with a character cp1251 lacks falls back to UTF-8 (encoding 2)."""
    try:
        return compose_gost_qr(fields, encoding=1)
    except ValueError:
        return compose_gost_qr(fields, encoding=2)


def qr_fields(payee: Party, a: AccountRow, period: Period, amount: int, address: str
              ) -> dict[str, str]:
    """The GOST R 56042-2014 fields of a housing payment (DOMAIN.md «Barcodes»)."""
    fields = {
        "Name": payee.name, "PersonalAcc": payee.settlement_account or "",
        "BankName": payee.bank_name or "", "BIC": payee.bik or "",
        "CorrespAcc": payee.corr_account or "0", "PayeeINN": payee.inn,
    }
    if payee.kpp:
        fields["KPP"] = payee.kpp
    fields |= {
        "Sum": str(amount),
        "Purpose": f"Оплата ЖКУ за {period.month:02d}.{period.year}, л/с {a.number}",
        "PersAcc": a.number, "PaymPeriod": f"{period.month:02d}{period.year}", "TechCode": "02",
    }
    for key, word in zip(("LastName", "FirstName", "MiddleName"), a.payer_name.split(),
                         strict=False):
        fields[key] = word
    fields["PayerAddress"] = address
    return fields


def _lines(batch: Batch, a: AccountRow, ops: Sequence[OperationRow]
           ) -> tuple[list[ServiceLine], dict[int, list[tuple[int, int]]]]:
    """One line per service and supplier: this month's movements and the opening balance."""
    cells: dict[tuple[int, int], dict[str, Any]] = {}

    def cell(key: tuple[int, int]) -> dict[str, Any]:
        return cells.setdefault(key, {"charged": 0, "recalculated": 0, "penalty": 0, "paid": 0,
                                      "corrected": 0, "opening": 0, "volume": None,
                                      "tariff": []})

    for key, amount in batch.opening.get(a.account_id, {}).items():
        cell(key)["opening"] += amount
    for o in ops:
        c = cell((o.service_id, o.supplier_id))
        if o.kind == K.CHARGE.value:
            c["charged"] += o.amount
            _add_basis(c, o.basis)
        elif o.kind == K.RECALCULATION.value:
            c["recalculated"] += o.amount
        elif o.kind == K.PENALTY.value:
            c["penalty"] += o.amount
        elif o.kind == K.PAYMENT.value:
            c["paid"] -= o.amount
        elif o.kind != K.OPENING_BALANCE.value:
            c["corrected"] += o.amount
    out: list[tuple[int, ServiceLine]] = []
    by_supplier: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (service_id, supplier_id), c in cells.items():
        info = batch.services[service_id]
        closing = (c["opening"] + c["charged"] + c["recalculated"] + c["penalty"] - c["paid"]
                   + c["corrected"])
        if not any((c["charged"], c["recalculated"], c["penalty"], c["paid"], closing)):
            continue
        common = info.method == _COMMON
        out.append((info.sort_order, ServiceLine(
            service=info.name, unit=info.unit, volume=None if common else c["volume"],
            common_volume=c["volume"] if common else None, tariff=tuple(c["tariff"]),
            charged=c["charged"], recalculated=c["recalculated"], penalty=c["penalty"],
            paid=c["paid"], closing=closing)))
        by_supplier[supplier_id or (a.company_id or 0)].append((service_id, closing))
    out.sort(key=lambda t: (t[0], t[1].service))
    return [line for _, line in out], dict(by_supplier)


def _add_basis(c: dict[str, Any], basis: dict[str, Any] | None) -> None:
    if not basis:
        return
    value = basis.get("volume", basis.get("area"))
    if value is not None:
        c["volume"] = (c["volume"] or Decimal(0)) + Decimal(str(value))
    tariffs = [basis["tariff"]] if "tariff" in basis else [
        p["tariff"] for p in basis.get("pieces", ()) if "tariff" in p]
    for t in tariffs:
        d = Decimal(str(t))
        if d not in c["tariff"]:
            c["tariff"].append(d)


def _payees(batch: Batch, by_supplier: dict[int, list[tuple[int, int]]], company_id: int
            ) -> tuple[PayeeShare, ...]:
    """Each supplier with its services and what is due to it (its services' closing
    balances), in the order of their first service."""
    out = []
    for supplier_id, items in by_supplier.items():
        org = batch.orgs.get(supplier_id) or batch.orgs[company_id]
        infos: list[ServiceInfo] = sorted({batch.services[i] for i, _ in items},
                                          key=lambda s: s.sort_order)
        out.append((infos[0].sort_order, PayeeShare(
            org, tuple(s.name for s in infos), sum(c for _, c in items))))
    out.sort(key=lambda t: t[0])
    return tuple(share for _, share in out)


def _recalculations(batch: Batch, ops: Sequence[OperationRow]) -> tuple[Recalculation, ...]:
    out = []
    for o in ops:
        if o.kind != K.RECALCULATION.value:
            continue
        reason = _cause_text(o.cause) or explain_stored(o.basis) or "перерасчёт"
        title = Period.from_code(o.ref_period).title() if o.ref_period else batch.period.title()
        out.append(Recalculation(batch.services[o.service_id].name, title, o.amount, reason))
    return tuple(out)


def _cause_text(cause: str | None) -> str | None:
    if not cause:
        return None
    prefix = cause.split(":", 1)[0]
    return next((text for key, text in _CAUSES if key == prefix), cause)


def _meters(batch: Batch, ops: Sequence[OperationRow]) -> tuple[MeterLine, ...]:
    out = []
    for o in ops:
        if o.kind != K.CHARGE.value or not o.basis:
            continue
        for r in o.basis.get("readings", ()):
            serial = batch.meter_serials.get(r.get("meter_key"), str(r.get("meter_key", "")))
            out.append(MeterLine(batch.services[o.service_id].name, serial, r.get("zone") or "",
                                 _dec(r.get("previous")), _dec(r.get("current")),
                                 _dec(r.get("volume"))))
    return tuple(out)


def _payments(ops: Sequence[OperationRow]) -> tuple[Payment, ...]:
    by_day: dict[Any, int] = defaultdict(int)
    for o in ops:
        if o.kind == K.PAYMENT.value:
            by_day[o.op_date] -= o.amount
    return tuple(Payment(day, amount) for day, amount in sorted(by_day.items()) if amount)


def _reference(batch: Batch, a: AccountRow, ops: Sequence[OperationRow]) -> Reference:
    norms: list[tuple[str, Decimal, str]] = []
    meters: list[tuple[str, Decimal, Decimal, str]] = []
    premises_area = None
    seen = set()
    for o in ops:
        b = o.basis
        if o.kind != K.CHARGE.value or not b or o.service_id in seen:
            continue
        seen.add(o.service_id)
        info = batch.services[o.service_id]
        building = b.get("building")
        if isinstance(building, dict) and building.get("premises_area"):
            premises_area = _dec(building["premises_area"])
        if isinstance(building, dict) and building.get("building_volume") is not None:
            meters.append((info.name, Decimal(str(building["building_volume"])),
                           Decimal(str(building.get("premises_volume", 0))), info.unit))
        if "norm" in b and info.unit != "чел.":
            per = "/м²" if b.get("method") == "heating_area_norm" else "/чел."
            norms.append((info.name, Decimal(str(b["norm"])), info.unit + per))
    return Reference(a.building_area or None, premises_area, a.common_area or None,
                     tuple(norms), tuple(meters))


def _dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))
