"""One operation at a time, from key press to tracked task.

Form (if the operation needs input), then confirmation, then exactly one
request. If the API refuses, or the request never left, the form opens again
with what was typed and the reason above it; sending again needs a new
confirmation, so nothing is ever sent twice behind the user's back. If the
answer is lost on the way back (dropped, timed out, unreadable), the queue is
searched for the command instead of sending it again; when none turns up,
the form opens again saying so, for the user to check before sending.

Only one operation runs at a time: another key while the first is still
loading its choices replaces it (Esc cancels it), and no key starts a second
one while a request is on its way.

Every request that goes out, or is refused on the way, gets its line in the
action ledger (``ledger_notes``); the task follower adds how it ended.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from textual.app import App
from textual.worker import Worker

from ..api import ApiError, CreateUnconfirmed, InvalidInput
from ..api.errors import TransportError, outcome_unknown
from ..tasks import Task
from .dialogs.confirm import ConfirmChange
from .dialogs.form import FormDialog
from .errors import with_advice
from .ledger_notes import (
    attempt_of,
    record_failed,
    record_lost,
    record_sending,
    record_sent,
)
from .operations import Operation, Target, send
from .task_follower import ServerChanged

log = logging.getLogger(__name__)

SLOW = 0.4
"""Seconds before a wait is worth saying out loud."""
STILL_WAITING = 8.0
"""Seconds between reminders of a wait that goes on: an answer can take the
whole timeout, and a lost one as long again to look for in the queue."""

LOADING, ASKING, SENDING = "loading", "asking", "sending"


class OperationRunner:
    def __init__(self, app: App) -> None:
        self._app = app
        self._worker: Worker | None = None
        self.phase: str | None = None

    def start(self, operation: Operation, target: Target) -> None:
        self.launch(operation.title, lambda: self._flow(operation, target))

    def launch(self, title: str, flow: Callable[[], Awaitable[None]]) -> None:
        """Run one flow of questions and requests; every change starts here.

        A flow sets ``phase`` as it goes, so a key pressed meanwhile knows
        whether it may replace the flow or must wait for its answers.
        """
        if self._app.writes_refused():
            return
        if self._worker is not None and not self._worker.is_finished:
            if self.phase == SENDING:
                self._app.notify(
                    "Another change is on its way; wait for its answer.", timeout=4
                )
                return
            self._worker.cancel()
        self._worker = self._app.run_worker(
            self._run(title, flow), group="operation", exit_on_error=False
        )

    def cancel_loading(self) -> bool:
        """Esc while a form's choices load: drop that operation."""
        if self._worker is None or self._worker.is_finished or self.phase != LOADING:
            return False
        self._worker.cancel()
        self._app.notify("Cancelled.", timeout=2)
        return True

    async def _run(self, title: str, flow: Callable[[], Awaitable[None]]) -> None:
        """Run one flow; every failure is reported here, none escapes."""
        try:
            await flow()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed unexpectedly", title)
            self._app.notify(
                f"{title} stopped on an unexpected error; details are in the log file.",
                severity="error",
                markup=False,
            )
        finally:
            self.phase = None

    async def _flow(self, operation: Operation, target: Target) -> None:
        app = self._app
        client = app.session.client
        if _already(operation, target):
            app.notify(
                f"{target.name} is already {target.power}.", timeout=4, markup=False
            )
            return

        answers: dict | None = None
        error = ""
        while True:
            if operation.form is not None:
                answers = await self._ask(operation, target, answers, error)
                if answers is None:
                    return
            else:
                answers = {}

            try:
                change = operation.build(target, answers)
            except InvalidInput as exc:
                if operation.form is None:
                    _tell(app, operation, target, exc)
                    return
                error = exc.message
                continue

            self.phase = ASKING
            confirmed = await app.push_screen_wait(
                ConfirmChange(
                    change,
                    server=target.label,
                    summary=operation.summary(target, answers),
                    effects=operation.effects(target, answers),
                    type_to_confirm=target.name if operation.type_name else None,
                    base_url=client.base_url,
                    destructive=operation.destructive,
                )
            )
            if not confirmed:
                return

            self.phase = SENDING
            record_sending(app, attempt_of(operation, target, change))
            try:
                with _said_when_slow(app, f"Sending {operation.title}…"):
                    command_id, recovered = await send(
                        client, operation, target, answers
                    )
            except ApiError as exc:
                error = await self._failed(operation, target, change, exc)
                if error is None:
                    return
                if operation.form is None:
                    app.notify(
                        f"{target.name}: {error}",
                        title=exc.title,
                        severity="error",
                        timeout=15,
                        markup=False,
                    )
                    return
                log.info("%s on %s failed: %s", operation.title, target.id, exc)
                error = f"{exc.title}: {error}"
                continue

            note = "answer lost; found" if recovered else ""
            track_started(app, operation, target, command_id, note, change)
            if recovered:
                app.notify(
                    f"{target.name}: {recovered}. Follow it in the task panel.",
                    severity="warning",
                    markup=False,
                )
            return

    async def _failed(self, operation, target: Target, change, exc: ApiError):
        """Record and explain a send that failed; the words for the user.

        None when nothing more is to be said: the lost answer's command was
        found and is followed now, or the loss was already told in a toast.
        """
        attempt = attempt_of(operation, target, change)
        if not _answer_lost(exc):
            record_failed(self._app, attempt, exc)
            sent = " Nothing was sent." if _not_sent(exc) else ""
            return with_advice(f"{exc.message.rstrip('.')}.{sent}", exc)

        if not change.returns_command:
            record_lost(self._app, attempt, "the answer was lost")
            return (
                f"{exc.message.rstrip('.')}. The change may or may not have been "
                "made; check the server's details before sending it again."
            )
        lost = await self._search(operation, target, exc, change)
        if lost is None or operation.form is None:
            return None
        return lost

    async def _ask(self, operation: Operation, target: Target, answers, error):
        """The operation's form, or None when cancelled or its choices fail."""
        self.phase = LOADING
        client = self._app.session.client
        try:
            with _said_when_slow(
                self._app, f"Loading the choices for {operation.title}"
            ):
                fields = await operation.form(client, target, answers)
        except ApiError as exc:
            log.info("choices for %s on %s: %s", operation.title, target.id, exc)
            self._app.notify(
                with_advice(f"{target.name}: {exc.message}", exc),
                title=exc.title,
                severity="error",
                markup=False,
            )
            return None
        self.phase = ASKING
        return await self._app.push_screen_wait(
            FormDialog(f"{operation.title}: {target.name}", fields, error=error)
        )

    async def adopt_lost(self, operation, target, cause, change=None) -> bool:
        """The answer never came back: find the command rather than resend.

        True when the command was found in the queue and is followed now.
        """
        return await self._search(operation, target, cause, change) is None

    async def _search(self, operation, target, cause, change) -> str | None:
        """Look in the queue for a change whose answer was lost.

        None when the command was found and is followed now; otherwise what
        the user is told, which a toast has said already.
        """
        app = self._app
        app.notify(
            f"{target.name}: {cause.message}; looking in the queue for the "
            "command before anything else is sent.",
            severity="warning",
            markup=False,
        )
        known = {task.command_id for task in app.tasks} if app.tasks else set()
        client = app.session.client
        looking = (
            f"{target.name}: looking in the queue for the {operation.title} command…"
        )
        try:
            with _said_when_slow(app, looking, first=STILL_WAITING):
                found = await client.look_for_command(
                    target.name, exclude=known, newer_than=cause.queue_floor
                )
            why = f"no command for {target.name} appeared in the queue"
        except ApiError as unreadable:
            found = None
            why = f"the queue could not be read ({unreadable.message})"
        if found is not None:
            note = "answer lost; found"
            track_started(app, operation, target, found.id, note=note, change=change)
            return None

        record_lost(app, attempt_of(operation, target, change), f"answer lost; {why}")
        log.info("%s on %s: %s (%s)", operation.title, target.id, why, cause)
        lost = (
            f"{cause.message}, and {why}. Nothing was sent again; check the "
            "server before trying once more."
        )
        app.notify(
            f"{target.name}: {lost}",
            title=f"{operation.title}: answer lost",
            severity="error",
            timeout=15,
            markup=False,
        )
        return lost


