"""Names from the API or from files that look like markup stay plain text.

The real API refuses brackets in names, but every string off the wire is
treated as hostile: a name such as ``[/]`` read as markup raised
``MarkupError`` and took the whole app down.
"""

from __future__ import annotations

import json

from textual.command import CommandList
from textual.content import Content

from kamatui.ledger import ledger_file
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.dialogs.ledger_entry import LedgerEntryDialog
from kamatui.ui.screens.ledger import LedgerScreen
from kamatui.ui.screens.server_detail import ServerDetailScreen
from kamatui.view_state import ViewStore, view_state_file
from tests.ui.support import loaded, record_notifications, screen_with, wait_until
from tests.ui.test_jump import fresh_app, open_prompt, options, type_and_wait
from tests.ui.test_operations import put_cursor_on

HOSTILE = "[/]evil[link=https://evil.example]click[/link]"


def rename_one(sim, power: str = "on"):
    server = next(s for s in sim.account.listed() if s.power == power)
    server.name = HOSTILE
    return server


async def test_a_form_titled_with_the_name_opens(app, sim):
    """n on the server: the rename form's title holds the name, literally."""
    rename_one(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, HOSTILE)
        await pilot.press("n")
        form = await screen_with(pilot, FormDialog, "#field-name")
        title = form.query_one("#form-body").border_title
        assert HOSTILE in Content.from_markup(title).plain  # shown as typed


async def test_the_already_in_that_state_note_shows_the_name(app, sim, monkeypatch):
    """u on a running server says it is on, name and all, as plain text."""
    rename_one(sim, "on")
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, HOSTILE)
        await pilot.press("u")
        await wait_until(pilot, lambda: any("is already on" in m for m in shown))
        assert app.is_running


async def test_the_jump_prompt_finds_and_remembers_such_a_name(sim):
    """Typed part of it, the name is listed and opens; in the history it is
    listed again the next time the prompt opens."""
    server = rename_one(sim)
    app = fresh_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        palette = await open_prompt(pilot)
        assert HOSTILE in await type_and_wait(pilot, palette, "evilclick")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        assert app.screen.server_id == server.id
        await pilot.press("escape")
        await loaded(pilot)
        palette = await open_prompt(pilot)
        await wait_until(pilot, lambda: palette.query_one(CommandList).option_count)
        await pilot.pause(0.1)
        assert options(palette)[0] == HOSTILE
    store = ViewStore(view_state_file(app.paths.state_dir, "test-profile"))
    assert store.state.jumps[0] == f"server:{server.id}"


async def test_a_ledger_line_with_markup_opens(app):
    """A hand-edited ledger line's operation is shown, not parsed."""
    path = ledger_file(app.paths.state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {
        "kind": "action",
        "at": "2026-12-04T09:10:06Z",
        "session": "old",
        "profile": "test-profile",
        "server_id": "x",
        "server_name": HOSTILE,
        "operation": "[/]",
        "parameters": {},
        "command_id": 1,
        "outcome": "sent",
        "detail": "",
    }
    path.write_text(json.dumps(line) + "\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))
        await wait_until(pilot, lambda: app.screen.reading is not None)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerEntryDialog))
        await pilot.pause(0.1)
        assert app.is_running
