"""The lookup widget on its own: debounce, stale results dropped, keys, inline errors."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from app.accounts.views import AccountHit
from app.errors import InvalidInput, Problem
from app.ui.lookup_widget import LookupWidget
from tests.ui.conftest import type_text


def hit(number: str, payer: str) -> AccountHit:
    return AccountHit(account_id=int(number[-3:]), number=number, payer_name=payer,
                      address="ул. Ленина, д. 5, кв. 1", status="open")


class SlowSearch:
    """Answers by the text's first word; the text «медленно» waits until released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []

    def __call__(self, text: str) -> list[AccountHit]:
        self.asked.append(text)
        if text == "медленно":
            self.release.wait(5)
            return [hit("0000000100", "Устаревший Ответ")]
        if text == "ошибка":
            raise InvalidInput([Problem("", "Недопустимый символ в запросе")], "Запрос не понят")
        return [hit("0000000200", f"{text} Иван Иванович")]


def _widget(qtbot, search: SlowSearch) -> LookupWidget:
    widget = LookupWidget(search)
    qtbot.addWidget(widget)
    widget.show()
    widget.focus()
    return widget


def test_results_of_overtaken_text_never_appear(qtbot) -> None:
    search = SlowSearch()
    widget = _widget(qtbot, search)
    shown: list[list[str]] = []
    widget.results_shown.connect(lambda _n: shown.append([h.payer_name for h in widget.hits()]))
    widget.edit.setText("медленно")
    qtbot.waitUntil(lambda: search.asked == ["медленно"], timeout=5000)  # running, held
    widget.edit.setText("Петров")
    qtbot.wait(300)  # the newer query is queued behind the held one
    search.release.set()
    qtbot.waitUntil(lambda: not widget.pending, timeout=5000)
    widget.wait_idle()
    qtbot.wait(50)
    assert shown == [["Петров Иван Иванович"]]
    assert [h.payer_name for h in widget.hits()] == ["Петров Иван Иванович"]


def test_typing_fast_asks_once(qtbot) -> None:
    search = SlowSearch()
    widget = _widget(qtbot, search)
    type_text(qtbot, widget.edit, "Сидоров")
    qtbot.waitUntil(lambda: not widget.pending, timeout=5000)
    assert search.asked == ["Сидоров"]


def test_enter_before_the_results_opens_the_first_when_they_come(qtbot) -> None:
    widget = _widget(qtbot, SlowSearch())
    with qtbot.waitSignal(widget.account_chosen, timeout=5000) as chosen:
        type_text(qtbot, widget.edit, "Козлов")
        qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert chosen.args == ["0000000200"]


def test_a_refused_query_is_said_in_red_under_the_field(qtbot) -> None:
    widget = _widget(qtbot, SlowSearch())
    widget.edit.setText("ошибка")
    qtbot.waitUntil(lambda: not widget.pending, timeout=5000)
    assert "Недопустимый символ в запросе" in widget.message.text()
    assert widget.message.property("role") == "error"
    assert widget.hits() == []


def test_typing_in_the_results_goes_on_typing_the_query(qtbot) -> None:
    widget = _widget(qtbot, SlowSearch())
    type_text(qtbot, widget.edit, "Пет")
    qtbot.waitUntil(lambda: not widget.pending, timeout=5000)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Down)
    assert widget.table.hasFocus()
    type_text(qtbot, widget.table, "ров")
    assert widget.edit.text() == "Петров" and widget.edit.hasFocus()
    qtbot.keyClick(widget.edit, Qt.Key.Key_Escape)
    assert widget.edit.text() == ""


def test_the_widget_holds_only_queries_not_yet_finished(qtbot) -> None:
    search = SlowSearch()
    widget = _widget(qtbot, search)
    for n in range(12):
        widget.edit.setText(f"Фамилия{n}")
        qtbot.waitUntil(lambda: not widget.pending, timeout=5000)
        widget.wait_idle()
    assert len(search.asked) == 12
    assert len(widget._queries) == 1  # the last one; the earlier ones were let go
    assert not widget._queries[0].autoDelete()  # the pool never deletes it on its thread
