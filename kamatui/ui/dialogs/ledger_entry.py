"""One ledger action, whole: every parameter, the command and its end."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...api.wire import clean_text
from ...ledger import SENT, Action
from ...timeline import bullet


def entry_lines(action: Action, this_session: bool) -> list[tuple[str, str]]:
    """(label, value) pairs, parameters one per line."""
    when = action.at.strftime("%Y-%m-%d %H:%M:%S UTC")
    server = action.server_name or "?"
    if action.server_id:
        server += f" (id {action.server_id})"
    if action.outcome == SENT:
        outcome = "still running"
    elif action.ended_at is not None:
        outcome = f"{action.outcome} at {action.ended_at:%Y-%m-%d %H:%M:%S} UTC"
    else:
        outcome = action.outcome
    lines = [
        ("When", when + (" (this session)" if this_session else "")),
        ("Profile", action.profile),
        ("Server", server),
        ("Command", "none" if action.command_id is None else str(action.command_id)),
        ("Outcome", outcome),
    ]
    if action.detail:
        lines.append(("Detail", action.detail))
    for index, (key, value) in enumerate(action.parameters.items()):
        lines.append(("Sent" if index == 0 else "", f"{key}={value}"))
    return lines


class LedgerEntryDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="ledger_entry.close"),
        Binding("y", "copy_line", "Copy as Markdown", id="ledger_entry.copy"),
    ]

    def __init__(self, action: Action, this_session: bool) -> None:
        super().__init__()
        self.entry = action
        self._this_session = this_session

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in entry_lines(self.entry, self._this_session):
            table.add_row(label, Text(clean_text(value)))
        body = VerticalScroll(classes="dialog")
        body.border_title = Text(clean_text(self.entry.operation))
        body.border_subtitle = "y copies as Markdown, Esc closes"
        with body:
            yield Static(table, id="ledger-entry-text")

    def action_copy_line(self) -> None:
        text = bullet(self.entry)
        self.app.copy_to_clipboard(text + "\n")
        self.notify("Copied this action as a Markdown line.", timeout=3)
