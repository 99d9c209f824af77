"""JSON Schema of the import format, generated from the entity specs.

    python -m app.exchange.schema > docs/import-format.schema.json

A test regenerates it and compares with the committed file.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from app.calc import bounds
from app.exchange import format as fmt
from app.exchange.templates import describe

_TYPES: dict[str, dict[str, Any]] = {
    fmt.STR: {"type": "string"},
    fmt.INT: {"type": "integer"},
    fmt.KOP: {"type": "integer"},
    fmt.QTY: {"oneOf": [{"type": "string", "pattern": r"^-?\d{1,12}(\.\d{1,6})?$"},
                        {"type": "integer", "minimum": -bounds.MAX_QUANTITY_INT,
                         "maximum": bounds.MAX_QUANTITY_INT}]},
    fmt.DATE: {"type": "string", "format": "date",
               "pattern": r"^(19|2\d)\d{2}-\d{2}-\d{2}$"},
    fmt.PERIOD: {"type": "string", "pattern": r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$"},
    fmt.BOOL: {"type": "boolean"},
    fmt.ENUM: {"type": "string"},
    fmt.OBJECT: {"type": "object"},
}


def _field(entity: fmt.Entity, f: fmt.Field) -> dict[str, Any]:
    out = dict(_TYPES[f.kind])
    if f.choices:
        out["enum"] = list(f.choices)
    if f.max_len is not None:
        out["maxLength"] = f.max_len
    if f.kind == fmt.KOP:
        out["minimum"] = -bounds.MAX_AMOUNT if f.min_value is None else f.min_value
        out["maximum"] = bounds.MAX_AMOUNT
    elif f.kind == fmt.INT:
        out["minimum"] = -bounds.MAX_COUNT - 1 if f.min_value is None else f.min_value
        out["maximum"] = bounds.MAX_COUNT if f.max_value is None else f.max_value
    if f.default is not None:
        out["default"] = f.default
    out["description"] = describe(entity, f)
    return out


def _entity(entity: fmt.Entity) -> dict[str, Any]:
    record = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in entity.fields if f.required],
        "properties": {f.name: _field(entity, f) for f in entity.fields},
    }
    return {"type": "array", "description": entity.title, "items": record}


def schema() -> dict[str, Any]:
    props: dict[str, Any] = {
        "format": {"const": fmt.FORMAT_NAME},
        "version": {"const": fmt.FORMAT_VERSION},
        "comment": {"type": "string"},
        "$schema": {"type": "string"},
        "scenario": {
            "type": "object",
            "description": "проверочный сценарий: период расчёта и ожидаемые суммы "
                           "(лицевой счёт → код услуги → копейки)",
        },
    }
    props.update({e.name: _entity(e) for e in fmt.ENTITIES})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kvartal.example/import-format.schema.json",
        "title": "Квартал: формат загрузки и выгрузки данных",
        "description": (fmt.__doc__ or "").strip(),
        "type": "object",
        "additionalProperties": False,
        "properties": props,
    }


def render() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


_KIND_DOC = {fmt.STR: "строка", fmt.INT: "целое", fmt.KOP: "копейки (целое)",
             fmt.QTY: "число строкой", fmt.DATE: "дата", fmt.PERIOD: "период",
             fmt.BOOL: "true/false", fmt.ENUM: "значение", fmt.OBJECT: "объект"}
BEGIN, END = "<!-- fields:begin (generated) -->", "<!-- fields:end -->"


def _limits(f: fmt.Field) -> str:
    """A field's own bounds for the reference table (the common ones are in the text above)."""
    if f.kind == fmt.STR and f.max_len is not None and f.ref is None:
        return f"до {f.max_len} симв."
    if f.kind == fmt.INT and f.max_value is not None:
        return f"{f.min_value if f.min_value is not None else '…'}–{f.max_value}"
    return ""


def markdown() -> str:
    """The field reference of docs/import-format.md (between the markers), from the specs."""
    out = [BEGIN]
    for e in fmt.ENTITIES:
        key = f" Ключ для ссылок: {e.key_title}." if e.key_title else ""
        out += ["", f"### `{e.name}` — {e.title}", "", f"Раздел `{e.name}`.{key}", "",
                "| поле | тип | обяз. | ссылка | значения / по умолчанию | смысл |",
                "|---|---|---|---|---|---|"]
        for f in e.fields:
            values = ", ".join(f.choices) or _limits(f)
            if f.default not in (None, ""):
                values += ("; " if values else "") + f"по умолчанию `{f.default}`"
            out.append(f"| `{f.name}` | {_KIND_DOC[f.kind]} | {'да' if f.required else ''} | "
                       f"{f.ref or ''} | {values} | {f.title} |")
    out.append(END)
    return "\n".join(out)


def update_markdown(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + markdown() + tail


if __name__ == "__main__":
    if sys.argv[1:] == ["--markdown"]:  # refresh the field reference in docs/import-format.md
        from pathlib import Path

        doc = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"
        doc.write_text(update_markdown(doc.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(render())
