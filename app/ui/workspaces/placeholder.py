"""The page of a planned workspace: says plainly what will come, pretends nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setProperty("role", "title")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setProperty("role", "muted")
        body.setObjectName("placeholderText")
        body.setMaximumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(heading)
        layout.addSpacing(8)
        layout.addWidget(body)
        layout.addStretch(1)
