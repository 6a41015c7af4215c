"""Read-only profiles: every change refused until unlocked, for a while."""

from __future__ import annotations

import httpx
import pytest
from textual.color import Color
from textual.widgets import Button

from kamatui.api import Credentials, KamateraClient
from kamatui.api.errors import WritesLocked
from kamatui.config import Config, Profile
from kamatui.paths import resolve_paths
from kamatui.session import Session
from kamatui.ui.app import KamatuiApp
from kamatui.ui.dialogs.unlock import UnlockDialog
from kamatui.ui.operations import OPERATIONS
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.title_bar import TitleBar
from tests.ui.support import (
    NO_WAIT,
    SIM_URL,
    loaded,
    record_notifications,
    wait_until,
)
from tests.ui.test_operations import (
    confirm_dialog,
    mutations,
    put_cursor_on,
    server,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def app_on_profile(sim, profile: Profile, clock=None) -> KamatuiApp:
    client = KamateraClient(
        Credentials(sim.client_id, sim.secret),
        base_url=SIM_URL,
        transport=httpx.ASGITransport(app=sim.app),
        retry=NO_WAIT,
    )
    session = Session(profile.name, client, profile=profile)
    return KamatuiApp(
        paths=resolve_paths(),
        config=Config(refresh_seconds=3600),
        session=session,
        clock=clock or FakeClock(),
    )


PRODUCTION = Profile("prod-eu", production=True, write_window_minutes=10)


async def test_every_change_is_refused_at_the_action_layer(sim, monkeypatch):
    """Each operation, the wizard and the client itself refuse; nothing is sent."""
    app = app_on_profile(sim, PRODUCTION)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        target = screen.current_target()

        for operation in OPERATIONS:
            app.operations.start(operation, target)
            await pilot.pause()
            assert app.screen is screen, operation.id
        await pilot.press("w")
        await pilot.press("W")
        await pilot.pause()
        assert app.screen is screen

        with pytest.raises(WritesLocked, match="prod-eu is read-only"):
            await app.session.client.power(target.id, "off")

        assert mutations(sim) == []
        refusals = [text for text in shown if "read-only" in text]
        assert len(refusals) == len(OPERATIONS) + 2
        assert "Press U" in refusals[0]


async def test_unlocking_needs_the_typed_name_and_the_window_closes_on_time(
    sim, monkeypatch
):
    clock = FakeClock()
    app = app_on_profile(sim, PRODUCTION, clock)
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        bar = app.screen.query_one(TitleBar)
        assert "read-only (U unlocks)" in bar.content.plain

        await pilot.press("U")
        await pilot.pause()
        assert isinstance(app.screen, UnlockDialog)
        await pilot.press(*"prod-e", "enter")
        assert isinstance(app.screen, UnlockDialog)
        assert app.screen.query_one("#unlock", Button).disabled
        await pilot.press("u", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ServersScreen)
        assert "WRITES OPEN 10:00" in bar.content.plain

        clock.now += 9 * 60
        app.check_write_window()
        assert "WRITES OPEN 1:00" in bar.content.plain
        await put_cursor_on(pilot, target.name)
        await pilot.press("d")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await pilot.pause()
        assert [e.fields for e in mutations(sim)] == [{"power": "off"}]

        clock.now += 60
        assert app.write_refusal() is not None
        app.check_write_window()
        await pilot.pause()
        assert "read-only (U unlocks)" in bar.content.plain
        assert any("write window ended" in text for text in shown)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ServersScreen)
        assert len(mutations(sim)) == 1


async def test_u_locks_an_open_window_early(sim):
    app = app_on_profile(sim, PRODUCTION)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.write_window.unlock()
        await pilot.press("U")
        await pilot.pause()
        assert app.write_window.locked
        assert isinstance(app.screen, ServersScreen)


async def test_production_is_said_in_words_and_colour(sim):
    """The bar is red and says PRODUCTION, which NO_COLOR cannot take away."""
    app = app_on_profile(sim, PRODUCTION)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(TitleBar)
        assert "PRODUCTION" in bar.content.plain
        assert bar.has_class("production")
        error_colour = Color.parse(app.get_css_variables()["error"])
        assert bar.styles.background == error_colour


