"""Polling the queue for the app's tasks and telling the screens.

One request per due task per tick, with the back-off the task book decides;
nothing at all when no task is running. When a task ends, a toast says how
(and the bell rings, unless turned off), and the screens are told which
server changed so they can show it fresh.
"""

from __future__ import annotations

import logging

from textual.app import App
from textual.message import Message

from ..api import ApiError, created_server
from ..api.errors import NotFound
from ..tasks import Task, TaskBook
from .ledger_notes import record_task_end

log = logging.getLogger(__name__)

TICK_SECONDS = 1.0


class ServerChanged(Message):
    """Something the app did changed this server: show it fresh."""

    def __init__(self, server_id: str) -> None:
        super().__init__()
        self.server_id = server_id


class TaskEnded(ServerChanged):
    """A tracked command finished, failed, was cancelled or got lost."""

    def __init__(self, task: Task) -> None:
        super().__init__(task.server_id)
        self.task = task


class TaskFollower:
    def __init__(self, app: App, book: TaskBook, *, bell: bool = True) -> None:
        self._app = app
        self.book = book
        self._bell = bell
        self._polling: set[int] = set()
        self._failing: set[int] = set()
        """Tasks whose last poll failed; each streak is told only once."""
        self._client = app.session.client
        self._stopped = False
        self._timer = app.set_interval(TICK_SECONDS, self._tick, name="task-follower")

    def stop(self) -> None:
        """Stop following: the app moved to another profile's session."""
        self._stopped = True
        self._timer.stop()

    def track(self, task: Task) -> None:
        self.book.add(task)
        self._app.refresh_task_panels()
        self._tick()

    def _tick(self) -> None:
        if self._stopped:
            return
        for task in self.book.due():
            if task.command_id not in self._polling:
                self._polling.add(task.command_id)
                self._app.run_worker(
                    self._poll(task.command_id),
                    group="tasks",
                    exit_on_error=False,
                )

    async def _poll(self, command_id: int) -> None:
        try:
            command = await self._client.get_command(command_id)
            if self._stopped:
                return
            changed = self.book.observed(command)
            self._failing.discard(command_id)
        except NotFound:
            changed = self.book.not_in_queue(command_id)
            self._failing.discard(command_id)
        except ApiError as exc:
            log.info("polling command %s failed: %s", command_id, exc)
            self.book.polled(command_id)
            self._poll_failed(command_id, exc)
            changed = None
        finally:
            self._polling.discard(command_id)

        # Redraw after every poll of a running task, changed or not, so its
        # elapsed time moves; once nothing runs, nothing is redrawn.
        self._app.refresh_task_panels()
        if changed is not None and changed.ended:
            self._announce(changed)

    def _poll_failed(self, command_id: int, error: ApiError) -> None:
        """Say once that a task cannot be followed, until a poll succeeds."""
        task = self.book.get(command_id)
        if task is None or command_id in self._failing:
            return
        self._failing.add(command_id)
        self._app.notify(
            f"{task.action} on {task.server_name}: {error.message}. Trying again "
            "shortly; the task panel shows when it ends.",
            title="Task not followed",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _announce(self, task: Task) -> None:
        record_task_end(self._app, task)
        if task.succeeded and task.changes_catalog:
            self._app.session.client.forget_cached_options()
        what = f"{task.action}: {task.server_name}"
        if task.succeeded and task.creates:
            made = created_server(task.log)
            self._app.last_created = made.name or task.server_name
            self._app.notify(
                f"Created {self._app.last_created} at {made.public_ip or 'no IP yet'}. "
                "Press o on the server list to open it.",
                title="Server created",
                timeout=20,
                markup=False,
            )
        elif task.succeeded:
            self._app.notify(f"{what} done", title="Task complete", markup=False)
        else:
            detail = task.note or task.last_line or "no log"
            self._app.notify(
                f"{what} {task.status}: {detail}",
                title="Task did not complete",
                severity="error",
                timeout=15,
                markup=False,
            )
        if self._bell:
            self._app.bell()
        for screen in self._app.screen_stack:
            screen.post_message(TaskEnded(task))
