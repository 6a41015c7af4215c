"""The action ledger on screen: every change sent, newest first.

Lists this session's actions (marked ``*``) and those of earlier sessions
and other profiles, with how each ended. ``y`` copies a period of this
profile's actions as a Markdown timeline; Enter shows one action whole.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ...api.wire import clean_text
from ...ledger import SENT, Action, Reading
from ..errors import describe_failure
from ..mounting import unless_closing
from ..task_follower import TaskEnded
from ..widgets.footer import KeysFooter
from ..widgets.status_line import StatusLine
from ..widgets.title_bar import TitleBar
from ..widgets.virtual_table import Column, Row, VirtualTable

THIS_SESSION = "*"
COLUMNS = (
    Column("mark", "", width=1),
    Column("time", "Time (UTC)", width=14),
    Column("profile", "Profile", min_width=7),
    Column("server", "Server", min_width=10),
    Column("operation", "Operation", width=16),
    Column("outcome", "Outcome", width=9),
)
OUTCOME_STYLES = {
    "complete": "green",
    "error": "bold red",
    "refused": "bold red",
    "cancelled": "yellow",
    "lost": "yellow",
    "not sent": "yellow",
}


def ledger_row(index: int, action: Action, session: str) -> Row:
    outcome = "running" if action.outcome == SENT else action.outcome
    return Row(
        str(index),
        (
            THIS_SESSION if action.session == session else " ",
            action.at.strftime("%m-%d %H:%M:%S"),
            Text(clean_text(action.profile)),
            Text(clean_text(action.server_name or action.server_id)),
            Text(clean_text(action.operation)),
            Text(outcome, style=OUTCOME_STYLES.get(action.outcome, "")),
        ),
    )


def summary(reading: Reading, session: str) -> str:
    """The line under the table: counts, the mark, and what was skipped."""
    if not reading.actions:
        said = "Nothing sent yet: every change kamatui sends is listed here."
    else:
        ours = sum(action.session == session for action in reading.actions)
        count = len(reading.actions)
        said = (
            f"{count} action{'' if count == 1 else 's'}, {ours} in this session "
            f"({THIS_SESSION}). y copies a timeline, Enter shows one."
        )
    if reading.skipped:
        lines = "line was" if reading.skipped == 1 else "lines were"
        said += f" {reading.skipped} unreadable {lines} skipped."
    if reading.older_left_out:
        said += " Older entries of this large file are not shown."
    return said


class LedgerScreen(Screen):
    view_name = "ledger"
    """How the view state names this screen; a restart reopens it."""

    CSS_PATH = "ledger.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="ledger.back"),
        Binding("y", "copy_timeline", "Copy timeline", id="ledger.copy"),
        Binding("r", "reload", "Reload", id="ledger.reload"),
    ]

    class Loaded(Message):
        def __init__(self, reading: Reading) -> None:
            super().__init__()
            self.reading = reading

    def __init__(self, *, copy_when_read: bool = False) -> None:
        super().__init__()
        self.reading: Reading | None = None
        self._copy_when_read = copy_when_read
        """Opened to copy a timeline (from the palette): offer it once read."""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.session.profile_name, demo=self.app.session.is_demo)
        yield Static(Text("Action ledger: every change sent"), id="ledger-title")
        yield VirtualTable(COLUMNS, id="ledger-table")
        yield StatusLine("Reading the ledger…", id="ledger-status")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self._load()

    def on_screen_resume(self) -> None:
        self._load()

    @on(TaskEnded)
    def _task_ended(self) -> None:
        self._load()

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="ledger", exit_on_error=False)
    def _load(self) -> None:
        """Read in a thread: a long ledger file must not stall the keys."""
        self.post_message(self.Loaded(self.app.ledger.read()))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.reading = message.reading
        session = self.app.ledger.session
        rows = [
            ledger_row(index, action, session)
            for index, action in enumerate(message.reading.actions)
        ]
        self.query_one(VirtualTable).set_rows(rows)
        self.query_one("#ledger-status", StatusLine).say(
            summary(message.reading, session)
        )
        if self._copy_when_read:
            self._copy_when_read = False
            self.action_copy_timeline()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "ledger":
            title, message = describe_failure(event.worker.error)
            self.query_one("#ledger-status", StatusLine).say(f"{title}: {message}")

    def selected(self) -> Action | None:
        key = self.query_one(VirtualTable).cursor_key
        if key is None or self.reading is None:
            return None
        return self.reading.actions[int(key)]

    @on(VirtualTable.RowActivated, "#ledger-table")
    def _activated(self) -> None:
        from ..dialogs.ledger_entry import LedgerEntryDialog

        action = self.selected()
        if action is not None:
            this_session = action.session == self.app.ledger.session
            self.app.push_screen(LedgerEntryDialog(action, this_session))

    def action_copy_timeline(self) -> None:
        from ..dialogs.timeline import TimelineDialog

        if self.reading is None:
            self.notify("The ledger is still being read.", timeout=3)
            return
        self.app.push_screen(TimelineDialog(self.reading.actions, self.app.ledger))
