"""The engine is pure: stdlib only, no clock, no files (DESIGN.md layers; STYLE.md §3).

The import contract in pyproject.toml keeps other packages out of `app.calc`; these checks read
the syntax for what imports cannot show: a clock read or a file opened with builtins only.
"""

from __future__ import annotations

import ast
from pathlib import Path

CALC = Path(__file__).resolve().parents[2] / "app" / "calc"
ALLOWED = {"__future__", "bisect", "calendar", "collections", "dataclasses", "datetime",
           "decimal", "enum", "functools", "itertools", "re", "types", "typing", "app"}
CLOCK = {"today", "now", "utcnow"}  # the `time` module is refused by the imports
CLOCK_OWNERS = {"date", "datetime"}
IMPURE_BUILTINS = {"open", "input", "print", "__import__", "exec", "eval"}


def _modules() -> list[Path]:
    return sorted(p for p in CALC.rglob("*.py") if "__pycache__" not in p.parts)


def imports_outside_the_engine(source: str) -> list[str]:
    bad = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            root = name.split(".")[0]
            if root not in ALLOWED or (root == "app" and not name.startswith("app.calc")):
                bad.append(name)
    return bad


def impure_calls(source: str) -> list[str]:
    """`date.today()`, `datetime.now()`, `datetime.datetime.now()`, `open(…)` and the like."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in IMPURE_BUILTINS:
            found.append(f"{func.id}()")
        elif isinstance(func, ast.Attribute) and func.attr in CLOCK:
            owner = func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in CLOCK_OWNERS:
                found.append(f"{name}.{func.attr}()")
    return found


def test_imports_are_stdlib_or_the_engine() -> None:
    bad = [f"{p.name}: {name}" for p in _modules()
           for name in imports_outside_the_engine(p.read_text(encoding="utf-8"))]
    assert bad == []


def test_no_clock_and_no_files() -> None:
    bad = [f"{p.name}: {call}" for p in _modules()
           for call in impure_calls(p.read_text(encoding="utf-8"))]
    assert bad == []


def test_the_checks_see_what_they_refuse() -> None:
    source = ("import datetime as dt\nfrom datetime import date, datetime\n"
              "a = date.today()\nb = datetime.today()\nc = datetime.now()\n"
              "d = dt.datetime.now()\ne = open('x').read()\n")
    assert impure_calls(source) == ["date.today()", "datetime.today()", "datetime.now()",
                                    "datetime.now()", "open()"]
    assert imports_outside_the_engine("import sqlalchemy\nfrom app.models import Account\n"
                                      "from app.calc.money import round_kopecks\n") == [
        "sqlalchemy", "app.models"]


def test_modules_stay_small() -> None:
    assert [p.name for p in _modules() if len(p.read_text().splitlines()) > 400] == []
