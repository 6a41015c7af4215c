"""The fault matrix: every API call the app makes, with each way it can fail.

One test per fault mode starts one app over a fresh simulator and walks every
call through the UI, as a user would reach it (the rows are in matrix.py):
the server list, a server's details, the options catalog, the CPU, RAM and
disk choices, the snapshot list, the disk library, the queue read that
follows a task and the queue search after a lost answer, signing in (the
apps run in token mode), and every change the keys send. The columns are a
500 with an ``errors`` body, 502 and 503 HTML pages, a 429 with Retry-After,
a request that hangs past the timeout, a refused connection, a dropped
connection, malformed JSON, an expired token and the queue's 404 window. The
hang, the refusal and the drop run over loopback; the rest in-process.

Each cell proves that the app still runs; that one message the user sees
names the call, what went wrong and what they can do (or what the app does
for them); that what they typed is still there (the list's filter, a form's
values, the wizard's draft) or, when the change went out, is what was sent;
that once the fault stops the screen shows fresh data with no key pressed
(something changed behind the app's back appears); and that no change
reached the API twice (a request a 401 stopped at the door does not count:
the API did nothing with it, and a new token is fetched once to send it).

Cells marked n/a cannot happen, so they are not run or counted:

- the queue's 404 window for a read or for billing: they make no queued
  command, so there is no window to wait through;
- an expired token for signing in: a sign-in makes a new token, whatever
  expired before it.

Changes without a form (power, terminate, snapshot revert and delete) have
nothing typed to keep; terminate's typed name is a confirmation, asked
afresh on purpose. Reading a server's billing is not a row: the app never
reads it (the billing form's choices come from the options catalog).
"""

from __future__ import annotations

import pytest

from kamatui import tasks
from kamatui.ui import task_follower

from .driving import back_to_list, check_running, check_sent_once
from .matrix import CALLS, RESULTS, Call
from .modes import MODES, Mode
from .rig import Rig, rig_for


@pytest.fixture(autouse=True)
def fast_following(monkeypatch):
    """The task follower ticks and polls at once, so tasks move with the clock."""
    monkeypatch.setattr(task_follower, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(tasks, "poll_interval", lambda age: 0.0)


@pytest.mark.parametrize("mode", MODES, ids=[mode.id for mode in MODES])
async def test_every_call_survives(mode: Mode):
    """Each call, with this fault injected, ends where the user can go on."""
    cells = [call for call in CALLS if mode.id not in call.not_applicable]
    failures: dict[str, str] = {}
    try:
        async with rig_for(mode) as rig:
            for call in cells:
                failure = await run_cell(rig, call)
                RESULTS.record(call, mode.id, failure)
                if failure is not None:
                    failures[call.id] = failure
    finally:
        for call in cells:
            if (call.id, mode.id) not in RESULTS.cells:
                RESULTS.record(call, mode.id, "the app stopped before this cell")
    assert not failures, "\n".join(f"{cell}: {why}" for cell, why in failures.items())


async def run_cell(rig: Rig, call: Call) -> str | None:
    """One cell, then back to the list; None when it passed, else why not."""
    rig.shown.clear()
    rig.app.clear_notifications()
    start = len(rig.sim.request_log)
    failure = None
    try:
        await call.run(rig)
        check_running(rig)
        check_sent_once(rig, start)
    except Exception as exc:
        failure = f"{type(exc).__name__}: {exc}"
    finally:
        rig.stop_faults()
    try:
        await back_to_list(rig)
    except Exception as exc:
        failure = failure or f"could not get back to the list: {exc}"
    return failure
