"""Tasks outlive the app: a restarted app picks up unfinished commands."""

from __future__ import annotations

import pytest

from kamatui.api import Credentials
from kamatui.config import Profile
from kamatui.paths import resolve_paths
from kamatui.session import profile_session
from kamatui.sim import SimClock, Simulator, serve_in_thread
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.screens.task_log import TaskLogScreen
from tests.ui.support import app_for, loaded, record_notifications, wait_until


@pytest.fixture
def served():
    sim = Simulator(seed=4, clock=SimClock(frozen=True))
    with serve_in_thread(sim) as url:
        yield sim, url


def real_app(sim, url):
    profile = Profile(name="resume-test", api_url=url)
    creds = Credentials(sim.client_id, sim.secret)
    return app_for(profile_session(profile, creds, resolve_paths()))


async def test_a_restarted_app_follows_the_command_to_its_end(served, monkeypatch):
    """Quit mid-command; the next start resumes it from the state file."""
    sim, url = served
    target = next(s for s in sim.account.listed() if s.power == "on")

    first = real_app(sim, url)
    async with first.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = first.screen.query_one("#server-table")
        table.move_cursor_to_key(target.id)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(first.screen, ConfirmChange))
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: first.tasks and len(first.tasks) == 1)
    (started,) = list(first.tasks)
    assert not started.ended

    sim.clock.advance(600)
    second = real_app(sim, url)
    shown = record_notifications(second, monkeypatch)
    async with second.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(
            pilot,
            lambda: (
                second.tasks.get(started.command_id) is not None
                and second.tasks.get(started.command_id).status == "complete"
            ),
            tries=600,
        )
    assert "Following 1 unfinished task from before" in shown
    powers = [e for e in sim.request_log if e.path.endswith("/power")]
    assert len(powers) == 1
    assert target.power == "off"


async def test_enter_on_a_task_shows_its_log(served):
    """Tab into the panel, Enter: the whole log of that command."""
    sim, url = served
    target = next(s for s in sim.account.listed() if s.power == "on")
    app = real_app(sim, url)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        command_id = await app.session.client.power(target.id, "off")
        from kamatui.tasks import Task

        app.follower.track(Task(command_id, target.id, target.name, "Power off", 0.0))
        sim.clock.advance(600)
        await wait_until(pilot, lambda: app.tasks.get(command_id).ended, tries=600)
        panel_table = app.screen.query_one("#task-table")
        app.screen.set_focus(panel_table)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskLogScreen))
        assert "Done" in app.export_screenshot()
        await pilot.press("escape")
        app.screen.set_focus(app.screen.query_one("#task-table"))
        await pilot.press("x")
        assert app.tasks.get(command_id) is None
