"""Writing what the app sends into the ledger, from the places that send it.

The runner, the wizard and the task follower call these; each turns what
it has (an operation and its ``Change``, a create request, an ended task)
into a ledger line. A ledger that cannot be written is said once, in a
toast, and the change itself goes on regardless.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from ..api import ApiError, CreateServerRequest, CreateUnconfirmed, created_server
from ..api.changes import Change
from ..api.errors import TransportError, WritesLocked, outcome_unknown
from ..api.validation import InvalidInput
from ..ledger import COMPLETE, LOST, NOT_SENT, REFUSED, SENT, Attempt, Ledger
from ..tasks import Task
from .target import Target

CREATE = "Create server"
SCRIPT_NOTE = "{size} bytes, not recorded"
"""An init script may carry keys or tokens: the ledger keeps only its size."""


def attempt_of(operation, target: Target, change: Change | None) -> Attempt:
    """What the runner is about to send, with its secrets masked.

    ``change`` may be missing where a caller has only the operation; an
    operation that needs no answers can still build its own.
    """
    if change is None:
        try:
            change = operation.build(target, {})
        except (KeyError, ValueError, ApiError):
            change = None
    if change is None:
        return Attempt(operation.title, target.id, target.name, {})
    secrets = tuple(
        str(change.fields[key]) for key in change.secret_fields if key in change.fields
    )
    return Attempt(
        operation.title, target.id, target.name, change.masked_fields(), secrets
    )


def attempt_of_create(request: CreateServerRequest) -> Attempt:
    fields = request.masked_form()
    if "script" in fields:
        fields["script"] = SCRIPT_NOTE.format(size=len(request.script.encode()))
    parameters = {key: wire_text(value) for key, value in fields.items()}
    return Attempt(CREATE, "", request.name, parameters, (request.password,))


def wire_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def record_sending(app: App, attempt: Attempt) -> None:
    """On its way: recorded before the request leaves, so a kamatui that
    stops before the answer still leaves the change in the ledger."""
    _write(app, lambda ledger: ledger.record_sending(attempt))


def record_sent(
    app: App, attempt: Attempt, command_id: int | None, note: str = ""
) -> None:
    """Sent and taken: pending until its command ends, or done at once."""
    outcome = SENT if command_id is not None else COMPLETE
    _write(
        app,
        lambda ledger: ledger.record(
            attempt, command_id=command_id, outcome=outcome, detail=note
        ),
    )


def record_failed(app: App, attempt: Attempt, error: ApiError) -> None:
    """Refused by the API, stopped before it left, or its answer lost."""
    detail = f"{error.title}: {error.message}"
    _write(
        app,
        lambda ledger: ledger.record(
            attempt, outcome=failure_outcome(error), detail=detail
        ),
    )


def record_lost(app: App, attempt: Attempt, detail: str) -> None:
    _write(app, lambda ledger: ledger.record(attempt, outcome=LOST, detail=detail))


def record_task_end(app: App, task: Task) -> None:
    _write(
        app,
        lambda ledger: ledger.record_outcome(
            task.command_id, task.status, task_detail(task)
        ),
    )


def failure_outcome(error: ApiError) -> str:
    if isinstance(error, CreateUnconfirmed):
        return LOST
    if isinstance(error, WritesLocked | InvalidInput):
        return NOT_SENT
    if outcome_unknown(error):
        return LOST
    if isinstance(error, TransportError):
        return NOT_SENT
    return REFUSED


def task_detail(task: Task) -> str:
    """A few words on how a command ended: the new server, or what failed."""
    if task.succeeded and task.creates:
        made = created_server(task.log)
        return f"created {made.name or task.server_name} at {made.public_ip or '?'}"
    if task.succeeded:
        return ""
    return task.note or task.last_line


def _write(app: App, write) -> None:
    ledger: Ledger | None = getattr(app, "ledger", None)
    if ledger is None:
        return
    already_failing = ledger.write_error is not None
    if write(ledger) or already_failing:
        return
    app.notify(
        f"The action ledger could not be written ({ledger.write_error}); "
        "changes still go out, but are not recorded.",
        title="Ledger",
        severity="warning",
        timeout=10,
        markup=False,
    )
