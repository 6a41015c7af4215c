"""Polling the queue for the app's tasks and telling the screens.

One request per due task per tick, with the back-off the task book decides;
nothing at all when no task is running. When a task ends, a toast says how
(and the bell rings, unless turned off), and the screens are told which
server changed so they can show it fresh.

Answers come in bursts (a hundred restarts end within a second of each
other), so the panels are redrawn once per burst, and the tasks that end
together get one toast and one bell between them.
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
GATHER_SECONDS = 0.1
"""How long answers and endings are gathered before they are shown."""
MAX_POLLS_IN_FLIGHT = 8
"""Queue reads on their way at once. A task file of thousands of unfinished
commands once sent them all every tick, and the app's own reads timed out
in the crowd."""
MAX_NAMED = 3
"""Failed tasks named one by one in a burst's toast; the ledger has them all."""


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
        self._redraw_due = False
        self._ended: list[Task] = []
        """Tasks that ended since the last announcement."""
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
            if len(self._polling) >= MAX_POLLS_IN_FLIGHT:
                break  # the rest wait for a later tick
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
        if changed is not None and changed.ended:
            self._ended.append(changed)
        self._show_soon()

    def _show_soon(self) -> None:
        """Redraw and announce once for all the answers of this burst."""
        if not self._redraw_due:
            self._redraw_due = True
            self._app.set_timer(GATHER_SECONDS, self._show)

    def _show(self) -> None:
        self._redraw_due = False
        if self._stopped or not self._app.screen_stack:
            return  # the app is closing: nothing left to draw on
        self._app.refresh_task_panels()
        ended, self._ended = self._ended, []
        for task in ended:
            self._record_end(task)
        # A new server's name and address get a toast of their own.
        created = [task for task in ended if task.succeeded and task.creates]
        others = [task for task in ended if task not in created]
        for task in created:
            self._announce(task)
        if len(others) == 1:
            self._announce(others[0])
        elif others:
            self._announce_many(others)
        if ended and self._bell:
            self._app.bell()
        for task in ended:
            for screen in self._app.screen_stack:
                screen.post_message(TaskEnded(task))

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

    def _record_end(self, task: Task) -> None:
        record_task_end(self._app, task)
        if task.succeeded and task.changes_catalog:
            self._app.session.client.forget_cached_options()

    def _announce(self, task: Task) -> None:
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

    def _announce_many(self, tasks: list[Task]) -> None:
        """One toast for tasks that ended together: how many, and the failures."""
        failed = [task for task in tasks if not task.succeeded]
        done = len(tasks) - len(failed)
        summary = f"{len(tasks)} tasks ended: {done} complete"
        if not failed:
            self._app.notify(summary, title="Tasks complete", markup=False)
            return
        named = [
            f"{task.action} {task.server_name} {task.status}: "
            f"{task.note or task.last_line or 'no log'}"
            for task in failed[:MAX_NAMED]
        ]
        more = len(failed) - len(named)
        if more:
            named.append(f"and {more} more; L lists them all")
        self._app.notify(
            f"{summary}, {len(failed)} did not.\n" + "\n".join(named),
            title="Tasks did not all complete",
            severity="error",
            timeout=15,
            markup=False,
        )
