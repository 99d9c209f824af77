"""Read the JSON form: one file, or a folder of JSON (and XLSX) files merged in name order."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from app.errors import Problem, os_message
from app.exchange.format import BY_NAME, META_KEYS
from app.exchange.json_stream import JsonSyntax, Section, sections
from app.exchange.source import (
    DUPLICATES,
    STREAMED,
    Deferred,
    JsonSegment,
    Source,
    file_stamp,
)


def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """object_pairs_hook: json.load keeps the last of two equal keys silently; we report them."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj[DUPLICATES] = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    return obj


def unreadable(label: str, exc: BaseException) -> Problem:
    """Why a file could not be read as JSON at all (not where: that is a syntax error's)."""
    if isinstance(exc, UnicodeDecodeError):
        return Problem(label, "файл не в кодировке UTF-8")
    if isinstance(exc, RecursionError):
        return Problem(label, "JSON не читается: слишком глубокая вложенность объектов и "
                              "списков")
    if isinstance(exc, OSError):
        return Problem(label, f"файл не читается: {os_message(exc)}")
    return Problem(label, f"JSON не читается: {exc}")  # an integer of more than 4300 digits


def parse_json_bytes(raw: bytes, label: str, source: Source, prefix: str = "") -> None:
    """Parse one JSON document into `source`; a syntax error becomes a Problem with line:column."""
    try:
        doc = json.loads(raw, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        source.problems.append(Problem(
            f"{label}:{exc.lineno}:{exc.colno}", f"JSON не читается: {_json_message(exc.msg)}"))
        return
    except (UnicodeDecodeError, RecursionError, ValueError) as exc:
        source.problems.append(unreadable(label, exc))
        return
    if isinstance(doc, list):  # a folder file holding one entity, named by the file
        doc = {Path(label).stem: doc}
    if not isinstance(doc, dict):
        source.problems.append(Problem(label, "ожидается объект JSON с разделами данных"))
        return
    for name in doc.pop(DUPLICATES, ()):
        source.problems.append(Problem(f"{prefix}{name}", "раздел указан дважды"))
    for name, value in doc.items():
        if name in META_KEYS:
            source.meta[name] = value
            continue
        if name not in BY_NAME:
            source.problems.append(Problem(
                f"{prefix}{name}", "неизвестный раздел; допустимы: " + ", ".join(BY_NAME)))
            continue
        if not isinstance(value, list):
            source.problems.append(Problem(f"{prefix}{name}", "ожидается список записей"))
            continue
        source.extend(name, value, JsonSegment(source.count(name), prefix, name))


_JSON_MESSAGES = {
    "Expecting value": "ожидается значение",
    "Expecting ',' delimiter": "пропущена запятая",
    "Expecting ':' delimiter": "пропущено двоеточие",
    "Expecting property name enclosed in double quotes": "имя поля должно быть в двойных кавычках",
    "Unterminated string starting at": "незакрытая строка",
    "Extra data": "лишние данные после конца документа",
    "Invalid control character at": "недопустимый управляющий символ",
}


def _json_message(msg: str) -> str:
    return _JSON_MESSAGES.get(msg, msg)


def scan_json_file(path: Path, label: str, source: Source, prefix: str,
                   on_bytes: Callable[[bytes], None]) -> None:
    """A JSON file read a record at a time: the sections in STREAMED are only counted and left
    in the file (read again when checked and when written); the others are kept. A file that
    is not valid JSON adds nothing but its problem, as a whole-file parse would."""
    actions: list[Callable[[], None]] = []
    problems: list[Problem] = []
    meta: dict[str, Any] = {}
    seen: set[str] = set()
    stamp = file_stamp(path)

    def visit(section: Section, records: Iterator[Any] | None, value: Any) -> None:
        name = section.name or Path(label).stem  # a top-level list: the entity the file names
        if name in seen:
            problems.append(Problem(f"{prefix}{name}", "раздел указан дважды"))
        seen.add(name)
        if name in META_KEYS:
            meta[name] = list(records) if records is not None else value
            return
        if name not in BY_NAME:
            for _ in records or ():
                pass
            problems.append(Problem(
                f"{prefix}{name}", "неизвестный раздел; допустимы: " + ", ".join(BY_NAME)))
            return
        if records is None:
            problems.append(Problem(f"{prefix}{name}", "ожидается список записей"))
            return
        if name in STREAMED:
            count = sum(1 for _ in records)
            actions.append(lambda: source.defer(
                name, Deferred(path, section.offset, source.count(name), count, stamp),
                JsonSegment(source.count(name), prefix, name)))
        else:
            rows = list(records)
            actions.append(lambda: source.extend(
                name, rows, JsonSegment(source.count(name), prefix, name)))

    try:
        with path.open("rb") as f:
            is_document = sections(f, on_bytes, pairs_hook, visit)
    except JsonSyntax as exc:
        source.problems.append(Problem(f"{label}:{exc.line}:{exc.column}",
                                       f"JSON не читается: {_json_message(exc.message)}"))
        return
    except (UnicodeDecodeError, RecursionError, ValueError, OSError) as exc:
        source.problems.append(unreadable(label, exc))
        return
    if not is_document:
        source.problems.append(Problem(label, "ожидается объект JSON с разделами данных"))
        return
    source.problems.extend(problems)
    source.meta.update(meta)
    for act in actions:
        act()


def read_input(path: Path) -> Source:
    """A JSON or XLSX file, or a folder of them; digest covers every byte read, in order."""
    from app.exchange.reader_xlsx import read_workbook

    source = Source()
    digest = hashlib.sha256()
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.suffix.lower() in (".json", ".xlsx") and not p.name.startswith("~$"))
        if not files:
            source.problems.append(Problem(str(path), "в папке нет файлов .json или .xlsx"))
    elif path.exists():
        files = [path]
    else:
        source.problems.append(Problem(str(path), "файл не найден"))
        files = []
    many = len(files) > 1
    # JSON is read a record at a time, its big sections left in the file; beside a workbook
    # (small, hand-made inputs) every record is held, so that record numbers stay in order
    stream = not any(f.suffix.lower() == ".xlsx" for f in files)
    for f in files:
        if stream:
            digest.update(f.name.encode() + b"\0")
            scan_json_file(f, f.name, source, f"{f.name}: " if many else "", digest.update)
            digest.update(b"\0")
            source.files.append(f.name)
            continue
        try:
            raw = f.read_bytes()
        except OSError as exc:
            source.problems.append(Problem(f.name, f"файл не читается: {os_message(exc)}"))
            continue
        digest.update(f.name.encode() + b"\0" + raw + b"\0")
        source.files.append(f.name)
        if f.suffix.lower() == ".xlsx":
            read_workbook(raw, f.name, source)
        else:
            parse_json_bytes(raw, f.name, source, f"{f.name}: " if many else "")
    source.digest = digest.hexdigest()
    return source
