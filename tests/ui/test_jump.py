"""The ``:`` jump prompt: fuzzy server names, screen names and a history."""

from __future__ import annotations

import httpx
from textual import events
from textual.command import CommandInput, CommandList

from kamatui.api import Credentials
from kamatui.ui.jump import JumpPalette
from kamatui.ui.palette import SafeCommandPalette
from kamatui.ui.screens.ledger import LedgerScreen
from kamatui.ui.screens.server_detail import ServerDetailScreen
from kamatui.ui.screens.servers import ServersScreen
from tests.ui.support import app_for, loaded, session_for, table_of, wait_until


def fresh_app(sim):
    """Another app on the same profile and home, as after a restart."""
    transport = httpx.ASGITransport(app=sim.app)
    return app_for(session_for(transport, Credentials(sim.client_id, sim.secret)))


async def open_prompt(pilot) -> JumpPalette:
    await pilot.press("colon")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, JumpPalette))
    return pilot.app.screen


def options(palette: JumpPalette) -> list[str]:
    commands = palette.query_one(CommandList)
    return [
        str(commands.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(commands.option_count)
    ]


async def type_and_wait(pilot, palette, text: str) -> list[str]:
    await pilot.press(*text)
    await wait_until(pilot, lambda: palette.query_one(CommandList).option_count > 0)
    await pilot.pause(0.1)
    return options(palette)


async def test_part_of_a_name_opens_that_server(app, sim):
    """Letters in order, not together ("dbrep"), find db-replica; Enter opens
    it and the list's cursor is on it when Esc goes back."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        palette = await open_prompt(pilot)
        shown = await type_and_wait(pilot, palette, "dbrep")
        assert shown[0] == "db-replica.billing"

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        wanted = next(s for s in sim.account.listed() if s.name == shown[0])
        assert app.screen.server_id == wanted.id

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
        assert table_of(app).cursor_key == wanted.id


async def test_a_server_hidden_by_the_filter_is_found_and_the_filter_cleared(app):
    """Jumping to a server the filter hides clears the filter first."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"k8s", "enter")
        await wait_until(pilot, lambda: table_of(app).row_count < 10)
        palette = await open_prompt(pilot)
        await type_and_wait(pilot, palette, "legacy")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
        assert table_of(app).row_count > 10
        assert app.screen._query == ""


async def test_screen_names_open_screens(app):
    """ "ledger" opens the ledger, from any screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        palette = await open_prompt(pilot)
        shown = await type_and_wait(pilot, palette, "ledg")
        assert shown[0] == "ledger"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))


async def test_the_empty_prompt_offers_recent_jumps_first_even_after_a_restart(sim):
    """What was chosen comes first next time, newest first, in a new app."""
    app = fresh_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for typed in ("mail", "ledger"):
            palette = await open_prompt(pilot)
            await type_and_wait(pilot, palette, typed)
            await pilot.press("enter")
            await wait_until(pilot, lambda: not isinstance(app.screen, JumpPalette))
            await pilot.pause(0.1)

    again = fresh_app(sim)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, LedgerScreen))
        await pilot.press("escape")
        await loaded(pilot)
        palette = await open_prompt(pilot)
        await wait_until(pilot, lambda: palette.query_one(CommandList).option_count)
        await pilot.pause(0.1)
        assert options(palette)[:2] == ["ledger", "mail.corp"]


async def test_a_name_that_matches_nothing_opens_nothing(app):
    """Enter with no match leaves the prompt open; Esc closes it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        palette = await open_prompt(pilot)
        await pilot.press(*"zzzqqq")
        await pilot.pause(0.3)
        assert palette.query_one(CommandList).option_count == 0
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.screen is palette
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))


async def test_no_jump_out_of_the_wizard_that_would_lose_the_draft(app, monkeypatch):
    """From the wizard, : says to close it first; the wizard stays open."""
    from kamatui.ui.screens.wizard import CreateWizardScreen
    from tests.ui.support import record_notifications

    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateWizardScreen))
        await pilot.pause(0.3)
        app.action_jump()
        await pilot.pause(0.1)
        assert isinstance(app.screen, CreateWizardScreen)
        assert any("Close the wizard first" in message for message in shown)


async def test_a_jump_typed_in_one_burst_opens_that_server(app, sim):
    """Over a slow link ``:``, the letters and Enter arrive together, before
    the prompt has focus or has searched: they still open the server."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key, character in [
            ("colon", ":"),
            *((c, c) for c in "dbrep"),
            ("enter", "\r"),
        ]:
            app.post_message(events.Key(key, character))

        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        wanted = next(s for s in sim.account.listed() if s.name == "db-replica.billing")
        assert app.screen.server_id == wanted.id


async def test_enter_typed_ahead_in_the_palette_runs_nothing_the_search_rules_out(app):
    """ctrl+p, letters matching no command and Enter in one burst: Enter waits
    for that search, so no command offered by the empty prompt runs."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        burst = [("ctrl+p", None), *((c, c) for c in "zqzq"), ("enter", "\r")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await wait_until(pilot, lambda: isinstance(app.screen, SafeCommandPalette))
        await pilot.pause(0.5)

        assert app.is_running and isinstance(app.screen, SafeCommandPalette)
        assert app.screen.query_one(CommandInput).value == "zqzq"


async def test_keys_after_a_waiting_enter_do_not_change_what_it_opens(app, sim):
    """``:k8`` Enter ``3`` in one burst opens what ``k8`` finds, not k8s-node-3."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        palette = await open_prompt(pilot)
        best = (await type_and_wait(pilot, palette, "k8"))[0]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))

        burst = [("colon", ":"), ("k", "k"), ("8", "8"), ("enter", "\r"), ("3", "3")]
        for key, character in burst:
            app.post_message(events.Key(key, character))

        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        wanted = next(s for s in sim.account.listed() if s.name == best)
        assert best != "k8s-node-3" and app.screen.server_id == wanted.id


async def test_the_prompts_sign_is_plain_text_not_an_emoji(app):
    """An emoji is two cells, or a blank box, in many SSH terminals."""
    from textual.command import SearchIcon

    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        palette = await open_prompt(pilot)
        await pilot.pause(0.1)
        assert palette.query_one(SearchIcon).icon == ">"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, SafeCommandPalette))
        await pilot.pause(0.1)
        assert app.screen.query_one(SearchIcon).icon == ">"
        assert "🔎" not in app.export_screenshot()
