"""A mistyped database path is refused with its path, never silently created as a new empty
database; only `kvartal db init`, `kvartal demo` and the first run of the workstation create
one."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from app.cli import main
from app.cli_support import may_create_database

COMMANDS = [
    ["verify"],
    ["calc", "--quiet"],
    ["close-period"],
    ["account", "0000010019"],
    ["charges"],
    ["export", "{tmp}/out"],
    ["import", "{tmp}/nothing.json"],
    ["readings", "import", "{tmp}/nothing.csv"],
    ["readings", "export-blank", "{tmp}/blanks", "--period", "2026-11"],
    ["meters", "verification", "--days", "30"],
    ["user", "add", "smirnova", "--role", "viewer"],
    ["db", "upgrade"],
    ["db", "current"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_mistyped_path_is_refused_and_nothing_is_created(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVARTAL_PASSWORD", "kassa-2026")
    path = tmp_path / "typo" / "kvartall.db"
    (tmp_path / "nothing.csv").write_text("Лицевой счёт;Показание\n", encoding="utf-8")
    (tmp_path / "nothing.json").write_text("{}", encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in command]
    assert main([*argv, "--db", f"sqlite:///{path}"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "нет" in err and "kvartal db init" in err
    assert not path.parent.exists()


def test_the_default_path_from_the_environment_is_refused_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "kvartall.db"
    monkeypatch.setenv("KVARTAL_DB", f"sqlite:///{path}")
    assert main(["verify"]) == 2
    assert str(path) in capsys.readouterr().err
    assert not path.exists()


def test_db_init_creates_a_new_database_once(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'kvartal.db'}"
    assert main(["db", "init", "--db", url]) == 0
    assert "создана" in capsys.readouterr().out
    assert main(["verify", "--db", url]) == 0
    assert "Расхождений нет" in capsys.readouterr().out
    assert main(["db", "init", "--db", url]) == 2
    assert "kvartal db upgrade" in capsys.readouterr().err


def test_only_the_workstations_first_run_may_create_its_database(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def gui(**kw: object) -> argparse.Namespace:
        return argparse.Namespace(command=None, db=kw.get("db"), demo=kw.get("demo", False))

    monkeypatch.delenv("KVARTAL_DB", raising=False)
    assert may_create_database(gui())  # the local database of a first start
    assert may_create_database(gui(demo=True))  # the demo town is generated into it
    assert not may_create_database(gui(db="sqlite:///typo/kvartall.db"))
    monkeypatch.setenv("KVARTAL_DB", "sqlite:///typo/kvartall.db")
    assert not may_create_database(gui())
