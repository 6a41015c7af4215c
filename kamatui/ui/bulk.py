"""Power on, off or restart every marked server after one confirmation.

The plan splits the marked servers into those a command goes to and those
skipped because it would do nothing (or, for a restart, would fail). The
confirmation lists both and wants the number of servers typed. Then exactly
one request goes to each server, a few at a time: a refusal is reported for
its server and the others go on, and a lost answer is looked for in the
queue, never sent again. Each command is followed in the task panel.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual.app import App

from ..api import ApiError
from ..api.changes import Change
from ..api.errors import TransportError, WritesLocked, outcome_unknown
from ..api.models import POWER_OFF, POWER_ON
from .ledger_notes import attempt_of, record_failed, record_sending
from .operation_flow import ASKING, SENDING, OperationRunner, track_started
from .operations import BY_ID, Operation, Target, send

log = logging.getLogger(__name__)

PARALLEL_SENDS = 3
"""Requests on their way at once: quick for a dozen servers, gentle on the API."""

MAX_FAILURES_LISTED = 5


@dataclass(frozen=True)
class BulkPlan:
    operation: Operation
    send: tuple[Target, ...]
    """The servers a command goes to, by name."""
    skip: tuple[tuple[Target, str], ...]
    """The servers left alone, each with the reason."""

    def changes(self) -> list[Change]:
        """What goes out, one change per server."""
        return [self.operation.build(target, {}) for target in self.send]


def skip_reason(operation_id: str, power: str) -> str | None:
    """Why a server in this power state gets no command, or None."""
    if (operation_id, power) == ("power_on", POWER_ON):
        return "already on"
    if (operation_id, power) == ("power_off", POWER_OFF):
        return "already off"
    if (operation_id, power) == ("restart", POWER_OFF):
        return "off: a restart needs it running"
    return None


def plan_for(operation: Operation, targets: Iterable[Target]) -> BulkPlan:
    ordered = sorted(targets, key=lambda target: target.name.lower())
    send_to, skip = [], []
    for target in ordered:
        reason = skip_reason(operation.id, target.power)
        if reason is None:
            send_to.append(target)
        else:
            skip.append((target, reason))
    return BulkPlan(operation, tuple(send_to), tuple(skip))


@dataclass(frozen=True)
class Outcome:
    target: Target
    failure: str = ""
    """Empty when a command was sent (or found after a lost answer)."""


def start_bulk(
    app: App,
    operation_id: str,
    targets: list[Target],
    handled: Callable[[set[str]], None],
) -> None:
    """Plan, confirm and send; ``handled`` gets the ids that need no retry."""
    plan = plan_for(BY_ID[operation_id], targets)
    runner = app.operations
    runner.launch(
        f"{plan.operation.title} on {len(targets)} servers",
        lambda: _bulk_flow(app, runner, plan, handled),
    )


async def _bulk_flow(
    app: App,
    runner: OperationRunner,
    plan: BulkPlan,
    handled: Callable[[set[str]], None],
) -> None:
    from .dialogs.confirm_bulk import ConfirmBulk

    if not plan.send:
        reasons = {reason for _, reason in plan.skip}
        why = reasons.pop() if len(reasons) == 1 else "in no state for it"
        app.notify(
            f"{plan.operation.title}: nothing to send; every marked server is {why}.",
            timeout=5,
            markup=False,
        )
        return

    runner.phase = ASKING
    confirmed = await app.push_screen_wait(
        ConfirmBulk(plan, base_url=app.session.client.base_url)
    )
    if not confirmed:
        return

    runner.phase = SENDING
    outcomes = await send_all(app, runner, plan)
    sent = {outcome.target.id for outcome in outcomes if not outcome.failure}
    handled(sent | {target.id for target, _ in plan.skip})
    _report(app, plan, outcomes)


async def send_all(
    app: App, runner: OperationRunner, plan: BulkPlan, parallel: int = PARALLEL_SENDS
) -> list[Outcome]:
    """One request per server, ``parallel`` at a time; outcomes in plan order."""
    gate = asyncio.Semaphore(parallel)

    async def one(target: Target) -> Outcome:
        async with gate:
            return await _send_one(app, runner, plan.operation, target)

    return list(await asyncio.gather(*(one(target) for target in plan.send)))


async def _send_one(
    app: App, runner: OperationRunner, operation: Operation, target: Target
) -> Outcome:
    """Send once; never raises, never sends again. The ledger gets every try."""
    change = operation.build(target, {})
    record_sending(app, attempt_of(operation, target, change))
    try:
        command_id, _ = await send(app.session.client, operation, target, {})
    except ApiError as exc:
        if outcome_unknown(exc):
            if await runner.adopt_lost(operation, target, exc, change):
                return Outcome(target)
            return Outcome(target, "answer lost and no command in the queue")
        if isinstance(exc, TransportError):
            record_failed(app, attempt_of(operation, target, change), exc)
            return Outcome(target, f"not sent: {exc.message}")
        log.info("%s on %s refused: %s", operation.title, target.id, exc)
        record_failed(app, attempt_of(operation, target, change), exc)
        if isinstance(exc, WritesLocked):
            return Outcome(target, "not sent: the session is read-only again")
        return Outcome(target, f"{exc.title}: {exc.message}")

    track_started(app, operation, target, command_id, change=change)
    return Outcome(target)


def _report(app: App, plan: BulkPlan, outcomes: list[Outcome]) -> None:
    """One toast: how many went out, and each failure with its server."""
    failed = [outcome for outcome in outcomes if outcome.failure]
    title = plan.operation.title
    counts = f"{len(outcomes) - len(failed)} sent"
    if plan.skip:
        counts += f", {len(plan.skip)} skipped"
    if not failed:
        app.notify(f"{title}: {counts}.", markup=False)
        return

    lines = [f"{o.target.name}: {o.failure}" for o in failed[:MAX_FAILURES_LISTED]]
    if len(failed) > MAX_FAILURES_LISTED:
        lines.append(f"and {len(failed) - MAX_FAILURES_LISTED} more (in the log file)")
    for outcome in failed:
        log.info("%s on %s: %s", title, outcome.target.id, outcome.failure)
    app.notify(
        "\n".join(lines) + "\nThey stay marked: the same key tries them again.",
        title=f"{title}: {counts}, {len(failed)} failed",
        severity="error",
        timeout=20,
        markup=False,
    )
