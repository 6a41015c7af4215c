"""The task panel's rows: built again only when their task changed."""

from __future__ import annotations

import time

from textual.app import App

from kamatui.api.models import QueuedCommand
from kamatui.tasks import Task, TaskBook
from kamatui.ui.widgets.task_panel import TaskPanel
from kamatui.ui.widgets.virtual_table import VirtualTable


class PanelApp(App):
    def compose(self):
        yield TaskPanel()


def cells(panel: TaskPanel) -> list[list[str]]:
    return [
        [str(cell) for cell in row.cells] for row in panel.query_one(VirtualTable).rows
    ]


async def test_ended_rows_are_kept_until_their_task_changes():
    """An ended task's row is reused; a replaced task gets a new row."""
    book = TaskBook()
    started = time.time() - 30
    book.add(Task(1, "s1", "web-1", "Restart", started, status="complete", log="Done"))
    book.add(Task(2, "s2", "web-2", "Restart", started, status="progress", log="Go"))
    async with PanelApp().run_test() as pilot:
        panel = pilot.app.query_one(TaskPanel)
        panel.show_book(book, True)
        first = panel.query_one(VirtualTable).rows[1]
        panel.show_book(book, True)
        assert panel.query_one(VirtualTable).rows[1] is first

        book.observed(
            QueuedCommand.from_api(
                {"id": 1, "status": "error", "log": "Done\nFailed: disk"}
            )
        )
        panel.show_book(book, True)
        assert cells(panel)[1][2] == "error" and cells(panel)[1][4] == "Failed: disk"

        book.dismiss(1)
        panel.show_book(book, True)
        assert [row[0] for row in cells(panel)] == ["web-2"]
        assert panel._ended_rows == {}


def test_answers_that_arrive_as_the_app_closes_are_dropped():
    """A burst's redraw that comes due after the last screen closed draws
    nothing and raises nothing."""
    from types import SimpleNamespace

    from kamatui.ui.task_follower import TaskFollower

    def no_screens():
        raise AssertionError("drawn with no screen to draw on")

    closing = SimpleNamespace(
        session=SimpleNamespace(client=None),
        set_interval=lambda *args, **kwargs: SimpleNamespace(stop=lambda: None),
        screen_stack=[],
        refresh_task_panels=no_screens,
    )
    follower = TaskFollower(closing, TaskBook())
    follower._show()


async def test_a_panel_whose_table_is_gone_or_not_there_yet_is_skipped():
    """A screen shown while another is still being built or taken down asks
    every panel to redraw; one without its table must not end the app."""
    book = TaskBook()
    book.add(Task(1, "s1", "web-1", "Restart", time.time(), status="progress"))
    async with PanelApp().run_test() as pilot:
        panel = pilot.app.query_one(TaskPanel)
        await panel.query_one(VirtualTable).remove()
        panel.show_book(book, True)

        unbuilt = TaskPanel()
        unbuilt.show_book(book, True)
        assert pilot.app.is_running
