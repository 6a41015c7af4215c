"""The live task panel: every queued command, its status and latest log line."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message

from ...api.wire import clean_text
from ...tasks import Task, TaskBook
from .virtual_table import Column, Row, VirtualTable

COLUMNS = (
    Column("server", "Server", min_width=10),
    Column("action", "Action", width=16),
    Column("status", "Status", width=9),
    Column("time", "Time", width=6, align="right"),
    Column("log", "Latest", min_width=10),
)
STATUS_STYLES = {
    "complete": "green",
    "error": "bold red",
    "cancelled": "yellow",
    "lost": "yellow",
}
MAX_VISIBLE_TASKS = 5
WAITING_FOR_QUEUE = "not in the queue yet; waiting for it"
"""A new command's first seconds, while the queue still answers 404 for it."""


def format_elapsed(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def task_row(task: Task, now: float) -> Row:
    ended_at = task.last_polled_at if task.ended else now
    status = Text(task.status, style=STATUS_STYLES.get(task.status, ""))
    latest = task.note if task.status == "lost" else task.last_line
    if not latest and not task.ended and task.last_polled_at and not task.seen_by_queue:
        latest = WAITING_FOR_QUEUE
    return Row(
        str(task.command_id),
        (
            Text(clean_text(task.server_name)),
            clean_text(task.action),
            status,
            format_elapsed(ended_at - task.submitted_at),
            Text(clean_text(latest)),
        ),
    )


class TaskPanel(Vertical):
    """Shown at the bottom of every screen while there are tasks to show."""

    BINDINGS = [
        Binding("x", "dismiss_task", "Dismiss", id="tasks.dismiss"),
        Binding("X", "dismiss_ended", "Dismiss ended", id="tasks.dismiss_ended"),
    ]

    class LogRequested(Message):
        """Enter on a task: show its whole log."""

        def __init__(self, command_id: int) -> None:
            super().__init__()
            self.command_id = command_id

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._ended_rows: dict[int, tuple[Task, Row]] = {}
        """Rows of ended tasks, which never change: a long session keeps
        hundreds, and building each again on every poll answer added up."""

    def compose(self) -> ComposeResult:
        yield VirtualTable(COLUMNS, id="task-table")

    def show_book(self, book: TaskBook | None, visible: bool) -> None:
        """Redraw from the book; hide when there is nothing to show."""
        found = self.query(VirtualTable)
        if not found:
            # Not composed yet, or being removed with its screen: a screen
            # redraws its panel when it is shown, so there is nothing to do.
            return

        tasks = list(book) if book is not None else []
        now = time.time()
        table = found.first()
        grew = len(tasks) > table.row_count
        table.set_rows([self._row(task, now) for task in reversed(tasks)])
        kept = {task.command_id for task in tasks}
        for command_id in self._ended_rows.keys() - kept:
            del self._ended_rows[command_id]
        if grew and table.row_count:
            table.action_first()  # the newest task, always in view
        self.styles.height = min(len(tasks), MAX_VISIBLE_TASKS) + 2  # header, rule
        self.display = visible and bool(tasks)

    def _row(self, task: Task, now: float) -> Row:
        if not task.ended:
            return task_row(task, now)
        cached = self._ended_rows.get(task.command_id)
        if cached is None or cached[0] is not task:
            cached = self._ended_rows[task.command_id] = (task, task_row(task, now))
        return cached[1]

    def on_virtual_table_row_activated(self, event: VirtualTable.RowActivated) -> None:
        event.stop()
        self.post_message(self.LogRequested(int(event.key)))

    def action_dismiss_task(self) -> None:
        key = self.query_one(VirtualTable).cursor_key
        if key is not None and not self.app.tasks.dismiss(int(key)):
            self.notify("A running task cannot be dismissed.", timeout=3)
        self.app.refresh_task_panels()

    def action_dismiss_ended(self) -> None:
        self.app.tasks.dismiss_ended()
        self.app.refresh_task_panels()
