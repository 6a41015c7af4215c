"""One operation from key press to tracked task.

Form (if the operation needs input), then confirmation, then exactly one
request. If the API refuses, the form opens again with what was typed and
the API's words above it; sending again needs a new confirmation, so nothing
is ever sent twice behind the user's back.
"""

from __future__ import annotations

import logging
import time

from textual.app import App

from ..api import ApiError, InvalidInput
from ..tasks import Task
from .dialogs.confirm import ConfirmChange
from .dialogs.form import FormDialog
from .operations import Operation, Target, send
from .task_follower import ServerChanged

log = logging.getLogger(__name__)


async def operation_flow(app: App, operation: Operation, target: Target) -> None:
    """Run one operation; every failure is reported here, none escapes."""
    try:
        await _flow(app, operation, target)
    except Exception:
        log.exception("%s on %s failed unexpectedly", operation.id, target.id)
        app.notify(
            f"{operation.title} stopped on an unexpected error; details are in "
            "the log file.",
            severity="error",
            markup=False,
        )


async def _flow(app: App, operation: Operation, target: Target) -> None:
    client = app.session.client
    answers: dict | None = None
    error = ""
    while True:
        if operation.form is not None:
            answers = await _ask(app, operation, target, answers, error)
            if answers is None:
                return
        else:
            answers = {}

        try:
            change = operation.build(target, answers)
        except InvalidInput as exc:
            if operation.form is None:
                _tell(app, exc)
                return
            error = exc.message
            continue

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

        try:
            command_id = await send(client, operation, target, answers)
        except ApiError as exc:
            if operation.form is None:
                _tell(app, exc)
                return
            error = f"{exc.title}: {exc.message}"
            continue

        _started(app, operation, target, command_id)
        return


async def _ask(app: App, operation: Operation, target: Target, answers, error):
    """The operation's form, or None when cancelled or its choices fail."""
    try:
        fields = await operation.form(app.session.client, target, answers)
    except ApiError as exc:
        _tell(app, exc)
        return None
    return await app.push_screen_wait(
        FormDialog(f"{operation.title}: {target.name}", fields, error=error)
    )


def _started(app: App, operation: Operation, target: Target, command_id) -> None:
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
            changes_catalog=operation.changes_catalog,
        )
    )


def _tell(app: App, error: ApiError) -> None:
    app.notify(error.message, title=error.title, severity="error", markup=False)
