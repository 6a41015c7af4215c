"""Marking servers on the list so the power keys act on all of them at once.

Marks are kept by server id, so refreshes, sorting and the filter leave them
alone; a server that leaves the account loses its mark. With marks present,
power on, off and restart go to every marked server (see ``bulk``); the other
changes act on one server, so they are refused until the marks are cleared
rather than guess which server was meant.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding

from ..api.models import ServerSummary
from .operation_names import NAMES
from .target import Target
from .widgets.marked_table import MarkedTable
from .widgets.title_bar import TitleBar

BULK_OPERATIONS = ("power_on", "power_off", "restart")
"""The operations that act on every marked server; the rest act on one."""

MARK_BINDINGS = [
    Binding("space", "toggle_mark", "Mark", show=False, id="servers.mark"),
]


class MarkKeys:
    """Mixed into the server list, in front of ``OperationKeys``.

    The screen adds ``MARK_BINDINGS`` to its ``BINDINGS``, keeps the marked
    ids in ``marks`` and answers ``target_of(server_id)``.
    """

    marks: set[str]

    def target_of(self, server_id: str) -> Target | None:
        raise NotImplementedError

    def action_toggle_mark(self) -> None:
        """Mark or unmark the cursor's server, then move down a row."""
        table = self.query_one(MarkedTable)
        key = table.cursor_key
        if key is None:
            return
        self.marks ^= {key}
        self.show_marks()
        table.action_cursor_down()

    def clear_marks(self) -> bool:
        """Drop every mark; False when there were none."""
        if not self.marks:
            return False
        count = len(self.marks)
        self.marks.clear()
        self.show_marks()
        self.notify(f"Cleared {count} mark{'s' if count != 1 else ''}.", timeout=3)
        return True

    def keep_marks_of(self, servers: Iterable[ServerSummary]) -> None:
        """After a refresh: servers no longer in the account lose their mark."""
        present = {server.id for server in servers}
        if not self.marks <= present:
            self.marks &= present
            self.show_marks()

    def unmark(self, server_ids: set[str]) -> None:
        self.marks -= server_ids
        self.show_marks()

    def show_marks(self) -> None:
        self.query_one(MarkedTable).set_marked(self.marks)
        self.query_one(TitleBar).set_marked(len(self.marks))

    def marked_targets(self) -> list[Target]:
        targets = (self.target_of(server_id) for server_id in self.marks)
        return [target for target in targets if target is not None]

    def action_operate(self, operation_id: str) -> None:
        """With marks, power keys act on all marked servers; other changes wait."""
        if not self.marks:
            super().action_operate(operation_id)
            return

        if operation_id in BULK_OPERATIONS:
            from .bulk import start_bulk  # with the runner, on first use

            start_bulk(self.app, operation_id, self.marked_targets(), self.unmark)
            return

        count = len(self.marks)
        self.notify(
            f"{count} server{'s are' if count != 1 else ' is'} marked: only power "
            f"on, off and restart act on marked servers. {NAMES[operation_id][0]} "
            "acts on one server; clear the marks with Esc first.",
            severity="warning",
            timeout=6,
            markup=False,
        )
