"""Which table and column each field of the format lives in (shared by importer and exporter)."""

from __future__ import annotations

from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from app import models as M
from app.exchange import format as fmt


@dataclass(frozen=True)
class Mapping:
    model: Any
    rename: MappingOf[str, str | None] = field(default_factory=dict)  # None: not kept
    fixed: MappingOf[str, Any] = field(default_factory=dict)  # constant columns

    @property
    def table(self) -> Table:
        table: Table = self.model.__table__
        return table

    def column(self, f: fmt.Field) -> str | None:
        if f.name in self.rename:
            return self.rename[f.name]
        return f"{f.name}_id" if f.ref else f.name


_KEY_ONLY = {"key": None}
_OPS = {"date": "op_date", "amount_kop": "amount"}

MAPPINGS: dict[str, Mapping] = {
    "organizations": Mapping(M.Organization, _KEY_ONLY),
    "services": Mapping(M.Service),
    "account_lists": Mapping(M.AccountList),
    "buildings": Mapping(M.Building, _KEY_ONLY),
    "premises": Mapping(M.Premise),
    "persons": Mapping(M.Person, _KEY_ONLY),
    "accounts": Mapping(M.Account, {"payer": "payer_person_id"}),
    "account_list_members": Mapping(M.AccountListMember),
    "contracts": Mapping(M.Contract),
    "tariffs": Mapping(M.Tariff),
    "norms": Mapping(M.Norm),
    "key_rates": Mapping(M.KeyRate),
    "rule_parameters": Mapping(M.RuleParameter),
    "account_services": Mapping(M.AccountService, {"fixed_amount_kop": "fixed_amount"}),
    "ownerships": Mapping(M.Ownership),
    "registrations": Mapping(M.Registration),
    "absences": Mapping(M.Absence),
    "meters": Mapping(M.Meter, _KEY_ONLY),
    "readings": Mapping(M.Reading),
    "periods": Mapping(M.BillingPeriod, {"period": "code"}),
    "payments": Mapping(M.Payment, {"key": "idempotency_key", "amount_kop": "amount",
                                    "penalty_kop": "penalty_amount"}),
    "opening_balances": Mapping(M.Operation, {"amount_kop": "amount"},
                                {"kind": "opening_balance"}),
    "operations": Mapping(M.Operation, _OPS),
    "account_notes": Mapping(M.AccountNote, {"created_on": None}),
}

# entities others refer to: their rows are inserted with RETURNING to learn the new ids
REFERENCED = frozenset(f.ref for e in fmt.ENTITIES for f in e.fields if f.ref)
