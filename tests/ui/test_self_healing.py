"""Screens whose reads fail say so and show fresh data once they work again,
without a key press; tasks that cannot be followed for a while say so once."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import Button, Static

from kamatui import tasks
from kamatui.api import Credentials
from kamatui.sim.model import Disk
from kamatui.ui import task_follower
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.screens.disk_library import DiskLibraryScreen
from kamatui.ui.screens.server_detail import ServerDetailScreen
from kamatui.ui.screens.snapshots import SnapshotScreen
from kamatui.ui.screens.wizard import CreateWizardScreen
from kamatui.ui.widgets.status_line import StatusLine
from kamatui.ui.widgets.task_panel import WAITING_FOR_QUEUE, TaskPanel
from tests.ui.support import (
    app_for,
    loaded,
    record_notifications,
    screen_with,
    session_for,
    table_of,
    wait_until,
)

REFRESH = 0.1


@pytest.fixture
def quick_app(sim):
    """An app whose screens refresh every 0.1 s."""
    transport = httpx.ASGITransport(app=sim.app)
    session = session_for(transport, Credentials(sim.client_id, sim.secret))
    return app_for(session, refresh_seconds=REFRESH)


def status_of(screen) -> str:
    line = screen.query_one(StatusLine)
    return str(line.content) if line.display else ""


async def open_on(pilot, sim, name: str, key: str, screen_type):
    server = next(s for s in sim.account.listed() if s.name == name)
    table_of(pilot.app).move_cursor_to_key(server.id)
    await pilot.pause()
    await pilot.press(key)
    return server, await screen_with(pilot, screen_type, StatusLine)


async def test_the_snapshot_screen_heals_by_itself(quick_app, sim):
    """Its read fails, it says so and retries; the tree shows once it works."""
    sim.faults.set("GET /service/server/*/snapshots", "unavailable")
    async with quick_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        server, screen = await open_on(pilot, sim, "legacy-erp", "p", SnapshotScreen)
        await wait_until(pilot, lambda: "HTTP 503" in status_of(screen))
        assert "Retrying every 0.1 s" in status_of(screen)
        sim.faults.clear()
        await wait_until(pilot, lambda: screen.roots)
        assert status_of(screen) == ""


async def test_the_disk_library_heals_by_itself(quick_app, sim):
    """Its read fails, it retries; a disk added meanwhile shows unasked."""
    sim.faults.set("GET /service/server/*/hdlib", "server_error")
    async with quick_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        server, screen = await open_on(
            pilot, sim, "dev-box-omar", "l", DiskLibraryScreen
        )
        await wait_until(pilot, lambda: "error occurred" in status_of(screen))
        sim.faults.clear()
        server.disks.append(Disk("f" * 32, 30))
        await wait_until(pilot, lambda: len(screen.disks) == 2)


async def test_a_detail_load_slower_than_the_refresh_still_ends(quick_app, sim):
    """Each refresh waits for the last: a slow answer is not cancelled forever."""
    sim.faults.set("GET /service/server/*", "latency", delay=3 * REFRESH)
    async with quick_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        detail = await screen_with(pilot, ServerDetailScreen, StatusLine)
        await wait_until(pilot, lambda: detail._info is not None, tries=200)


async def test_the_wizard_loads_the_catalog_once_it_can(quick_app, sim):
    """The catalog cannot be read: the wizard says so, then loads by itself."""
    sim.faults.set("GET /service/server", "unavailable")
    async with quick_app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        wizard = await screen_with(pilot, CreateWizardScreen, "#wizard-error")
        said = str(wizard.query_one("#wizard-error", Static).content)
        assert "Server options" in said and "Retrying every 0.1 s" in said
        sim.faults.clear()
        await wait_until(pilot, lambda: wizard.options is not None)


async def power_off_web_02(pilot, sim):
    server = next(s for s in sim.account.listed() if s.name == "web-02.shop-prod")
    table_of(pilot.app).move_cursor_to_key(server.id)
    await pilot.pause()
    await pilot.press("d")
    dialog = await screen_with(pilot, ConfirmChange, "#confirm")
    dialog.query_one("#confirm", Button).press()
    await wait_until(pilot, lambda: len(pilot.app.tasks) == 1)
    return next(iter(pilot.app.tasks))


@pytest.fixture
def quick_polls(monkeypatch):
    monkeypatch.setattr(task_follower, "TICK_SECONDS", 0.02)
    monkeypatch.setattr(tasks, "poll_interval", lambda age: 0.0)


async def test_a_task_that_cannot_be_followed_is_told_once(
    app, sim, monkeypatch, quick_polls
):
    """The queue fails poll after poll: one toast says so, not one a poll."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        task = await power_off_web_02(pilot, sim)
        sim.faults.set(f"GET /service/queue/{task.command_id}", "unavailable")
        sim.clock.advance(3)
        path = f"/service/queue/{task.command_id}"

        def failed_polls() -> int:
            return sum(e.path == path and e.fault is not None for e in sim.request_log)

        await wait_until(pilot, lambda: failed_polls() >= 6)
        told = [note for note in shown if "HTTP 503" in note]
        assert len(told) == 1
        assert "Power off on web-02.shop-prod" in told[0] and "Trying again" in told[0]


async def test_a_new_task_says_it_is_not_in_the_queue_yet(app, sim, quick_polls):
    """Inside the queue's 404 window the panel says what the task waits for."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await power_off_web_02(pilot, sim)
        panel = app.screen.query_one(TaskPanel)
        table = panel.query_one("#task-table")

        def latest() -> str:
            return str(table.rows[0].cells[4]) if table.rows else ""

        await wait_until(pilot, lambda: latest() == WAITING_FOR_QUEUE)
        sim.clock.advance(5)
        await wait_until(pilot, lambda: latest() not in ("", WAITING_FOR_QUEUE))