async def test_a_long_profile_name_leaves_the_lock_and_marks_in_80_columns(sim):
    """The app's name and labels go first, then the name's end: the write
    window, the marks and the count stay."""
    profile = Profile(
        "customer-production-eu-west-and-more", production=True, write_window_minutes=5
    )
    app = app_on_profile(sim, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(TitleBar)
        assert bar.content.plain.endswith("read-only  32 servers")

        app.write_window.unlock()
        await pilot.press("space", "space", "space")
        await pilot.pause()
        line = bar.content.plain
        assert line.startswith("customer-production-eu-")
        assert line.endswith("PRODUCTION  WRITES OPEN 5:00  3 marked  32 servers")
        assert len(line) <= 80

        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        line = bar.content.plain
        assert "…  PRODUCTION  WRITES OPEN 5:00  3 marked  32 servers" in line
        assert len(line) <= 60


async def test_an_accent_colours_the_bar_and_a_plain_profile_has_no_lock(sim):
    profile = Profile("lab", accent="#00875f")
    app = app_on_profile(sim, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(TitleBar)
        assert bar.styles.background.hex.lower() == "#00875f"
        assert "read-only" not in bar.content.plain
        await pilot.press("U")
        await pilot.pause()
        assert isinstance(app.screen, ServersScreen)


def test_the_countdown_and_minutes_read_naturally():
    from kamatui.write_window import countdown, minutes

    assert [countdown(s) for s in (600, 59.2, 0.4, -3)] == [
        "10:00",
        "1:00",
        "0:01",
        "0:00",
    ]
    assert (minutes(1), minutes(2.5)) == ("1 minute", "2.5 minutes")


async def test_a_confirmation_on_a_production_profile_says_so(sim):
    """Unlocked, a power off's confirmation still names the production
    account it goes to; a profile that is not production gets no such line."""
    for profile, expected in ((PRODUCTION, 1), (Profile("staging"), 0)):
        app = app_on_profile(sim, profile)
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            app.write_window.unlock()
            await put_cursor_on(pilot, server(sim, power="on").name)
            await pilot.press("d")
            dialog = await confirm_dialog(pilot)
            lines = dialog.query(".confirm-production")
            assert len(lines) == expected
            if expected:
                assert "PRODUCTION: profile prod-eu" in str(lines.first().content)


async def test_the_unlock_dialog_is_not_covered_by_the_refusal_toast(sim):
    """d refused, then U at once: the toast goes, so the buttons show."""
    app = app_on_profile(sim, PRODUCTION)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, server(sim, power="on").name)
        await pilot.press("d")
        await wait_until(pilot, lambda: app._notifications)
        await pilot.press("U")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockDialog))
        assert not app._notifications


@pytest.mark.parametrize("accent", ["bright_red", "grey50", "color(255)", "#abc"])
async def test_every_accent_the_config_accepts_paints_the_header(sim, accent):
    """Rich's colour names (as the config checks them) and short hex both
    reach the header; some once crashed the app at start."""
    from kamatui.config import parse_config

    parse_config({"profiles": {"x": {"accent": accent}}})
    app = app_on_profile(sim, Profile("x", accent=accent))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = app.screen.query_one(TitleBar)
        assert bar.styles.background.a > 0


def test_the_terminal_default_colour_is_no_accent():
    """ "default" would leave the header unpainted: refused with the fix."""
    from kamatui.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match="accent is 'default'"):
        parse_config({"profiles": {"x": {"accent": "default"}}})


async def test_a_window_that_closes_before_confirm_is_said_once_cleanly(
    sim, monkeypatch
):
    """Locked again between the dialog and Confirm: nothing sent, and the
    words end in one full stop, not two."""
    app = app_on_profile(sim, PRODUCTION)
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.write_window.unlock()
        await put_cursor_on(pilot, server(sim, power="on").name)
        await pilot.press("d")
        dialog = await confirm_dialog(pilot)
        app.write_window.lock()
        dialog.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: any("read-only" in m for m in shown))
        await pilot.pause(0.2)
    assert not mutations(sim)
    assert not any(".." in message for message in shown), shown
