"""Marking servers on the list: the glyph, the count, and what keeps marks."""

from __future__ import annotations

import httpx
from textual.widgets import Input

from kamatui.api import Credentials
from kamatui.config import Profile
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.title_bar import TitleBar
from tests.ui.support import (
    app_for,
    loaded,
    record_notifications,
    session_for,
    table_lines,
    table_of,
)
from tests.ui.test_operations import put_cursor_on


def marked_names(app) -> list[str]:
    """The names on the lines drawn with the mark glyph."""
    return [line[2:].split()[0] for line in table_lines(app)[1:] if line[:2] == "* "]


def title(app) -> str:
    return str(app.screen.query_one(TitleBar).content)


def name_at(app, index: int) -> str:
    return str(table_of(app).rows[index].cells[0])


async def test_space_marks_moves_down_and_shows_a_glyph_and_the_count(app):
    """Space marks the cursor's server, moves down; a second space unmarks.

    The mark is a glyph in the line's text, so it shows without colour.
    """
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space")
        await pilot.pause()
        assert marked_names(app) == [name_at(app, 0), name_at(app, 1)]
        assert table_of(app).cursor_index == 2
        assert "2 marked" in title(app)

        await pilot.press("up", "space")
        await pilot.pause()
        assert marked_names(app) == [name_at(app, 0)]
        assert "1 marked" in title(app)


async def test_marks_survive_a_refresh_and_a_new_sort(app):
    """Marked by id: a refresh and a reordering keep the same servers marked."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "down", "space")
        first, third = name_at(app, 0), name_at(app, 2)
        await pilot.press("r")
        await pilot.pause(0.2)
        assert sorted(marked_names(app)) == sorted([first, third])

        await pilot.press("S")
        await pilot.pause()
        table = table_of(app)
        marked = {str(row.cells[0]) for row in table.rows if row.key in table.marked}
        assert marked == {first, third}


async def test_marks_survive_filtering_and_count_hidden_servers(app):
    """A filter that hides a marked server keeps its mark; clearing shows it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        first = name_at(app, 0)
        await pilot.press("space")
        await pilot.press("slash", *"zzz-nothing")
        await pilot.pause()
        assert table_of(app).row_count == 0
        assert "1 marked" in title(app)

        await pilot.press("escape")
        await pilot.pause()
        assert marked_names(app) == [first]


async def test_space_in_the_filter_types_a_space(app):
    """While typing a filter, space belongs to the filter, not to marks."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", "e", "space", "u")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "e u"
        assert not app.screen.marks


async def test_escape_clears_the_filter_first_then_the_marks(app):
    """Esc with a filter shown clears it and keeps marks; the next Esc clears them."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space")
        await pilot.press("slash", "e", "enter")
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen.marks) == 2

        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.marks
        assert marked_names(app) == []
        assert "marked" not in title(app)


async def test_a_server_that_disappears_loses_its_mark(app, sim):
    """After a refresh without the server, it is neither marked nor counted."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space")
        gone_name = name_at(app, 0)
        gone = next(s for s in sim.account.listed() if s.name == gone_name)
        sim.account.remove_server(gone)
        await pilot.press("r")
        await pilot.pause(0.2)
        assert gone.id not in app.screen.marks
        assert len(app.screen.marks) == 1
        assert "1 marked" in title(app)


async def test_other_changes_are_refused_while_servers_are_marked(
    app, sim, monkeypatch
):
    """Rename with marks: a message says why, no form opens, nothing is sent."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await put_cursor_on(pilot, name_at(app, 0))
        await pilot.press("space", "n")
        await pilot.pause(0.2)
        assert any("only power on, off and restart" in note for note in shown)
        assert isinstance(app.screen, ServersScreen)
        assert [e for e in sim.request_log if e.method != "GET"] == []


async def test_the_lock_state_is_never_cut_for_the_mark_count(sim):
    """On a read-only production profile at 80 columns, the title line still
    says read-only in full, and how many are marked, with servers marked."""
    transport = httpx.ASGITransport(app=sim.app)
    session = session_for(transport, Credentials(sim.client_id, sim.secret))
    session.profile = Profile("production-eu", production=True)
    app = app_for(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space", "space")
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        line = bar.render_line(0).text
        assert "read-only (U unlocks)" in line
        assert "3 marked" in line
