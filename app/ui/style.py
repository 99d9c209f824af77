"""One look for the whole workstation: Fusion, a calm light palette, a font with Cyrillic."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# tried in order when the platform's default font cannot draw Cyrillic
_FALLBACK_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Segoe UI", "Arial")

ERROR_COLOR = "#b3261e"
MUTED_COLOR = "#5f6673"

_STYLESHEET = f"""
QLabel[role="error"] {{ color: {ERROR_COLOR}; }}
QLabel[role="muted"] {{ color: {MUTED_COLOR}; }}
QLabel[role="title"] {{ font-size: 13pt; font-weight: 600; }}
QListWidget#navigation {{
    background: #2f3a4b; color: #e8ecf2; border: none; padding-top: 6px;
}}
QListWidget#navigation::item {{ padding-left: 14px; }}
QListWidget#navigation::item:selected {{ background: #4a6fa5; color: white; }}
QTableView {{ gridline-color: #e1e4ea; }}
QHeaderView::section {{
    background: #eef1f5; padding: 4px 6px; border: none;
    border-right: 1px solid #d9dde4; border-bottom: 1px solid #d9dde4;
}}
"""


def cyrillic_family() -> str:
    """The default family if it has Cyrillic, else the first installed fallback."""
    default = QApplication.font().family()
    if _has_cyrillic(default):
        return default
    installed = set(QFontDatabase.families())
    for family in _FALLBACK_FAMILIES:
        if family in installed and _has_cyrillic(family):
            return family
    return default


def _has_cyrillic(family: str) -> bool:
    return QFontDatabase.WritingSystem.Cyrillic in QFontDatabase.writingSystems(family)


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont(cyrillic_family())
    font.setPointSize(10)
    app.setFont(font)
    app.setPalette(_palette())
    app.setStyleSheet(_STYLESHEET)


def _palette() -> QPalette:
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#f4f5f7",
        QPalette.ColorRole.WindowText: "#1d2129",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f8fb",
        QPalette.ColorRole.Text: "#1d2129",
        QPalette.ColorRole.Button: "#eceff3",
        QPalette.ColorRole.ButtonText: "#1d2129",
        QPalette.ColorRole.Highlight: "#3b6fc4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#fffbe6",
        QPalette.ColorRole.ToolTipText: "#1d2129",
        QPalette.ColorRole.PlaceholderText: "#8a909b",
        QPalette.ColorRole.Link: "#2a5db0",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9aa0aa"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa0aa"))
    return p
