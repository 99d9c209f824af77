"""«Массовое изменение тарифа»: a new value from a date for a filtered set of accounts.

The accounts go into an account list (an existing list with exactly the same members is reused),
and the list gets its own tariff from the date; the billing run takes the most specific tariff
(account list > building > supplier > everywhere), so those accounts are charged the new value
while everybody else keeps theirs. The list's previous tariff, if any, ends the day before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import (
    Account,
    AccountList,
    AccountListMember,
    AccountService,
    Building,
    Organization,
    Premise,
    Service,
    Tariff,
)
from app.rights import Actor, Right
from app.tariffs.editing import refuse_overlap, service_for_update
from app.tariffs.rules import refuse_closed, value_problems
from app.tariffs.slots import TARIFFS
from app.tariffs.views import AccountFilter, MassChangeResult
from app.usecase import transaction

NAME_LIMIT = 200


@reports(Change.TARIFFS)
def mass_tariff_change(db: Database, actor: Actor, service_code: str, new_value: Decimal,
                       date_from: date, flt: AccountFilter, zone: int = 0) -> MassChangeResult:
    with transaction(db, actor, Right.TARIFFS_EDIT) as tx:
        s = tx.session
        svc = service_for_update(s, service_code)
        problems = value_problems(new_value, date_from, None, "Тариф")
        if flt.empty:
            problems.append(Problem("Фильтр", "Укажите управляющую компанию, дом или номера "
                                              "счетов; тариф для всех меняется в списке тарифов"))
        top = svc.zones if svc.zones > 1 else 0
        if not 0 <= zone <= top:
            problems.append(Problem("Зона", f"У услуги «{svc.name}» нет зоны {zone}"))
        if problems:
            raise InvalidInput(problems, "Тариф не изменён")
        refuse_closed(s, date_from, "тариф")
        ids, skipped = filtered_accounts(s, actor, svc, flt, date_from)
        lst, reused = list_for(s, ids, _list_name(s, svc, flt, date_from))
        closed = _end_previous(s, svc.id, lst.id, ids, zone, date_from)
        tariff = Tariff(service_id=svc.id, account_list_id=lst.id, zone=zone,
                        value=Decimal(new_value), date_from=date_from, date_to=None)
        s.add(tariff)
        s.flush()
        refuse_overlap(s, TARIFFS, tariff)
        tx.audit("tariff.mass_change", "tariff", tariff.id, after={
            "service": svc.code, "value": tariff.value, "date_from": date_from, "zone": zone,
            "filter": {"company_id": flt.company_id, "building_id": flt.building_id,
                       "numbers": list(flt.numbers)},
            "list_id": lst.id, "list_name": lst.name, "list_reused": reused,
            "accounts": len(ids), "closed_tariff_ids": closed, "skipped": skipped})
        return MassChangeResult(lst.id, lst.name, reused, len(ids), tariff.id, tuple(closed),
                                tuple(skipped))


def filtered_accounts(s: Session, actor: Actor, svc: Service, flt: AccountFilter, day: date
                      ) -> tuple[list[int], list[str]]:
    """Accounts matching the filter, visible to the actor, with the service connected on or
    after `day`; and the numbers the operator named that lack the service."""
    q = (select(Account.id, Account.number)
         .join(Premise, Premise.id == Account.premise_id)
         .join(Building, Building.id == Premise.building_id)
         .where(or_(Account.closed_on.is_(None), Account.closed_on >= day)))
    if flt.company_id is not None:
        q = q.where(Building.company_id == flt.company_id)
    if flt.building_id is not None:
        q = q.where(Building.id == flt.building_id)
    if actor.company_ids:
        q = q.where(Building.company_id.in_(actor.company_ids))
    if actor.building_ids:
        q = q.where(Building.id.in_(actor.building_ids))
    numbers = sorted({n.strip() for n in flt.numbers if n.strip()})
    if numbers:
        q = q.where(Account.number.in_(numbers))
    found = dict(s.execute(q).all())
    unknown = sorted(set(numbers) - set(found.values()))
    if unknown:
        raise InvalidInput([Problem(n, "лицевой счёт не найден, закрыт раньше даты или вне "
                                       "вашей области доступа") for n in unknown],
                           "Тариф не изменён")
    with_service = set(s.scalars(
        select(AccountService.account_id).where(
            AccountService.service_id == svc.id,
            AccountService.account_id.in_(q.with_only_columns(Account.id)),
            or_(AccountService.date_to.is_(None), AccountService.date_to >= day))))
    if not with_service:
        raise InvalidInput([Problem("Фильтр", f"Под фильтр не попал ни один лицевой счёт с "
                                              f"услугой «{svc.name}»")], "Тариф не изменён")
    skipped = sorted(found[i] for i in found if i not in with_service) if numbers else []
    return sorted(with_service), skipped


def list_for(s: Session, ids: Sequence[int], name: str) -> tuple[AccountList, bool]:
    """The account list with exactly these members, or a new one named `name`."""
    wanted = set(ids)
    candidates = s.scalars(select(AccountListMember.list_id)
                           .where(AccountListMember.account_id == ids[0])).all()
    for list_id in candidates:
        members = set(s.scalars(select(AccountListMember.account_id)
                                .where(AccountListMember.list_id == list_id)))
        if members == wanted:
            found = s.get(AccountList, list_id)
            assert found is not None
            return found, True
    lst = AccountList(name=_unique_name(s, name))
    s.add(lst)
    s.flush()
    s.execute(insert(AccountListMember), [{"list_id": lst.id, "account_id": i} for i in ids])
    return lst, False


def _unique_name(s: Session, name: str) -> str:
    base = name[:NAME_LIMIT - 6]
    taken = set(s.scalars(select(AccountList.name).where(AccountList.name.like(f"{base}%"))))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base} ({n})"
    return candidate


def _list_name(s: Session, svc: Service, flt: AccountFilter, day: date) -> str:
    parts = []
    if flt.company_id is not None:
        org = s.get(Organization, flt.company_id)
        parts.append(org.short_name if org else f"УК №{flt.company_id}")
    if flt.building_id is not None:
        b = s.get(Building, flt.building_id)
        parts.append(f"{b.street}, д. {b.house}" if b else f"дом №{flt.building_id}")
    if flt.numbers:
        parts.append(f"{len(flt.numbers)} сч.")
    return f"{svc.name} с {day:%d.%m.%Y}: {', '.join(parts)}"


def _end_previous(s: Session, service_id: int, list_id: int, ids: Sequence[int], zone: int,
                  day: date) -> list[int]:
    """End, the day before, the list tariffs in force on `day` that the filtered accounts are
    charged by: the target list's own, and those of other lists made only of filtered accounts
    (all their members get the new value anyway). A list that also holds other accounts would
    leave its accounts with two list tariffs at once, so it is refused with its name."""
    rows = s.scalars(select(Tariff).where(
        Tariff.service_id == service_id, Tariff.zone == zone, Tariff.account_list_id.is_not(None),
        or_(Tariff.date_to.is_(None), Tariff.date_to >= day)).order_by(Tariff.date_from)).all()
    wanted, problems, closed = set(ids), [], []
    for lid in sorted({t.account_list_id for t in rows if t.account_list_id is not None}):
        members = set(s.scalars(select(AccountListMember.account_id)
                                .where(AccountListMember.list_id == lid)))
        touched = members & wanted
        if not touched:
            continue
        mine = [t for t in rows if t.account_list_id == lid]
        name = f"Список «{s.get(AccountList, lid).name}»"  # type: ignore[union-attr]
        if lid != list_id and not members <= wanted:
            problems.append(Problem(name, (
                f"в нём {len(touched)} из отобранных счетов и ещё {len(members - touched)} "
                f"других, у него свой тариф {TARIFFS.describe(mine[0])}: измените тариф этого "
                f"списка отдельно или уберите его счета из фильтра")))
            continue
        for t in mine:
            if t.date_from < day:
                t.date_to = day - timedelta(days=1)
                closed.append(int(t.id))
            elif lid != list_id:
                problems.append(Problem(name, (
                    f"у списка тариф {TARIFFS.describe(t)}, он начинается не раньше новой "
                    f"даты: измените его отдельно")))
    if problems:
        raise InvalidInput(problems, "Тариф не изменён")
    return closed


def list_members(db: Database, list_id: int) -> list[str]:
    """Account numbers of a list, for showing what a list tariff covers."""
    with db.session() as s:
        return list(s.scalars(select(Account.number)
                              .join(AccountListMember, AccountListMember.account_id == Account.id)
                              .where(AccountListMember.list_id == list_id)
                              .order_by(Account.number)))

