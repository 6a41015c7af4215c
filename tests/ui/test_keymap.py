"""Keys remapped in the config's [keys] table, by binding id."""

from __future__ import annotations

import io

import httpx
import pytest
from rich.console import Console

from kamatui.api import Credentials
from kamatui.config import Config, Profile
from kamatui.paths import resolve_paths
from kamatui.ui.app import KamatuiApp
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.keys import known_bindings
from kamatui.ui.screens.help import HelpScreen
from tests.ui.support import (
    loaded,
    record_notifications,
    session_for,
    wait_until,
)
from tests.ui.test_operations import put_cursor_on, server


def app_with_keys(sim, keys: dict[str, str], profile: Profile | None = None):
    transport = httpx.ASGITransport(app=sim.app)
    session = session_for(transport, Credentials(sim.client_id, sim.secret))
    session.profile = profile
    return KamatuiApp(
        paths=resolve_paths(),
        config=Config(refresh_seconds=3600, keys=keys),
        session=session,
    )


def help_text(app) -> str:
    """Every Static on the screen as plain text, tables drawn wide."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in app.screen.query("Static"):
        console.print(static.content)
    return console.export_text()


async def test_a_remapped_key_acts_and_the_old_one_does_not(sim):
    """server.power_off on ctrl+o: ctrl+o asks to power off, d does nothing."""
    app = app_with_keys(sim, {"server.power_off": "ctrl+o"})
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, server(sim, power="on").name)
        await pilot.press("d")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ConfirmChange)

        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmChange))
        assert "Change: power off" in help_text(app)


async def test_several_keys_and_app_keys_can_be_remapped(sim):
    """A comma list gives a binding several keys; app bindings remap too."""
    app = app_with_keys(sim, {"app.help": "f1,h"})
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key in ("f1", "h"):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, HelpScreen)


async def test_the_help_shows_the_keys_as_remapped_and_every_id(sim):
    """The help lists ctrl+o for power off, and the id of every binding."""
    app = app_with_keys(sim, {"server.power_off": "ctrl+o"})
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_text(app)
        assert "u  ^o  R" in text
        for binding_id in known_bindings():
            assert binding_id in text


async def test_an_unknown_id_is_named_with_the_closest_one(sim, monkeypatch):
    """A typo in [keys] is reported once, with a suggestion, and the app runs."""
    app = app_with_keys(sim, {"server.powr_off": "ctrl+o"})
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: shown)
        assert shown == [
            "keys.server.powr_off is not a binding id; did you mean server.power_off?"
        ]


async def test_a_key_taken_from_another_binding_is_said_once(sim, monkeypatch):
    """Giving r (refresh) to power off leaves refresh without a key: say so."""
    app = app_with_keys(sim, {"server.power_off": "r"})
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: shown)
        await pilot.press("j", "k")
        await pilot.pause(0.1)
        assert shown == [
            "keys.server.power_off takes r, which detail.refresh, "
            "servers.refresh have too: only one will answer it"
        ]


async def test_the_read_only_message_names_the_remapped_unlock_key(sim, monkeypatch):
    """With app.unlock on ctrl+u, the refusal and the header say ctrl+u."""
    from kamatui.ui.widgets.title_bar import TitleBar

    profile = Profile("test-profile", production=True)
    app = app_with_keys(sim, {"app.unlock": "ctrl+u"}, profile)
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "^u unlocks" in str(app.screen.query_one(TitleBar).content)
        await put_cursor_on(pilot, server(sim, power="on").name)
        await pilot.press("d")
        await wait_until(pilot, lambda: shown)
        assert "Press ^u and type the profile's name" in shown[-1]


def test_every_binding_of_the_app_has_an_id():
    """A binding without an id could not be moved from the config."""
    from textual.binding import Binding

    from kamatui.ui.keys import _ui_modules

    missing = []
    for module in _ui_modules():
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) != module.__name__:
                continue
            for binding in getattr(value, "__dict__", {}).get("BINDINGS", ()):
                if isinstance(binding, Binding) and not binding.id:
                    missing.append(f"{module.__name__}.{name}: {binding.key}")
    assert missing == []


def test_every_binding_says_what_it_does():
    """The help's id table shows each binding's description: none is empty."""
    from kamatui.ui.keys import known_bindings

    assert [
        i for i, entry in known_bindings().items() if not entry.binding.description
    ] == []


async def test_a_widget_key_taken_by_a_remap_is_said(sim, monkeypatch):
    """table.down on d would leave power off unreachable from the list."""
    app = app_with_keys(sim, {"table.down": "d"})
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: shown)
        assert any("server.power_off" in message for message in shown)


async def test_many_key_problems_are_summed_up_not_shown_one_by_one(sim, monkeypatch):
    """Every id on x: three toasts and a line pointing at the log, not dozens."""
    from kamatui.ui.keys import known_bindings

    app = app_with_keys(sim, {binding_id: "x" for binding_id in known_bindings()})
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: len(shown) >= 4)
        await pilot.pause(0.2)
    assert len(shown) == 4
    assert shown[-1].endswith("more [keys] problems: the log file has them all")


def test_a_key_that_cannot_be_a_key_is_refused_by_the_config():
    """Nothing, a bare modifier or a key with spaces: a config error."""
    from kamatui.config import ConfigError, parse_config

    for key in ("", "ctrl+", ",", "ctrl + o", "[/]"):
        with pytest.raises(ConfigError, match="is not a key name"):
            parse_config({"keys": {"app.help": key}})
    parse_config({"keys": {"app.help": "f1,question_mark"}})


async def test_a_key_no_terminal_can_send_is_said(sim, monkeypatch):
    """A remap to a made-up key would leave its binding out of reach."""
    app = app_with_keys(
        sim,
        {"app.jump": "frobnicate", "servers.refresh": "ctrl+f99, f5"},
    )
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: len(shown) >= 2)
        await pilot.pause(0.1)
    assert sorted(shown) == [
        "keys.app.jump is 'frobnicate', which no key sends; "
        'write a key such as "f5" or "ctrl+o"',
        "keys.servers.refresh is 'ctrl+f99', which no key sends; "
        'write a key such as "f5" or "ctrl+o"',
    ]


def test_every_key_the_app_declares_is_one_a_terminal_sends():
    """The check knows every key name the app's own bindings use."""
    from kamatui.ui.keys import known_bindings, unknown_keys

    declared = {i: known.binding.key for i, known in known_bindings().items()}
    assert unknown_keys(declared) == []
