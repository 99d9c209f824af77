"""The `kvartal` command: the workstation (no sub-command) and batch jobs.

Sub-commands live in `app/commands/<name>.py`, each with `register(subparsers)` that adds its
parser and sets `func(args) -> int`. They call the application layer, never SQL of their own.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

import app.commands
from app.cli_support import check_text_args
from app.errors import DomainError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kvartal", description="Квартал. Расчёты ЖКХ — рабочее место расчётного центра"
    )
    parser.add_argument("--db", help="адрес базы данных (иначе KVARTAL_DB или локальный SQLite)")
    parser.add_argument("--user", help="логин пользователя Квартала, от чьего имени работает "
                                        "команда (пароль — из KVARTAL_PASSWORD или спросит)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="работать с демонстрационной базой (создаётся и заполняется при первом запуске)",
    )
    parser.add_argument(
        "--connection",
        action="store_true",
        help="выбрать заново, где база данных: на этом компьютере или на сервере",
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        metavar="PNG",
        help="проверка установки: открыть базу, нарисовать окно входа в файл PNG и выйти",
    )
    sub = parser.add_subparsers(dest="command", metavar="команда")
    for mod in sorted(pkgutil.iter_modules(app.commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"app.commands.{mod.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from app.ui.app import run_gui  # Qt only when a window is wanted

            return run_gui(args)
        check_text_args(args)
        return int(args.func(args) or 0)
    except DomainError as exc:
        print(f"Ошибка: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Прервано", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

