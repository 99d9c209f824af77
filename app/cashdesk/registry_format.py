"""Bank payment registries: each bank's profile and the pure parser (lines and problems, never
raising on a bad line — beancount's way).

Profiles (documented in the README):

`sber` — windows-1251, one payment a line, footer with control totals:
    ДД-ММ-ГГГГ;ЧЧ-ММ-СС;отделение;номер операции;лицевой счёт;ФИО;адрес;ММГГГГ;сумма;показания
    =число строк;общая сумма
`ubrir` — UTF-8, header with control totals, amounts in kopecks:
    #РЕЕСТР;ДД.ММ.ГГГГ;число строк;сумма в копейках
    номер операции;ДД.ММ.ГГГГ;лицевой счёт;ММ.ГГГГ;сумма в копейках;показания

Amounts in roubles take a comma or a point and at most two decimals. Readings: `заводской
номер:значение` pairs separated by commas (`СВ-123:456.78,Э-9:1200`), an empty field when none.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.calc.account_number import check_account_number
from app.calc.money import parse_rub
from app.calc.period import Period
from app.errors import DomainError, Problem


@dataclass(frozen=True)
class BankProfile:
    code: str
    title: str
    inn: str  # the bank's ИНН (its organisation in the database)
    encoding: str
    date_format: str
    columns: dict[str, int]  # field → column index
    amount_in_kopecks: bool
    totals: str  # "footer" (=count;sum) or "header" (#РЕЕСТР;date;count;sum)
    commission_bp: int  # the bank's commission, hundredths of a percent


PROFILES = {
    "sber": BankProfile(
        "sber", "ПАО Сбербанк", "7707083893", "cp1251", "%d-%m-%Y",
        {"date": 0, "op": 3, "account": 4, "payer": 5, "period": 7, "amount": 8,
         "readings": 9}, amount_in_kopecks=False, totals="footer", commission_bp=120),
    "ubrir": BankProfile(
        "ubrir", "ПАО КБ «УБРиР»", "6608008004", "utf-8", "%d.%m.%Y",
        {"op": 0, "date": 1, "account": 2, "period": 3, "amount": 4, "readings": 5},
        amount_in_kopecks=True, totals="header", commission_bp=150),
}


def profile(code: str) -> BankProfile:
    try:
        return PROFILES[code.strip().lower()]
    except KeyError:
        raise DomainError(f"Нет профиля реестра для банка «{code}»: известны "
                          f"{', '.join(sorted(PROFILES))}") from None


@dataclass(frozen=True)
class RegistryLine:
    number: int  # line in the file
    op: str  # the bank's operation number: with the bank, the payment's key
    paid_on: date
    account: str
    period: Period | None
    amount: int
    readings: tuple[tuple[str, Decimal], ...] = ()


@dataclass
class ParsedRegistry:
    name: str
    profile: BankProfile
    digest: str
    lines: list[RegistryLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    declared_lines: int | None = None
    declared_total: int | None = None
    rejected: int = 0  # lines refused
    rejected_amount: int = 0  # their amounts, where readable (they count in the bank's total)
    unreadable_amounts: int = 0  # the sum cannot be checked against the totals line then

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def file_problems(self) -> list[Problem]:
        """Problems of the file as a whole: it is refused, nothing of it posts."""
        return [p for p in self.problems if p.where == "файл"]


def parse_registry(name: str, data: bytes, prof: BankProfile) -> ParsedRegistry:
    out = ParsedRegistry(name, prof, hashlib.sha256(data).hexdigest())
    try:
        text = data.decode(prof.encoding)
    except UnicodeDecodeError:
        out.problems.append(Problem("файл", f"Файл не в кодировке {prof.encoding}, как "
                                            f"присылает {prof.title}: проверьте банк"))
        return out
    rows = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip()]
    for n, line in rows:
        if line.startswith("=") and prof.totals == "footer":
            _totals(out, n, line[1:].split(";"), 0, prof)
        elif line.startswith("#") and prof.totals == "header":
            _totals(out, n, line.split(";"), 2, prof)
        else:
            _line(out, n, line.split(";"), prof)
    _check_totals(out)
    return out


def _amount(text: str, prof: BankProfile) -> int:
    if prof.amount_in_kopecks:
        if not text.strip().isdigit():
            raise ValueError(f"сумма в копейках — целое число, а не «{text}»")
        return int(text)
    return parse_rub(text)


def _totals(out: ParsedRegistry, n: int, cells: list[str], at: int, prof: BankProfile) -> None:
    try:
        out.declared_lines = int(cells[at])
        out.declared_total = _amount(cells[at + 1], prof)
    except (IndexError, ValueError):
        out.problems.append(Problem("файл", f"строка {n}: итоговая строка не читается"))


def _check_totals(out: ParsedRegistry) -> None:
    from app.calc.money import format_rub

    if out.declared_lines is None or out.declared_total is None:
        if not out.file_problems:
            where = "нижней" if out.profile.totals == "footer" else "верхней"
            out.problems.append(Problem("файл", f"Нет {where} итоговой строки с числом "
                                                "платежей и суммой: реестр неполный"))
        return
    count = len(out.lines) + out.rejected
    total = out.total + out.rejected_amount
    if count != out.declared_lines:
        out.problems.append(Problem("файл", f"В итоговой строке {out.declared_lines} "
                                            f"платежей, а в файле {count}"))
    elif total != out.declared_total and not out.unreadable_amounts:
        out.problems.append(Problem("файл", f"Сумма в итоговой строке "
                                            f"{format_rub(out.declared_total)}, а сумма строк "
                                            f"{format_rub(total)}"))


def _line(out: ParsedRegistry, n: int, cells: list[str], prof: BankProfile) -> None:
    c = prof.columns
    where = f"строка {n}"
    try:
        if len(cells) <= max(v for k, v in c.items() if k != "readings"):
            raise ValueError(f"{len(cells)} полей вместо {len(c)}")
        op = cells[c["op"]].strip()
        if not op:
            raise ValueError("нет номера операции")
        paid_on = datetime.strptime(cells[c["date"]].strip(), prof.date_format).date()
        try:
            account = check_account_number(cells[c["account"]])
        except ValueError as exc:
            raise ValueError(f"лицевой счёт: {exc}") from None
        raw_period = cells[c["period"]].strip()
        period = Period.parse(raw_period) if raw_period else None
        amount = _amount(cells[c["amount"]], prof)
        if amount <= 0:
            raise ValueError("сумма должна быть больше нуля")
        readings = _readings(cells[c["readings"]] if len(cells) > c["readings"] else "")
    except ValueError as exc:
        out.problems.append(Problem(where, str(exc)))
        out.rejected += 1
        try:
            out.rejected_amount += _amount(cells[c["amount"]], prof)
        except (IndexError, ValueError):
            out.unreadable_amounts += 1
        return
    out.lines.append(RegistryLine(n, op, paid_on, account, period, amount, readings))


def _readings(text: str) -> tuple[tuple[str, Decimal], ...]:
    out = []
    for pair in filter(None, (p.strip() for p in text.split(","))):
        serial, sep, value = pair.partition(":")
        if not sep or not serial.strip():
            raise ValueError(f"показание «{pair}»: нужно «номер прибора:значение»")
        try:
            out.append((serial.strip(), Decimal(value.strip().replace(" ", ""))))
        except InvalidOperation:
            raise ValueError(f"показание «{pair}»: значение не число") from None
    return tuple(out)
