"""Choosing a theme that stays readable on the user's terminal."""

from __future__ import annotations

import pytest

from kamatui.ui.app import wants_ansi_theme


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TERM": "xterm"}, True),
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "xterm", "COLORTERM": "truecolor"}, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, False),
        ({"TERM": "xterm", "TEXTUAL_THEME": "nord"}, False),
        ({}, False),
    ],
)
def test_ansi_theme_only_for_16_colours_with_colour_on(environ, expected):
    """16 colours get the ANSI theme, except with NO_COLOR (black on black)."""
    assert wants_ansi_theme(environ) is expected


@pytest.mark.parametrize(
    ("setting", "term", "expected"),
    [
        ("terminal", "xterm-256color", "ansi-dark"),
        ("default", "xterm", "textual-dark"),
        ("auto", "xterm", "ansi-dark"),
        ("auto", "xterm-256color", "textual-dark"),
    ],
)
def test_the_theme_setting_chooses_or_leaves_it_to_the_terminal(
    monkeypatch, setting, term, expected
):
    """`terminal` uses the terminal's own palette wherever the app runs."""
    from kamatui.config import Config
    from kamatui.paths import resolve_paths
    from kamatui.ui.app import KamatuiApp

    monkeypatch.setenv("TERM", term)
    app = KamatuiApp(paths=resolve_paths(), config=Config(theme=setting), session=None)
    assert app.theme == expected


async def test_a_tick_box_shows_its_state_without_colour(monkeypatch):
    """Off is an empty box, on is an X: readable under NO_COLOR."""
    from textual.app import App

    from kamatui.ui.widgets.tick_box import TickBox

    monkeypatch.setenv("NO_COLOR", "1")

    class OneBox(App):
        def compose(self):
            yield TickBox("Production", id="box")

    app = OneBox()
    async with app.run_test() as pilot:
        box = app.query_one(TickBox)
        off = box.render().plain
        box.value = True
        await pilot.pause()
        on = box.render().plain
    assert off.startswith("▐ ▌") and on.startswith("▐X▌")


async def test_a_disabled_button_shows_its_label_in_the_terminal_palette(sim):
    """On the ANSI theme a disabled confirm button still reads as its label
    (Textual draws it as a bare border bar otherwise)."""
    import httpx
    from textual.widgets import Button

    from kamatui.api import Credentials
    from kamatui.config import Config
    from kamatui.paths import resolve_paths
    from kamatui.ui.app import KamatuiApp
    from kamatui.ui.dialogs.confirm_bulk import ConfirmBulk
    from tests.ui.support import loaded, screen_with, session_for

    transport = httpx.ASGITransport(app=sim.app)
    session = session_for(transport, Credentials(sim.client_id, sim.secret))
    app = KamatuiApp(
        paths=resolve_paths(), config=Config(theme="terminal"), session=session
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space", "d")
        dialog = await screen_with(pilot, ConfirmBulk, "#confirm")
        await pilot.pause(0.1)
        button = dialog.query_one("#confirm", Button)
        assert button.disabled
        # The button row is one line high: a taller button shows only its top.
        assert button.region.height == button.content_region.height == 1


@pytest.mark.parametrize("term", ["xterm", "xterm-256color"])
async def test_the_scrollbar_thumb_stands_out_from_its_track_under_no_color(
    monkeypatch, sim, term
):
    """NO_COLOR greys every colour: thumb and track must be far apart in
    brightness, or the thumb vanishes (black on black on 16 colours)."""
    import httpx

    from kamatui.api import Credentials
    from kamatui.ui.widgets.virtual_table import VirtualTable
    from tests.ui.support import app_for, loaded, session_for

    monkeypatch.setenv("TERM", term)
    monkeypatch.setenv("NO_COLOR", "1")
    transport = httpx.ASGITransport(app=sim.app)
    app = app_for(session_for(transport, Credentials(sim.client_id, sim.secret)))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        styles = app.screen.query_one(VirtualTable).styles
        thumb, track = styles.scrollbar_color, styles.scrollbar_background
    assert abs(thumb.brightness - track.brightness) > 0.5