def _answer_lost(error: ApiError) -> bool:
    """The change may have been made: the request left, no usable answer came.

    A create or clone whose loss the client already looked into arrives as
    ``CreateUnconfirmed``, which says what it found: no second search.
    """
    return outcome_unknown(error) and not isinstance(error, CreateUnconfirmed)


def _not_sent(error: ApiError) -> bool:
    return isinstance(error, TransportError) and error.nothing_sent


def _already(operation: Operation, target: Target) -> bool:
    """Powering a server to the state it is in would do nothing."""
    return (operation.id, target.power) in (("power_on", "on"), ("power_off", "off"))


class _said_when_slow:
    """Show a toast if the wrapped wait outlasts ``SLOW`` seconds, and
    another every ``STILL_WAITING`` seconds while it goes on, so a change
    with no answer yet never looks like nothing is happening."""

    def __init__(self, app: App, message: str, *, first: float | None = None) -> None:
        self._app = app
        self._message = message
        self._first = SLOW if first is None else first
        self._started = 0.0
        self._timer = None

    def __enter__(self):
        self._started = time.monotonic()
        self._timer = self._app.set_timer(self._first, self._say)
        return self

    def _say(self) -> None:
        waited = time.monotonic() - self._started
        message = self._message
        if waited >= STILL_WAITING:
            message += f" ({waited:.0f} s so far)"
        self._app.notify(message, timeout=STILL_WAITING, markup=False)
        self._timer = self._app.set_timer(STILL_WAITING, self._say)

    def __exit__(self, *exc_info) -> None:
        self._timer.stop()


def track_started(
    app: App, operation, target: Target, command_id, note: str = "", change=None
) -> None:
    """Follow a sent command in the task panel (or say it is done at once)."""
    record_sent(app, attempt_of(operation, target, change), command_id, note)
    if command_id is None:
        app.notify(f"{operation.title}: {target.name} done", markup=False)
        for screen in app.screen_stack:
            screen.post_message(ServerChanged(target.id))
        return

    log.info("%s on %s: command %s", operation.title, target.id, command_id)
    app.follower.track(
        Task(
            command_id=command_id,
            server_id=target.id,
            server_name=target.name,
            action=operation.title,
            submitted_at=time.time(),
            note=note,
            changes_catalog=operation.changes_catalog,
        )
    )


def _tell(app: App, operation: Operation, target: Target, error: ApiError) -> None:
    log.info("%s on %s failed: %s", operation.title, target.id, error)
    app.notify(error.message, title=error.title, severity="error", markup=False)
