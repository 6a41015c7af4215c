"""q quits at once, unless that would lose a change's answer or a draft."""

from __future__ import annotations

from kamatui.ui.dialogs.quit import ConfirmQuit
from kamatui.ui.screens.wizard import CreateWizardScreen
from tests.ui.support import loaded, wait_until
from tests.ui.test_operations import confirm_dialog, put_cursor_on, server


async def test_q_quits_at_once_when_nothing_would_be_lost(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)


async def test_q_in_the_wizard_asks_and_stay_keeps_the_draft(app):
    """The wizard holds choices: q asks, Stay goes back to them."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateWizardScreen))
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.query("#dc-list"))
        wizard.set_focus(wizard.query_one("#dc-list"))  # not a text field
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuit))
        await pilot.press("enter")  # Stay has the focus
        await wait_until(pilot, lambda: isinstance(app.screen, CreateWizardScreen))
        assert app.is_running

        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuit))
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: not app.is_running)


async def test_q_while_a_change_is_on_its_way_asks_first(app, sim):
    """The answer of a sent change would be lost with its task and ledger line."""
    sim.faults.set("PUT /service/server/*/power", "latency", delay=2.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, server(sim, power="on").name)
        await pilot.press("d")
        await confirm_dialog(pilot)
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: app.operations.phase == "sending")
        (on_its_way,) = app.ledger.read().actions
        assert on_its_way.outcome == "sending"  # in the file before the answer
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmQuit))
        losses = [str(s.content) for s in app.screen.query(".confirm-effect")]
        assert any("A change is on its way" in loss for loss in losses)
        await pilot.press("escape")
