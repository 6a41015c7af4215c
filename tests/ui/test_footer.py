"""The key footer does not keep the keys of every dialog ever opened."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from kamatui.ui.screens.help import HelpScreen
from tests.ui.support import loaded, wait_until


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
