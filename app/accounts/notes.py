"""Notes on an account: the operator's free text, kept with its author and time, audited."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.scope import require_visible
from app.accounts.views import NoteRow
from app.calc import bounds
from app.changes import Change, reports
from app.db import Database
from app.errors import DomainError, NotFound
from app.models import Account, AccountNote, Building, Premise, User
from app.rights import Actor, Right
from app.usecase import transaction

MAX_NOTE = bounds.MAX_NOTE
SYSTEM_AUTHOR = "Система"


@reports(Change.ACCOUNTS)
def add_note(db: Database, actor: Actor, account_id: int, text: str) -> NoteRow:
    """Add a note to the account; empty or overlong text is refused and nothing is written."""
    actor.require(Right.ACCOUNT_NOTE)
    body = (text or "").strip()
    if not body:
        raise DomainError("Заметка пустая: напишите, что нужно запомнить по этому счёту")
    if len(body) > MAX_NOTE:
        raise DomainError(
            f"Заметка слишком длинная: {len(body)} знаков, можно не больше {MAX_NOTE}"
        )
    problem = bounds.text_problem(body)
    if problem is not None:
        raise DomainError(f"Заметка не сохранена: {problem}")
    with transaction(db, actor, Right.ACCOUNT_NOTE) as tx:
        s = tx.session
        row = s.execute(
            select(Account.number, Building.company_id, Building.id)
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .where(Account.id == account_id)
        ).one_or_none()
        if row is None:
            raise NotFound("Лицевой счёт не найден: возможно, его удалили; обновите поиск")
        number, company_id, building_id = row
        require_visible(actor, company_id, building_id, number)
        note = AccountNote(account_id=account_id, created_at=tx.now,
                           author_id=actor.user_id, text=body)
        s.add(note)
        s.flush()
        tx.audit("note.add", "account", account_id,
                 after={"note_id": note.id, "number": number, "text": body})
        author = None
        if actor.user_id is not None:
            author = s.scalar(select(User.full_name).where(User.id == actor.user_id))
        return NoteRow(note_id=note.id, created_at=note.created_at,
                       author=author or actor.full_name or SYSTEM_AUTHOR, text=body)
