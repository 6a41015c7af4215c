"""The first-run form: demo, or a key tested against the API and saved."""

from __future__ import annotations

import stat

import pytest
from textual.widgets import Input, Static

from kamatui.config import load_config
from kamatui.paths import resolve_paths
from kamatui.sim import Simulator, serve_in_thread
from kamatui.ui.screens.servers import ServersScreen
from tests.ui.support import app_for, wait_until


@pytest.fixture
def served():
    sim = Simulator(seed=2)
    with serve_in_thread(sim) as url:
        yield sim, url


async def fill(pilot, **values):
    app = pilot.app
    for field_id, value in values.items():
        app.screen.query_one(f"#{field_id}", Input).value = value
    await pilot.click("#save")


def status(app) -> str:
    return str(app.screen.query_one("#first-run-status", Static).content)


async def test_a_rejected_key_is_explained_and_the_form_kept(served):
    """Wrong key: a plain sentence; every field keeps what was typed."""
    _sim, url = served
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#save"))
        await fill(pilot, **{"client-id": "nope", "secret": "wrong", "api-url": url})
        await wait_until(pilot, lambda: "did not accept" in status(app))
        assert app.screen.query_one("#client-id", Input).value == "nope"
        assert app.screen.query_one("#secret", Input).value == "wrong"
        assert not resolve_paths().config_file.exists()


async def test_an_unreachable_api_names_the_url():
    """Nothing listening: the message says which URL could not be reached."""
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#save"))
        url = "http://127.0.0.1:9/service"
        await fill(pilot, **{"client-id": "a", "secret": "b", "api-url": url})
        await wait_until(pilot, lambda: "Could not reach" in status(app), tries=900)
        assert url in status(app)


async def test_a_working_key_is_saved_0600_and_opens_the_list(served):
    """Right key: the profile is saved privately and the servers appear."""
    sim, url = served
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#save"))
        await fill(
            pilot, **{"client-id": sim.client_id, "secret": sim.secret, "api-url": url}
        )
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
    path = resolve_paths().config_file
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_config(path).profile(None).client_id == sim.client_id


async def test_the_secret_field_is_masked(served):
    """What is typed as the secret is never drawn on screen."""
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#secret"))
        secret = app.screen.query_one("#secret", Input)
        secret.value = "CANARY-SECRET-42"
        await pilot.pause()
        assert "CANARY" not in app.export_screenshot()


async def test_a_hanging_api_ends_the_key_test_in_time_and_enter_sends_no_more(
    served, monkeypatch
):
    """The key test gives up after its own limit and says so; Enter in a
    field while it waits starts no second test."""
    from kamatui.ui import profile_form

    monkeypatch.setattr(profile_form, "KEY_TEST_SECONDS", 1.0)
    sim, url = served
    sim.faults.set("/service/servers", "hang", delay=30)
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#save"))
        await fill(pilot, **{"client-id": sim.client_id, "secret": "x", "api-url": url})
        app.screen.set_focus(app.screen.query_one("#secret", Input))
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: "in 1 s" in status(app), tries=500)
    asked = [e for e in sim.request_log if e.path == "/service/servers"]
    assert len(asked) == 1


@pytest.mark.parametrize("theme", ["terminal", "default"])
async def test_every_field_and_the_tick_box_stand_out_from_the_screen(theme):
    """In the terminal's own palette the theme's surfaces are all the
    terminal's background: the fields must still show where to type."""
    from kamatui.config import Config
    from kamatui.ui.app import KamatuiApp
    from kamatui.ui.widgets.tick_box import TickBox

    app = KamatuiApp(paths=resolve_paths(), config=Config(theme=theme), session=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#save"))
        screen_background = app.screen.rich_style.bgcolor
        for field in app.screen.query(Input):
            assert field.rich_style.bgcolor != screen_background, field.id
        box = app.screen.query_one(TickBox)
        button = box.get_component_rich_style("toggle--button")
        assert button.bgcolor != screen_background
