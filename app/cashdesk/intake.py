"""What the desk shows for a scan or a typed account: payer, address, debt by service and
supplier, penalties, the amount due — read in one go, for the workspace and `kvartal pay`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.scope import visible_account
from app.accounts.text import address_line
from app.auth.login import actor_for
from app.calc.period import Period
from app.cashdesk.codes import ScannedDocument, parse_scan
from app.cashdesk.debts import account_debts
from app.db import Database
from app.errors import AccessDenied, DomainError
from app.models import Organization, Service, User
from app.models.enums import AccountStatus
from app.rights import Actor, Right


@dataclass(frozen=True)
class DebtLine:
    service_code: str
    service_name: str
    supplier: str
    debt: int  # kopecks outstanding, all periods
    penalty: int  # of which penalties posted
    document: int  # outstanding for the document's period


@dataclass(frozen=True)
class DeskDocument:
    scan: ScannedDocument
    account_id: int
    account: str
    payer: str
    address: str
    company: str
    lines: list[DebtLine]
    debt: int  # total outstanding
    penalty: int
    amount_due: int  # what to take by default: the document's amount, else the debt

    @property
    def period(self) -> Period | None:
        return self.scan.period


def read_scan(db: Database, actor: Actor, text: str) -> DeskDocument:
    """Parse a scan (either code, a bare account number, either keyboard layout) and load
    what the cashier needs; a bad code or a closed or unknown account says so in Russian."""
    actor.require(Right.CASH_TAKE)
    scan = parse_scan(text)
    with db.session() as s:
        account, premise, building = visible_account(s, actor, scan.account)
        if account.status != AccountStatus.OPEN:
            raise DomainError(f"Лицевой счёт {account.number} закрыт: платежи на него не "
                              "принимаются")
        out = account_debts(s, account.id)
        services = {i: (c, n, o) for i, c, n, o in s.execute(
            select(Service.id, Service.code, Service.name, Service.sort_order))}
        orgs = {i: n for i, n in s.execute(select(Organization.id, Organization.short_name))}
        penalties = out.penalties
        doc = {(int(d.service_code), int(d.supplier_key or 0)): d.amount
               for d in out.of_period(scan.period)} if scan.period else {}
        keys = sorted(set(out.by_key()) | set(doc), key=lambda k: (services[k[0]][2], k[1]))
        lines = [
            DebtLine(services[k[0]][0], services[k[0]][1], orgs.get(k[1], ""),
                     out.by_key().get(k, 0),
                     min(max(penalties.get(k, 0), 0), out.by_key().get(k, 0)), doc.get(k, 0))
            for k in keys
        ]
        company = orgs.get(building.company_id, "") if building.company_id else ""
        debt = out.total
        due = scan.amount if scan.amount is not None else max(debt, 0)
        where = address_line(building.street, building.house, premise.number, premise.kind)
        return DeskDocument(scan, account.id, account.number, account.payer_name,
                            f"{building.city}, {where}", company, lines, debt,
                            sum(line.penalty for line in lines), due)


def cashier_actor(db: Database, login: str) -> Actor:
    """The acting user named on the command line (a batch job run by someone with access to
    the database); a blocked or unknown login is refused."""
    with db.session() as s:
        user = s.scalar(select(User).where(User.login == login.strip().lower()))
        if user is None or not user.active:
            raise AccessDenied(f"Пользователь {login} не найден или заблокирован")
        return actor_for(s, user)
