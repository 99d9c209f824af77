"""Plain data the passport use cases take and return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.calc.period import Period
from app.recalc.outcome import Triggered


@dataclass(frozen=True)
class IdentityInput:
    """A person as the clerk types them: name, birth, citizenship, identity document, СНИЛС."""

    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date | None = None
    sex: str | None = None  # "м" / "ж"
    birth_place: str | None = None
    citizenship: str | None = "Российская Федерация"
    snils: str | None = None
    doc_type: str | None = None  # app.calc.identity.PASSPORT_RF, BIRTH_CERTIFICATE or another
    doc_series: str | None = None
    doc_number: str | None = None
    doc_issued_by: str | None = None
    doc_issued_on: date | None = None
    doc_code: str | None = None  # код подразделения, passports only


@dataclass(frozen=True)
class DocumentInput:
    """New identity document data of a known person (a passport replaced at 20 or 45)."""

    doc_type: str | None
    doc_series: str | None
    doc_number: str | None
    doc_issued_by: str | None
    doc_issued_on: date | None
    doc_code: str | None = None
    snils: str | None = None
    citizenship: str | None = None


@dataclass(frozen=True)
class Newcomer:
    """One person arriving: a known person (person_id) or a new one (identity)."""

    relation: str | None = None  # к собственнику/нанимателю: «сын», «жена»
    person_id: int | None = None
    identity: IdentityInput | None = None


@dataclass(frozen=True)
class ArrivalInput:
    account_number: str  # the flat (or, in a communal flat, the room) found by the lookup
    kind: str  # RegistrationKind value
    date_from: date
    newcomers: tuple[Newcomer, ...]
    date_to: date | None = None  # the last day of a stay (temporary registration)
    arrived_from: str | None = None
    reason: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class DepartureInput:
    registration_id: int
    date_to: date  # the last day registered (inclusive)
    departed_to: str | None = None
    reason: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class RecalcRequestRow:
    request_id: int
    account_id: int
    account_number: str
    address: str
    from_period: int
    cause: str
    created_by: str
    created_at: datetime
    done_at: datetime | None = None


@dataclass(frozen=True)
class ChangeResult:
    """What an arrival or a departure did: its registrations, the recalculation requests of
    closed periods it queued and what their recalculation posted."""

    registration_ids: tuple[int, ...]
    person_ids: tuple[int, ...]
    queued: tuple[RecalcRequestRow, ...] = ()
    recalculation: Triggered = field(default_factory=Triggered)

    def summary(self) -> str:
        """What the change did to billing, every posted line included (the command line's)."""
        return "\n".join([self.headline(), *(line.text() for line in self.recalculation.lines)])

    def headline(self) -> str:
        """The same without the posted lines (a screen lists them in a table)."""
        if not self.queued:
            return "Изменение не затрагивает закрытые периоды: начисления учтут его в открытом."
        accounts = ", ".join(sorted({q.account_number for q in self.queued}))
        first = Period.from_code(min(q.from_period for q in self.queued))
        head = (f"Изменение затрагивает закрытые периоды начиная с «{first.title()}» "
                f"(л/с {accounts}).")
        if not self.recalculation.request_ids:
            return f"{head} Перерасчёт поставлен в очередь специалиста по начислениям."
        told = self.recalculation.summary()
        return " ".join([head, *(told if self.recalculation.error else told[:1])])


@dataclass(frozen=True)
class ResidentLine:
    """A registration in a flat, as lists show it: documents masked unless `revealed`."""

    registration_id: int
    person_id: int
    full_name: str
    birth_date: date | None
    kind: str
    date_from: date
    date_to: date | None
    relation: str | None
    arrived_from: str | None
    departed_to: str | None
    reason: str | None
    document: str | None
    account_number: str | None  # the room's account in a communal flat
    doc_text: str  # «Паспорт гражданина РФ 45 ** ******»
    snils_text: str
    current: bool


@dataclass(frozen=True)
class OwnerLine:
    owner_id: int
    name: str
    share_num: int
    share_den: int
    date_from: date
    date_to: date | None
    document: str | None
    account_number: str | None

    @property
    def share(self) -> str:
        return f"{self.share_num}/{self.share_den}"


@dataclass(frozen=True)
class FlatView:
    premise_id: int
    account_id: int
    account_number: str
    payer_name: str
    city: str
    address: str  # «ул. Ленина, д. 5, кв. 12»
    communal: bool  # several accounts (rooms) in the premise
    total_area: str
    residents: list[ResidentLine] = field(default_factory=list)  # current first, then history
    owners: list[OwnerLine] = field(default_factory=list)
    revealed: bool = False  # documents shown in full (the viewer has the right; audited)

    @property
    def current(self) -> list[ResidentLine]:
        return [r for r in self.residents if r.current]


@dataclass(frozen=True)
class PersonCard:
    person_id: int
    version: int
    full_name: str
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date | None
    birth_place: str | None
    sex: str | None
    citizenship: str | None
    snils: str  # formatted, or masked
    doc_type: str | None
    doc_series: str  # full, or masked
    doc_number: str
    doc_issued_by: str | None
    doc_issued_on: date | None
    doc_code: str | None
    revealed: bool  # the documents above are the real ones (viewed with the right, audited)


@dataclass(frozen=True)
class HistoryLine:
    """One event of a person's or a flat's history."""

    day: date
    event: str  # «Зарегистрирован по месту жительства», «Снят с регистрации», «Новый документ»
    person_id: int
    full_name: str
    address: str
    details: str


@dataclass(frozen=True)
class PersonHit:
    person_id: int
    full_name: str
    birth_date: date | None
    address: str  # the current (or last) registration's address
    account_number: str | None
    registered: bool


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    user: str
    action: str  # «просмотр документов», «изменение документов», «печать формы №9»
    entity: str
    entity_id: str | None
    details: str
