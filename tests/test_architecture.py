"""STYLE.md practice 1: the core runs without Qt, and the UI holds no SQL.

The layers themselves are import-linter contracts (`[tool.importlinter]` in pyproject.toml,
`lint-imports`); these tests run them and add what an import graph cannot show. Every package
list here is read from the file system, so a package added tomorrow is checked tomorrow.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
UI = APP / "ui"


def _source_dirs() -> list[Path]:
    return sorted({p.parent for p in APP.rglob("*.py") if "__pycache__" not in p.parts})


def core_names() -> tuple[list[str], list[str]]:
    """(packages, top-level modules) of `app` outside `app.ui`, from the file system."""
    packages = [f"app.{d.name}" for d in sorted(APP.iterdir())
                if (d / "__init__.py").exists() and d != UI]
    modules = [f"app.{p.stem}" for p in sorted(APP.glob("*.py")) if p.stem != "__init__"]
    return packages, modules


def test_every_folder_of_code_is_a_package() -> None:
    """A folder without `__init__.py` is a namespace package: walk_packages and the contracts
    pass over it (app/billing once let a Qt import through that way)."""
    missing = [str(d.relative_to(ROOT)) for d in _source_dirs() if not (d / "__init__.py").exists()]
    assert missing == []


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is a dev dependency (pip install -e '.[dev]')"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


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
    packages, modules = core_names()
    assert {"app.calc", "app.models", "app.billing"} <= set(packages)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(packages), ",".join(modules)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CLEAN"), f"PySide6 imported by {result.stdout.split()[-1]}"


# What only a database handle's engine or a session has: the UI passes `Database` on to use
# cases and never opens a session, a connection or a statement of its own.
_DATA_ACCESS = frozenset({"engine", "sessions", "session", "connection", "execute",
                          "exec_driver_sql", "scalars", "scalar", "scalar_one", "query",
                          "begin_nested"})


def data_access_in(source: str) -> list[tuple[int, str]]:
    """(line, attribute) of every use of a session or engine member in the source."""
    return [(node.lineno, node.attr) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute) and node.attr in _DATA_ACCESS]


def test_ui_holds_no_sql() -> None:
    files = sorted(UI.rglob("*.py"))
    assert files, "app/ui is empty"
    offenders = [f"{path.relative_to(ROOT)}:{line}: .{attr}"
                 for path in files
                 for line, attr in data_access_in(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_ui_check_sees_a_session_call() -> None:
    snippet = 'with ctx.db.session() as s:\n    s.execute(text("DELETE FROM account"))\n'
    assert [attr for _line, attr in data_access_in(snippet)] == ["session", "execute"]
