"""Every stored value the user can meet has one Russian title, in one catalogue."""

from __future__ import annotations

import ast
import inspect
from enum import Enum
from pathlib import Path

import app.models.enums as model_enums
import app.rights as rights
from app import titles
from app.tariffs.views import Scope

ROOT = Path(__file__).resolve().parent.parent


def _named_enums() -> dict[str, type[Enum]]:
    """Every enumeration by the name it is stored under — `CalcMethod` is the engine's own
    `Method`, re-exported by the models."""
    found: dict[str, type[Enum]] = {"Scope": Scope}
    for module in (model_enums, rights):
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Enum) and obj.__module__.startswith("app."):
                found[name] = obj
    # one entry per enumeration: an alias titled in the catalogue wins over the class's name
    by_object: dict[type[Enum], str] = {}
    for name, obj in found.items():
        if obj not in by_object or name in titles.VOCABULARIES:
            by_object[obj] = name
    return {name: obj for obj, name in by_object.items()}


def _enums() -> list[type[Enum]]:
    return list(_named_enums().values())


def test_every_value_of_every_enumeration_has_a_russian_title() -> None:
    missing = []
    for name, enum in _named_enums().items():
        vocabulary = titles.VOCABULARIES.get(name)
        if vocabulary is None:
            missing.append(f"{name}: нет словаря в app/titles.py")
            continue
        missing += [f"{name}.{m.name}" for m in enum
                    if not vocabulary.get(m.value, "").strip()]
        assert all(any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in t)
                   for t in vocabulary.values()), f"{name}: не по-русски"
    assert not missing, missing
    assert len(_enums()) >= 24


def test_the_catalogue_titles_no_value_that_does_not_exist() -> None:
    by_name = {name: {m.value for m in e} for name, e in _named_enums().items()}
    for name, vocabulary in titles.VOCABULARIES.items():
        assert set(vocabulary) <= by_name[name], name


# dicts keyed by stored values whose Russian strings are not titles
NOT_TITLES = {
    "app/meters/registry.py": "what is missing for each kind of meter place (messages)",
    "app/reports/turnover.py": "a report's groupings (account, building…), not stored values",
}


def test_no_title_dictionary_is_kept_outside_the_catalogue() -> None:
    """A dict of Russian strings keyed by an enumeration's stored values anywhere else in app/
    is a second catalogue; it would drift from this one. (The engine, app/calc, imports nothing
    of ours by contract; its units are symbols, not titles.)"""
    stored = {m.value for e in _enums() for m in e}
    offenders = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        if where == "app/titles.py" or where.startswith("app/calc/") or where in NOT_TITLES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict) or len(node.keys) < 2:
                continue
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            keys += [k.attr for k in node.keys if isinstance(k, ast.Attribute)]
            values = [v.value for v in node.values
                      if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            russian = [v for v in values if any("а" <= c.lower() <= "я" for c in v)]
            hits = [k for k in keys if isinstance(k, str) and (k in stored or k.lower() in stored)]
            if len(hits) >= 2 and len(russian) == len(node.values):
                offenders.append(f"{where}:{node.lineno}")
    assert not offenders, offenders


def test_the_titles_module_is_pure() -> None:
    tree = ast.parse((ROOT / "app" / "titles.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "collections.abc"}


def test_charge_methods_are_titled_as_their_registration_says() -> None:
    from app.calc.methods import METHOD_TITLES

    assert dict(METHOD_TITLES) == titles.CALC_METHOD
