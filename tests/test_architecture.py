"""STYLE.md practice 1: the core runs without Qt, and the UI holds no SQL."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_PACKAGES = ("calc", "models", "accounts", "auth", "ledger", "billing", "meters",
                 "exchange", "demo", "commands", "tariffs", "cashdesk", "passport", "reports",
                 "admin", "print", "reference")
CORE_MODULES = ("app.db", "app.schema", "app.usecase", "app.rights", "app.errors",
                "app.cli_support")

_PROBE = """
import importlib, pkgutil, sys
packages, modules = sys.argv[1].split(","), sys.argv[2].split(",")
names = list(modules)
for pkg in packages:
    mod = importlib.import_module(pkg)
    names.append(pkg)
    names += [m.name for m in pkgutil.walk_packages(mod.__path__, pkg + ".")]
for name in names:
    importlib.import_module(name)
    if "PySide6" in sys.modules:
        print("QT", name)
        sys.exit(0)
print("CLEAN", len(names))
"""


def test_core_modules_import_without_qt() -> None:
    packages = [f"app.{p}" for p in CORE_PACKAGES if (ROOT / "app" / p / "__init__.py").exists()]
    assert "app.calc" in packages and "app.models" in packages
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(packages), ",".join(CORE_MODULES)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CLEAN"), f"PySide6 imported by {result.stdout.split()[-1]}"


# `\bselect(` so a helper named `_select(` is not taken for SQL
_FORBIDDEN = re.compile(r"\bselect\(|session\.execute|\.query\(|from sqlalchemy|import sqlalchemy")


def test_ui_holds_no_sql() -> None:
    files = sorted((ROOT / "app" / "ui").rglob("*.py"))
    assert files, "app/ui is empty"
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _FORBIDDEN.search(line)
    ]
    assert offenders == []
