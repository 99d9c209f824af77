"""Citizens' claims about the quality of services: registered, worked on, answered; an act of
under-supply may be attached to the claim it answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.accounts.scope import visible_account_or_none
from app.db import Database
from app.errors import InvalidInput, NotFound, Problem
from app.models import Account, Claim, Service, UnderSupplyAct
from app.rights import Actor, Right
from app.usecase import transaction

STATUS_TITLES = {"new": "Новое", "in_work": "В работе", "answered": "Ответ дан"}


@dataclass(frozen=True)
class ClaimInput:
    applicant: str
    address: str
    text: str
    received_on: date
    account_number: str | None = None
    service_code: str | None = None


@dataclass(frozen=True)
class ClaimRow:
    id: int
    applicant: str
    address: str
    service_code: str | None
    text: str
    received_on: date
    status: str
    answer: str | None
    answered_on: date | None
    act_id: int | None

    @property
    def status_title(self) -> str:
        return STATUS_TITLES.get(self.status, self.status)


def register_claim(db: Database, actor: Actor, inp: ClaimInput) -> int:
    with transaction(db, actor, Right.ACCOUNT_NOTE) as tx:
        s = tx.session
        problems = [Problem(name, "обязательное поле") for name, value in (
            ("Заявитель", inp.applicant), ("Адрес", inp.address), ("Текст", inp.text))
            if not value.strip()]
        account = service = None
        if inp.account_number:
            found = visible_account_or_none(s, actor, inp.account_number)
            account = found[0].id if found else None
            if account is None:
                problems.append(Problem("Лицевой счёт", f"нет счёта {inp.account_number}"))
        if inp.service_code:
            service = s.scalar(select(Service.id).where(Service.code == inp.service_code))
            if service is None:
                problems.append(Problem("Услуга", f"нет услуги {inp.service_code}"))
        if problems:
            raise InvalidInput(problems, "Обращение не записано")
        row = Claim(account_id=account, applicant=inp.applicant.strip(),
                    address=inp.address.strip(), service_id=service, text=inp.text.strip(),
                    received_on=inp.received_on, status="new")
        s.add(row)
        s.flush()
        tx.audit("claim.add", "claim", row.id, after={"applicant": row.applicant,
                                                      "account_id": account, "text": row.text})
        return int(row.id)


def answer_claim(db: Database, actor: Actor, claim_id: int, answer: str, answered_on: date,
                 act_id: int | None = None) -> None:
    with transaction(db, actor, Right.ACCOUNT_EDIT) as tx:
        s = tx.session
        row = s.get(Claim, claim_id)
        if row is None:
            raise NotFound(f"Нет обращения {claim_id}")
        problems = [] if answer.strip() else [Problem("Ответ", "обязательное поле")]
        if answered_on < row.received_on:
            problems.append(Problem("Дата ответа", "раньше даты получения обращения"))
        if act_id is not None and s.get(UnderSupplyAct, act_id) is None:
            problems.append(Problem("Акт", f"нет акта {act_id}"))
        if problems:
            raise InvalidInput(problems, "Ответ не записан")
        before = {"status": row.status, "answer": row.answer}
        row.answer, row.answered_on, row.status = answer.strip(), answered_on, "answered"
        row.act_id = act_id if act_id is not None else row.act_id
        tx.audit("claim.answer", "claim", claim_id, before=before,
                 after={"status": row.status, "answer": row.answer, "act_id": row.act_id})


def claims(db: Database, actor: Actor, account_number: str | None = None) -> list[ClaimRow]:
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        q = (select(Claim, Service.code).outerjoin(Service, Service.id == Claim.service_id)
             .order_by(Claim.received_on.desc(), Claim.id.desc()))
        if account_number:
            q = q.join(Account, Account.id == Claim.account_id).where(
                Account.number == account_number)
        return [ClaimRow(c.id, c.applicant, c.address, code, c.text, c.received_on, c.status,
                         c.answer, c.answered_on, c.act_id) for c, code in s.execute(q)]
