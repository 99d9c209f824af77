"""Tabs addressed by name: code says `tabs.show_tab("notes")`, never a tab's position."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget


class NamedTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []

    def add(self, name: str, page: QWidget, title: str) -> QWidget:
        if name in self._names:
            raise ValueError(f"tab {name!r} added twice")
        self._names.append(name)
        self.addTab(page, title)
        return page

    def names(self) -> list[str]:
        return list(self._names)

    def page(self, name: str) -> QWidget:
        widget = self.widget(self._names.index(name))
        assert widget is not None
        return widget

    def show_tab(self, name: str) -> QWidget:
        """Make the tab `name` current and return its page."""
        self.setCurrentIndex(self._names.index(name))
        return self.page(name)

    def current_name(self) -> str:
        index = self.currentIndex()
        return self._names[index] if 0 <= index < len(self._names) else ""
