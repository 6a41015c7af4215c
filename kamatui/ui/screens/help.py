"""The key reference, opened with ``?`` from any screen."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("Moving", ""),
    ("↑ ↓  j k", "move the cursor"),
    ("PgUp PgDn", "move a page"),
    ("g  G  Home End", "first or last server"),
    ("Finding", ""),
    ("/", "filter as you type: every word must match name, id, DC or IP"),
    ("Enter", "from the filter back to the list, keeping the filter"),
    ("Esc", "clear the filter, close a dialog"),
    ("s  S", "sort by the next column, reverse the order"),
    ("Data", ""),
    ("r", "refresh now (the list also refreshes on its own)"),
    ("App", ""),
    ("?", "this help"),
    ("ctrl+p", "command palette"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for index, (key, meaning) in enumerate(KEYS):
            if meaning:
                table.add_row(key, meaning)
                continue
            if index:
                table.add_row("", "")
            table.add_row(key.upper(), "", style="underline")
        body = VerticalScroll(id="help-body")
        body.border_title = "Keys"
        body.border_subtitle = "Esc closes"
        with body:
            yield Static(table)
