"""The key footer does not keep the keys of every dialog ever opened."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from kamatui.ui.screens.help import HelpScreen
from tests.ui.support import loaded, table_of, wait_until


def live_footer_keys() -> int:
    gc.collect()
    return sum(isinstance(item, FooterKey) for item in gc.get_objects())


async def test_opening_and_closing_dialogs_leaves_no_footer_keys_behind(app):
    """Eight visits to the help: as many footer keys alive as before."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.pause(0.2)
        before = live_footer_keys()
        for _ in range(8):
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.pause(0.2)
        assert live_footer_keys() <= before


def footer_keys(app) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


async def test_typing_the_filter_shows_how_to_finish_or_clear_it(app):
    """The letters' keys step back while typing; Enter and Esc say what they do."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert "Done" not in footer_keys(app) and "Clear" not in footer_keys(app)

        await pilot.press("slash", *"web")
        await wait_until(pilot, lambda: "Done" in footer_keys(app))
        assert "Clear" in footer_keys(app)

        await pilot.press("escape")
        await wait_until(pilot, lambda: "Done" not in footer_keys(app))
        assert "Clear" not in footer_keys(app) and table_of(app).row_count > 10
