"""The rights walk (issue #23): every use case of the application layer, found in the code, is
called by a user lacking the right it needs and refuses with AccessDenied, writing nothing.

Use cases are found, not listed by hand: every public function of the application packages
whose first two parameters are `(db, actor)`. `RIGHTS` below says which right each one needs; a
new use case that is not in it fails `test_every_use_case_is_in_the_walk`, so nobody adds one
without deciding who may call it. The right is checked before anything else is read or written,
so the walk passes no real arguments: a use case that does any work before refusing fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from types import GeneratorType
from typing import Any

import pytest
from sqlalchemy import func, select

import app
from app.db import Database
from app.errors import AccessDenied
from app.models import Base
from app.rights import Actor, Right
from tests.factories import TownFactory

# every package of `app` is the application layer but these (a new package is walked too)
NOT_APPLICATION = {"calc", "models", "ui", "commands", "print"}
APPLICATION = sorted(info.name for info in pkgutil.iter_modules(app.__path__)
                     if info.ispkg and info.name not in NOT_APPLICATION)


def use_cases() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for package in APPLICATION:
        root = importlib.import_module(f"app.{package}")
        modules = [root] + [importlib.import_module(info.name) for info in
                            pkgutil.walk_packages(root.__path__, f"app.{package}.")]
        for module in modules:
            for name, function in vars(module).items():
                if (name.startswith("_") or not inspect.isfunction(function)
                        or function.__module__ != module.__name__):
                    continue
                if list(inspect.signature(function).parameters)[:2] == ["db", "actor"]:
                    found[f"{module.__name__}.{name}"] = function
    return found


class AnyOf(frozenset[Right]):
    """Any one of these rights is enough: the walker takes them all away."""

    def __new__(cls, *rights: Right) -> AnyOf:
        return super().__new__(cls, rights)


OWN = "own"  # acts on the caller's own account only (their password): needs no right
# the second step of another use case, run under the right that use case was allowed by (it is
# passed in): tested on its own below, with the right it is given
STEP = "step"

# what each use case needs: a right; a tuple — all of them (each missing alone refuses);
# AnyOf — one of them; OWN — nothing but being a logged-in user
RIGHTS: dict[str, Right | tuple[Right, ...] | AnyOf | str] = {
    "app.accounts.card.load_card": Right.ACCOUNT_VIEW,
    "app.accounts.lookup.lookup": Right.ACCOUNT_VIEW,
    "app.accounts.lookup.lookup_statements": Right.ACCOUNT_VIEW,
    "app.accounts.notes.add_note": Right.ACCOUNT_NOTE,
    "app.admin.backup.backup": Right.ADMIN,
    "app.admin.upgrade.upgrade_with_backup": Right.ADMIN,
    "app.auth.roles.delete_role": Right.ADMIN,
    "app.auth.roles.list_roles": Right.ADMIN,
    "app.auth.roles.save_role": Right.ADMIN,
    "app.auth.users.add_user": Right.ADMIN,
    "app.auth.users.change_own_password": OWN,
    "app.auth.users.edit_user": Right.ADMIN,
    "app.auth.users.list_users": Right.ADMIN,
    "app.auth.users.reset_password": Right.ADMIN,
    "app.auth.users.scope_choices": Right.ADMIN,
    "app.auth.users.unlock_user": Right.ADMIN,
    "app.billing.results.account_charges": Right.ACCOUNT_VIEW,
    "app.billing.results.charges_for_period": Right.ACCOUNT_VIEW,
    "app.billing.run.calculate": Right.BILLING_RUN,
    "app.billing.run.run_billing": Right.BILLING_RUN,
    "app.cashdesk.fiscal.send_queued": Right.CASH_TAKE,
    "app.cashdesk.intake.read_scan": Right.CASH_TAKE,
    "app.cashdesk.posting.post_payment": Right.CASH_TAKE,
    "app.cashdesk.posting.posting_transaction": Right.CASH_TAKE,
    "app.cashdesk.registries.export_registry": AnyOf(Right.CASH_TAKE, Right.REPORTS),
    "app.cashdesk.registries.import_registry": Right.CASH_TAKE,
    "app.cashdesk.registries.preview_registry": Right.CASH_TAKE,
    "app.cashdesk.registries.supplier_owed": AnyOf(Right.CASH_TAKE, Right.REPORTS),
    "app.cashdesk.shifts.cancel_payment": Right.CASH_CANCEL,
    "app.cashdesk.shifts.cash_move": Right.CASH_TAKE,
    "app.cashdesk.shifts.close_shift": Right.CASH_TAKE,
    "app.cashdesk.shifts.current_shift": Right.CASH_TAKE,
    "app.cashdesk.shifts.open_shift": Right.CASH_TAKE,
    "app.cashdesk.shifts.refund_payment": Right.CASH_CANCEL,
    "app.cashdesk.shifts.shift_payments": Right.CASH_TAKE,
    "app.cashdesk.shifts.take_payment": Right.CASH_TAKE,
    "app.cashdesk.shifts.x_report": Right.CASH_TAKE,
    "app.debtors.agreements.agreements_of": Right.DEBTORS,
    "app.debtors.agreements.review_agreements": Right.DEBTORS,
    "app.debtors.agreements.sign_agreement": Right.DEBTORS,
    "app.debtors.cases.advance_case": Right.DEBTORS,
    "app.debtors.cases.cases_needing_action": Right.DEBTORS,
    "app.debtors.cases.open_case": Right.DEBTORS,
    "app.debtors.cases.record_recovery": Right.DEBTORS,
    "app.debtors.lists.debtor_list": Right.DEBTORS,
    "app.debtors.notices.issue_notices": Right.DEBTORS,
    "app.debtors.notices.record_delivery": Right.DEBTORS,
    "app.documents.certificates.account_statement": Right.ACCOUNT_VIEW,
    "app.documents.certificates.certificate_journal": Right.CERTIFICATE_ISSUE,
    "app.documents.certificates.issue_certificate": Right.CERTIFICATE_ISSUE,
    "app.documents.certificates.print_certificate": Right.CERTIFICATE_ISSUE,
    "app.documents.certificates.print_statement": Right.ACCOUNT_VIEW,
    "app.documents.epd_print.epd_document": Right.ACCOUNT_VIEW,
    "app.documents.epd_print.print_epd": Right.ACCOUNT_VIEW,
    "app.documents.epd_print.print_epds": Right.ACCOUNT_VIEW,
    "app.documents.menu.produce": Right.ACCOUNT_VIEW,
    "app.exchange.importer.import_path": Right.IMPORT,
    "app.exchange.importer.import_source": Right.IMPORT,
    "app.ledger.periods.close_period": Right.PERIOD_CLOSE,
    "app.ledger.snapshots.rebuild_snapshots": Right.ADMIN,
    "app.meters.entry.check_readings": Right.ACCOUNT_VIEW,
    "app.meters.entry.enter_readings": Right.READINGS_ENTER,
    "app.meters.entry.is_closed_period": Right.READINGS_ENTER,
    "app.meters.entry.reading_sheet": Right.ACCOUNT_VIEW,
    "app.meters.entry.sheet_choices": Right.ACCOUNT_VIEW,
    "app.meters.exporting.export_blank_sheets": Right.ACCOUNT_VIEW,
    "app.meters.importing.import_readings": Right.READINGS_ENTER,
    "app.meters.registry.add_meter": Right.METERS_EDIT,
    "app.meters.registry.edit_meter": Right.METERS_EDIT,
    "app.meters.registry.list_meters": Right.ACCOUNT_VIEW,
    "app.meters.registry.meter_card": Right.ACCOUNT_VIEW,
    "app.meters.registry.remove_meter": Right.METERS_EDIT,
    "app.meters.registry.replace_meter": Right.METERS_EDIT,
    "app.meters.verification.verification_list": Right.ACCOUNT_VIEW,
    "app.passport.billing_effect.mark_done": Right.BILLING_RUN,
    "app.passport.billing_effect.open_requests": Right.ACCOUNT_VIEW,
    "app.passport.flat.flat_history": Right.ACCOUNT_VIEW,
    "app.passport.flat.flat_view": Right.ACCOUNT_VIEW,
    "app.passport.flat.owners_of": Right.ACCOUNT_VIEW,
    "app.passport.forms.address_sheet": Right.PERSONAL_DATA,
    "app.passport.forms.form10": Right.PERSONAL_DATA,
    "app.passport.forms.form9": Right.PERSONAL_DATA,
    "app.passport.people.change_documents": (Right.PERSONAL_DATA, Right.PASSPORT_EDIT),
    "app.passport.people.find_persons": Right.ACCOUNT_VIEW,
    "app.passport.people.person_card": Right.ACCOUNT_VIEW,
    "app.passport.people.person_history": Right.ACCOUNT_VIEW,
    "app.passport.people.personal_data_log": Right.PERSONAL_DATA,
    "app.passport.registration.register_arrival": Right.PASSPORT_EDIT,
    "app.passport.registration.register_departure": Right.PASSPORT_EDIT,
    "app.penalties.calculate.account_penalty": Right.ACCOUNT_VIEW,
    "app.penalties.posting.post_penalties": Right.BILLING_RUN,
    "app.penalties.tables.delete_key_rate": Right.TARIFFS_EDIT,
    "app.penalties.tables.key_rates": Right.ACCOUNT_VIEW,
    "app.penalties.tables.penalty_rules": Right.ACCOUNT_VIEW,
    "app.penalties.tables.set_key_rate": Right.TARIFFS_EDIT,
    "app.penalties.tables.set_rule_enabled": Right.TARIFFS_EDIT,
    "app.recalc.absence.recalculate_absence": Right.ACCOUNT_EDIT,
    "app.recalc.absence.register_absence": Right.ACCOUNT_EDIT,
    "app.recalc.acts.register_act": Right.BILLING_RUN,
    "app.recalc.claims.answer_claim": Right.ACCOUNT_EDIT,
    "app.recalc.claims.claims": Right.ACCOUNT_VIEW,
    "app.recalc.claims.register_claim": Right.ACCOUNT_NOTE,
    "app.recalc.corrections.post_correction": Right.CORRECTION,
    "app.recalc.corrections.transfer_balance": Right.CORRECTION,
    "app.recalc.retro.recalculate": Right.BILLING_RUN,
    "app.recalc.retro.recalculation_steps": Right.BILLING_RUN,
    "app.recalc.retro.reverse_recalculation": Right.BILLING_RUN,
    "app.reports.charges.charges_summary": Right.REPORTS,
    "app.reports.choices.report_choices": Right.REPORTS,
    "app.reports.payments.payments_journal": Right.REPORTS,
    "app.reports.turnover.turnover": Right.REPORTS,
    "app.tariffs.editing.close_and_replace": Right.TARIFFS_EDIT,
    "app.tariffs.editing.close_and_replace_norm": Right.TARIFFS_EDIT,
    "app.tariffs.editing.delete_norm": Right.TARIFFS_EDIT,
    "app.tariffs.editing.delete_tariff": Right.TARIFFS_EDIT,
    "app.tariffs.editing.save_norm": Right.TARIFFS_EDIT,
    "app.tariffs.editing.save_tariff": Right.TARIFFS_EDIT,
    "app.tariffs.mass_change.mass_tariff_change": Right.TARIFFS_EDIT,
    "app.accounts.editing.change_account_dates": Right.ACCOUNT_EDIT,
    "app.accounts.editing.change_area": Right.ACCOUNT_EDIT,
    "app.accounts.lifecycle.close_account": Right.ACCOUNT_EDIT,
    "app.accounts.lifecycle.merge_accounts": Right.ACCOUNT_EDIT,
    "app.accounts.lifecycle.open_account": Right.ACCOUNT_EDIT,
    "app.accounts.lifecycle.premise_accounts": Right.ACCOUNT_VIEW,
    "app.accounts.lifecycle.split_account": Right.ACCOUNT_EDIT,
    "app.admin.audit_log.audit_choices": Right.ADMIN,
    "app.admin.audit_log.audit_entries": Right.ADMIN,
    "app.admin.backup_status.backup_job": Right.ADMIN,
    "app.admin.backup_status.set_warn_hours": Right.ADMIN,
    "app.admin.contracts.list_contracts": Right.ADMIN,
    "app.admin.contracts.party_choices": Right.ADMIN,
    "app.admin.contracts.save_contract": Right.ADMIN,
    "app.admin.housing.list_buildings": Right.ADMIN,
    "app.admin.housing.list_premises": Right.ADMIN,
    "app.admin.housing.save_building": Right.ADMIN,
    "app.admin.housing.save_premise": Right.ADMIN,
    "app.admin.organizations.list_organizations": Right.ADMIN,
    "app.admin.organizations.save_organization": Right.ADMIN,
    "app.admin.services.list_services": Right.ADMIN,
    "app.admin.services.save_service": Right.ADMIN,
    "app.cashdesk.registries.import_steps": Right.CASH_TAKE,
    "app.cashdesk.registries.preview_steps": Right.CASH_TAKE,
    "app.cashdesk.shifts.refundable_payments": Right.CASH_CANCEL,
    "app.cashdesk.transfers.record_transfer": Right.TRANSFERS,
    "app.debtors.notice_print.print_notices": Right.DEBTORS,
    "app.debtors.views.account_debt_view": Right.DEBTORS,
    "app.debtors.views.court_cases": Right.DEBTORS,
    "app.debtors.views.debtor_choices": Right.DEBTORS,
    "app.documents.epd_print.delivery_ids": Right.ACCOUNT_VIEW,
    "app.documents.penalty_statement.penalty_statement": Right.ACCOUNT_VIEW,
    "app.documents.penalty_statement.print_penalty_statement": Right.ACCOUNT_VIEW,
    "app.passport.billing_effect.finish": Right.PASSPORT_EDIT,
    "app.passport.billing_effect.run_open_requests": Right.BILLING_RUN,
    "app.passport.ownership.change_ownership": Right.PASSPORT_EDIT,
    "app.passport.ownership.change_payer": Right.PASSPORT_EDIT,
    "app.recalc.trigger.run_queued": STEP,
    "app.recalc.trigger.run_requests": STEP,
    "app.reports.analytics.dashboard": Right.REPORTS,
    "app.reports.readings.readings_coverage": Right.REPORTS,
    "app.reports.readings.readings_missing": Right.REPORTS,
    "app.reports.suppliers.supplier_money": Right.REPORTS,
    "app.reports.tariffs.tariffs_in_force": Right.REPORTS,
    "app.tariffs.editing.correct_norm": Right.TARIFFS_EDIT,
    "app.tariffs.editing.correct_tariff": Right.TARIFFS_EDIT,
    "app.tariffs.editing.replace_norm_retroactively": Right.TARIFFS_EDIT,
    "app.tariffs.editing.replace_retroactively": Right.TARIFFS_EDIT,
}


def lacking(*rights: Right) -> Actor:
    """A logged-in user with every right but `rights`."""
    return Actor(user_id=1, login="walker", full_name="Без права", roles=frozenset(),
                 granted=frozenset(Right) - set(rights))


def call(function: Callable[..., Any], db: Database, actor: Actor) -> None:
    """`function` with no real arguments: the refusal must come before they are looked at."""
    params = list(inspect.signature(function).parameters.values())[2:]
    args = [None for p in params if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    kwargs = {p.name: None for p in params if p.default is inspect.Parameter.empty
              and p.kind is p.KEYWORD_ONLY}
    result = function(db, actor, *args, **kwargs)
    if isinstance(result, GeneratorType):  # a long job refuses at its first step
        next(result)


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables}


def test_every_use_case_is_in_the_walk() -> None:
    found = set(use_cases())
    assert len(found) > 100
    assert sorted(found - RIGHTS.keys()) == [], "new use cases: say what right each needs"
    assert sorted(RIGHTS.keys() - found) == [], "gone or renamed: take them out of the walk"


def test_a_triggered_recalculation_runs_only_under_the_right_it_is_given(
        sqlite_db: Database) -> None:
    from app.recalc.trigger import run_queued, run_requests

    with pytest.raises(AccessDenied):
        run_requests(sqlite_db, lacking(Right.PASSPORT_EDIT), [1], Right.PASSPORT_EDIT)
    reported = run_queued(sqlite_db, lacking(Right.TARIFFS_EDIT), [1], Right.TARIFFS_EDIT)
    assert reported.error is not None and "Нет права" in reported.error


def _refusals(needs: Right | tuple[Right, ...] | AnyOf | str) -> list[tuple[Right, ...]]:
    if isinstance(needs, AnyOf):
        return [tuple(needs)]
    if isinstance(needs, tuple):
        return [(r,) for r in needs]
    assert isinstance(needs, Right)
    return [(needs,)]


def test_every_use_case_refuses_a_user_lacking_its_right_and_writes_nothing(
        sqlite_db: Database) -> None:
    TownFactory(sqlite_db).build().account(flat="1")
    before = row_counts(sqlite_db)
    not_refused = []
    for name, function in sorted(use_cases().items()):
        needs = RIGHTS[name]
        if needs in (OWN, STEP):
            continue
        for missing in _refusals(needs):
            try:
                call(function, sqlite_db, lacking(*missing))
            except AccessDenied as exc:
                assert "Нет права" in exc.message, name
                continue
            except Exception as exc:
                not_refused.append(f"{name} without {missing}: {type(exc).__name__}: {exc}")
                continue
            not_refused.append(f"{name} without {missing}: done")
    assert not_refused == []
    assert row_counts(sqlite_db) == before


def test_a_user_with_the_right_gets_past_the_check() -> None:
    """The walk's refusals come from the missing right, not from an actor refused anything:
    with all rights, a use case goes on to look at its (absent) arguments."""
    from app.accounts.lookup import lookup

    with pytest.raises(Exception) as went_on:
        lookup(None, lacking(), None)  # type: ignore[arg-type]
    assert not isinstance(went_on.value, AccessDenied)


def test_own_password_is_changed_only_by_a_logged_in_user(sqlite_db: Database) -> None:
    from app.auth.users import change_own_password
    from app.rights import SYSTEM

    with pytest.raises(AccessDenied):
        change_own_password(sqlite_db, SYSTEM, "x", "yyyyyy", "yyyyyy")
