"""The stored basis of a monthly penalty operation, and its «почему столько».

The posting writes figures only (thousands of rows a month); the text is made when someone
reads it:

    {"penalty_total": 31423, "posted_before": 15688, "on": "2026-06-30",
     "debts": [[202602, 1000000, 1000000, "2026-03-15", 31423]], "repaid": 0}

`debts`: each open period's debt of the service — period, debt, left unpaid, due date, penalty;
`repaid`: the penalty of the service's debts already repaid in full.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.calc.money import format_rub
from app.calc.period import Period


def penalty_basis(total: int, before: int, on: date,
                  debts: list[tuple[int, int, int, str, int]], repaid: int) -> str:
    """The basis as JSON text, written directly: a month posts thousands of them."""
    items = ",".join(f'[{c},{d},{left},"{due}",{a}]'
                     for c, d, left, due, a in debts)
    return (f'{{"penalty_total":{total},"posted_before":{before},"on":"{on.isoformat()}",'
            f'"debts":[{items}],"repaid":{repaid}}}')


def explain_penalty(data: dict[str, Any]) -> str:
    on = date.fromisoformat(data["on"])
    total, before = data["penalty_total"], data["posted_before"]
    if not total and not data.get("debts") and not data.get("repaid"):
        return (f"Пени на {on:%d.%m.%Y} нет (долг погашен или пересчитан); начислено ранее "
                f"{format_rub(before)} сторнируется")
    lines = [f"Пени на {on:%d.%m.%Y}: итого {format_rub(total)}, начислено ранее "
             f"{format_rub(before)}, в этом месяце {format_rub(total - before, sign=True)}"]
    lines.extend(f"  {Period.from_code(code).title()}: долг {format_rub(debt)}, не оплачено "
                 f"{format_rub(left)}, срок оплаты {date.fromisoformat(due):%d.%m.%Y}, "
                 f"пени {format_rub(amount)}" for code, debt, left, due, amount in data["debts"])
    if data.get("repaid"):
        lines.append(f"  по погашенным долгам: пени {format_rub(data['repaid'])}")
    lines.append("По дням — «Перерасчёты и пени» → «Пени по лицевому счёту».")
    return "\n".join(lines)
