"""One task's whole log, growing as the command runs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...api.wire import clean_text
from ...tasks import Task
from ..mounting import unless_closing


class TaskLogScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="task_log.close")]

    def __init__(self, command_id: int) -> None:
        super().__init__()
        self.command_id = command_id

    def compose(self) -> ComposeResult:
        body = VerticalScroll(id="task-log-body")
        body.border_subtitle = "Esc closes"
        with body:
            yield Static(id="task-log-text")

    @unless_closing
    def on_mount(self) -> None:
        self.show_task(self.app.tasks.get(self.command_id))

    def show_task(self, task: Task | None) -> None:
        body = self.query_one("#task-log-body", VerticalScroll)
        text = self.query_one("#task-log-text", Static)
        if task is None:
            body.border_title = f"Command {self.command_id}"
            text.update("This task has been dismissed.")
            return

        body.border_title = Text(
            clean_text(f"{task.action} · {task.server_name} · {task.status}")
        )
        lines = clean_text(task.log, keep_newlines=True) or "(no log yet)"
        if task.note:
            lines += f"\n\n{clean_text(task.note)}"
        at_end = body.scroll_y >= body.max_scroll_y
        text.update(Text(lines))
        if at_end:
            body.call_after_refresh(body.scroll_end, animate=False)
