"""Scans from a keyboard-wedge scanner, caught wherever the focus is, no keystroke lost.

A scanner "types" its payload and Enter faster than anyone can. `ScanCapture` is an
application-level event filter, active while the desk is shown: every printable key meant for
the desk's window is held back in a buffer; a burst that ends with Enter is a scan and is
emitted whole (`scanned`); when the keys stop without an Enter (`HUMAN_PAUSE_MS`), they were a
person typing and are replayed, in order, to the widget that has the focus. Qt queues key
events, so scans arriving faster than the screen repaints are each taken in turn.

Enter on its own (nothing held) is the desk's «post» key: `enter` is emitted instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

HUMAN_PAUSE_MS = 80  # a pause this long ends a burst: a scanner never pauses inside a code
MIN_SCAN = 10  # shorter bursts ending with Enter are typed text (an account number is 10)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScanCapture(QObject):
    scanned = Signal(str)
    enter = Signal()

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self.root = root
        self._held: list[tuple[int, str, Qt.KeyboardModifier]] = []
        self._target: QWidget | None = None  # the widget the held keys were meant for
        self._replaying = False
        self._active = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HUMAN_PAUSE_MS)
        self._timer.timeout.connect(self.release)

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._active:
            app.installEventFilter(self)
            self._active = True

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._active:
            app.removeEventFilter(self)
            self._active = False
        self.release()

    @property
    def holding(self) -> str:
        return "".join(text for _, text, _ in self._held)

    def _mine(self, obj: QObject) -> bool:
        """Key events for a widget of the desk's own window (not a dialog's). The keys taken
        are swallowed at their first receiver, so an unaccepted event's propagation to the
        parents is only ever seen for keys passed through, which change nothing here."""
        return isinstance(obj, QWidget) and obj.window() is self.root.window()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not self._mine(obj) or not self.root.isVisible():
            return False
        assert isinstance(event, QKeyEvent)
        key, text, mods = event.key(), event.text(), event.modifiers()
        if key in _ENTER:
            self._timer.stop()
            held = self.holding
            if len(held) >= MIN_SCAN:
                self._held.clear()
                self.scanned.emit(held)
                return True
            self.release()
            self.enter.emit()
            return True
        printable = (text and text.isprintable()
                     and not mods & (Qt.KeyboardModifier.ControlModifier
                                     | Qt.KeyboardModifier.AltModifier))
        if printable:
            if not self._held:
                self._target = obj if isinstance(obj, QWidget) else None
            self._held.append((key, text, mods))
            self._timer.start()
            return True
        self.release()  # a function key, arrow or Backspace: what was held goes first
        return False

    def release(self) -> None:
        """Hand the held keys to the widget they were meant for, as typed."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        target = self._target or QApplication.focusWidget() or self.root
        self._replaying = True
        try:
            for key, text, mods in held:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, mods, text))
        finally:
            self._replaying = False
