"""The engine is pure: stdlib only, no clock, no database (DESIGN.md layers; STYLE.md §3)."""

from __future__ import annotations

import ast
from pathlib import Path

CALC = Path(__file__).resolve().parents[2] / "app" / "calc"
ALLOWED = {"__future__", "bisect", "calendar", "collections", "dataclasses", "datetime",
           "decimal", "enum", "functools", "itertools", "re", "types", "typing", "app"}


def _modules() -> list[Path]:
    return sorted(CALC.glob("*.py"))


def test_imports_are_stdlib_or_the_engine() -> None:
    bad = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                root = name.split(".")[0]
                if root not in ALLOWED or (root == "app" and not name.startswith("app.calc")):
                    bad.append(f"{path.name}: {name}")
    assert bad == []


def test_no_clock() -> None:
    offenders = [p.name for p in _modules()
                 if any(s in p.read_text(encoding="utf-8")
                        for s in ("date.today", "datetime.now", "time.time", "utcnow"))]
    assert offenders == []


def test_modules_stay_small() -> None:
    assert [p.name for p in _modules() if len(p.read_text().splitlines()) > 400] == []
