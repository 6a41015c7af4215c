"""A screen closed in the moment it opens does not take the app down.

Between a screen being pushed and its mount handler running, the screen can
be popped or the app can quit; Textual is then already removing its widgets.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical

from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.dialogs.quit import ConfirmQuit
from kamatui.ui.dialogs.unlock import UnlockDialog
from kamatui.ui.fields import CHOICE, Field
from kamatui.ui.screens.ledger import LedgerScreen
from kamatui.ui.screens.task_log import TaskLogScreen
from kamatui.ui.screens.wizard import CreateWizardScreen
from kamatui.ui.widgets.choice import Choice
from tests.ui.support import loaded


def form_with_choices() -> FormDialog:
    sizes = [("10 GB", 10), ("20 GB", 20)]
    return FormDialog(
        "Add disk",
        [Field(f"size{i}", "Size", CHOICE, 20, sizes) for i in range(4)],
    )


SCREENS = {
    "form with choices": form_with_choices,
    "quit question": lambda: ConfirmQuit(["a change is on its way"]),
    "unlock": lambda: UnlockDialog("test-profile", 15, True),
    "task log": lambda: TaskLogScreen(1),
    "ledger": LedgerScreen,
    "wizard": CreateWizardScreen,
}


async def ticks(n: int) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


@pytest.mark.parametrize("make", SCREENS.values(), ids=SCREENS.keys())
async def test_a_screen_popped_as_it_opens_leaves_the_app_running(app, make):
    async with app.run_test(size=(80, 24)) as pilot:
        servers = await loaded(pilot)
        for n in range(4):
            app.push_screen(make())
            await ticks(n)
            app.pop_screen()
            await pilot.pause()
            assert app.screen is servers
        assert app.is_running


@pytest.mark.parametrize("n", range(3))
async def test_quitting_as_a_form_opens_ends_cleanly(app, n):
    """run_test re-raises whatever ended the app; leaving it is the check."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.push_screen(form_with_choices())
        await ticks(n)
        app.exit()
    assert app.return_code == 0


class OneBox(App):
    def compose(self) -> ComposeResult:
        yield Vertical(id="box")


@pytest.mark.parametrize("n", range(3))
async def test_a_choice_removed_as_it_mounts_leaves_the_app_running(n):
    """A wizard step's choices can be replaced before they finish mounting."""
    app = OneBox()
    async with app.run_test() as pilot:
        box = app.query_one("#box")
        choice = Choice([("10 GB", 10), ("20 GB", 20)], value=20)
        box.mount(choice)
        await ticks(n)
        await choice.remove()
        await pilot.pause()
        assert app.is_running and not box.children
