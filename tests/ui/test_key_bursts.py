"""Keys that arrive in one burst, as over SSH or from a paste."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.ui.support import app_for, loaded, wait_until


def burst(app, *keys: str) -> None:
    """Queue keys without waiting between them, as a terminal burst does."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_tab_in_a_burst_moves_the_following_keys_to_the_next_field():
    """On the first-run form, a typed secret never lands in the id field."""
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#client-id"))
        app.screen.set_focus(app.screen.query_one("#client-id", Input))
        await pilot.pause()
        burst(app, *"myid", "tab", *"S3cret")
        await pilot.pause(0.2)
        assert app.screen.query_one("#client-id", Input).value == "myid"
        assert app.screen.query_one("#secret", Input).value == "S3cret"


async def test_ctrl_p_then_page_down_in_one_burst_does_not_crash(app):
    """Paging the palette before its list is drawn is ignored, not fatal."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        burst(app, "ctrl+p", "pagedown", "pageup", "pagedown")
        await pilot.pause(0.3)
        assert app.is_running
        await pilot.press("escape")


async def test_slash_and_text_in_one_burst_all_reach_the_filter(app):
    """'/k8s' arriving at once filters by k8s; Enter then s s sorts twice."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        burst(app, "slash", *"k8s")
        await pilot.pause(0.3)
        assert screen.query_one("#filter", Input).value == "k8s"
        burst(app, "enter", "s", "s")
        await pilot.pause(0.3)
        assert screen.query_one("#filter", Input).value == "k8s"
        assert screen.query_one("#server-table").sort_column == "power"


async def test_a_fields_editing_keys_apply_in_order_with_the_typing_after_them():
    """ctrl+u then text in one burst (as a password manager types): the
    field is cleared first, then holds the text, deep in a form too."""
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#profile-name"))
        name = app.screen.query_one("#profile-name", Input)
        app.screen.set_focus(name)
        await pilot.pause()
        burst(app, "ctrl+u", *"abcdef")
        await pilot.pause(0.2)
        assert name.value == "abcdef"

        burst(app, "tab", "tab", "tab", "ctrl+u", *"http://x", "ctrl+w", *"y")
        await pilot.pause(0.2)
        assert app.screen.query_one("#api-url", Input).value == "http://y"
