"""Keyboard shortcuts that say what they do, and the F1 list made from them.

Every shortcut a screen offers is made with `bind(...)`, which gives it its Russian description.
F1 lists what `listed(...)` finds: the shortcuts that exist and would act now — so the list can
never advertise a key that does nothing (a test presses every listed key).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

WIDGET = Qt.ShortcutContext.WidgetWithChildrenShortcut
WINDOW = Qt.ShortcutContext.WindowShortcut


def key_text(keys: str | QKeySequence) -> str:
    """How a key reads to the operator: «Ctrl+S», «Insert», «F5»."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def bind(parent: QWidget, keys: str, description: str, slot: Callable[[], object], *,
         context: Qt.ShortcutContext = WIDGET) -> QShortcut:
    """A shortcut on `parent` (by default acting while the focus is inside it), described."""
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(context)
    shortcut.setWhatsThis(description)
    shortcut.activated.connect(lambda: slot())  # activated() carries no argument to misplace
    return shortcut


def listed(root: QWidget) -> list[QShortcut]:
    """The described shortcuts under `root` that act now: on a shown, enabled widget."""
    found = []
    for shortcut in root.findChildren(QShortcut):
        parent = shortcut.parent()
        if isinstance(parent, QWidget) and (shortcut.whatsThis() and shortcut.isEnabled()
                and parent.isVisible() and parent.isEnabled()):
            found.append(shortcut)
    return found


def action_lines(actions: list[QAction]) -> list[tuple[str, str]]:
    return [(key_text(a.shortcut()), a.text().replace("&", "")) for a in actions
            if not a.shortcut().isEmpty() and a.isEnabled()]


def shortcut_lines(shortcuts: list[QShortcut]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for s in shortcuts:
        seen.setdefault(key_text(s.key()), s.whatsThis())
    return list(seen.items())


def keys_html(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The F1 list: a heading per section, a key and what it does per line."""
    parts = []
    for heading, lines in sections:
        if not lines:
            continue
        rows = "".join(f"<tr><td style='padding-right:14px'><b>{escape(k)}</b></td>"
                       f"<td>{escape(text)}</td></tr>" for k, text in lines)
        parts.append(f"<p><b>{escape(heading)}</b></p><table>{rows}</table>")
    return "".join(parts)
