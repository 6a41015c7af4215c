"""The server list against the simulator, driven with a Pilot."""

from __future__ import annotations

import httpx
from textual.widgets import Input, Static

from kamatui.api import Credentials
from kamatui.ui.screens.help import HelpScreen
from kamatui.ui.widgets.title_bar import TitleBar
from tests.ui.support import (
    SIM_URL,
    app_for,
    loaded,
    session_for,
    table_lines,
    table_of,
    wait_until,
)


def status_text(app) -> str:
    status = app.screen.query_one("#servers-status", Static)
    return str(status.content) if status.display else ""


def detail_requests(sim) -> list[str]:
    return [
        entry.path
        for entry in sim.request_log
        if entry.method == "GET" and entry.path.startswith("/service/server/")
    ]


async def test_list_shows_every_server_and_the_profile(app, sim):
    """All the account's servers are rows; the title names the profile."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        expected = sorted(server.name for server in sim.account.listed())
        table = table_of(app)
        assert [str(row.cells[0]) for row in table.rows] == sorted(
            expected, key=str.lower
        )
        title = str(app.screen.query_one(TitleBar).content)
        assert "profile: test-profile" in title
        assert f"{len(expected)} servers" in title


async def test_details_are_fetched_for_visible_rows_only(app, sim):
    """One request per server on screen, not one per server in the account."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.pause(0.2)
        visible = len(table_of(app).visible_keys())
        fetched = detail_requests(sim)
        assert len(fetched) == len(set(fetched)) <= visible
        assert visible < len(list(sim.account.listed()))

        before = len(detail_requests(sim))
        await pilot.press("r")
        await wait_until(pilot, lambda: len(sim.request_log) > 0)
        await pilot.pause(0.2)
        assert len(detail_requests(sim)) - before <= visible


async def test_scrolling_down_fetches_the_newly_visible_details(app, sim):
    """Rows that come into view get their details without a key press more."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("G")
        table = table_of(app)
        await wait_until(
            pilot, lambda: "…" not in str(table.rows[-1].cells[3]), tries=400
        )


async def test_refresh_keeps_the_cursor_on_the_same_server(app, sim):
    """A new server sorting above the cursor does not move the cursor off."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for _ in range(5):
            await pilot.press("j")
        table = table_of(app)
        chosen = table.cursor_key
        index = table.cursor_index

        first = next(iter(sim.account.listed()))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app)) as raw:
            answer = await raw.put(
                f"{SIM_URL}/server/{first.id}/rename",
                data={"name": "aaaa-first"},
                headers={"AuthClientId": sim.client_id, "AuthSecret": sim.secret},
            )
        assert answer.status_code == 200
        sim.clock.advance(600)

        await pilot.press("r")
        await wait_until(pilot, lambda: str(table.rows[0].cells[0]) == "aaaa-first")
        assert table.cursor_key == chosen
        assert table.cursor_index in (index, index + 1)


async def test_a_refresh_that_changes_nothing_redraws_nothing(app, sim, monkeypatch):
    """set_rows reports no change, so the terminal gets no bytes."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        rows = app.screen._servers
        await wait_until(
            pilot, lambda: all(rows.detail(key) for key in table.visible_keys())
        )
        await pilot.pause(0.2)
        results = []
        original = table.set_rows

        def spy(rows):
            results.append(original(rows))
            return results[-1]

        monkeypatch.setattr(table, "set_rows", spy)
        await pilot.press("r")
        await wait_until(pilot, lambda: results)
        await pilot.pause(0.2)
        assert results and not any(results)


async def test_filter_narrows_as_you_type_and_escape_clears(app):
    """/ then words: every word must match; Esc brings every server back."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        total = table.row_count
        await pilot.press("slash", *"k8s")
        assert app.screen.query_one("#filter", Input).value == "k8s"
        assert 0 < table.row_count < total
        assert all("k8s" in str(row.cells[0]) for row in table.rows)

        await pilot.press("escape")
        assert table.row_count == total
        assert app.focused is table


async def test_filter_with_no_match_says_so(app):
    """An empty result is explained, not just blank."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"zzzz")
        assert "No server matches 'zzzz'" in status_text(app)


async def test_sort_key_cycles_columns_and_reverses(app):
    """s moves the sort to the next column, S reverses it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        await pilot.press("s")
        assert table.sort_column == "datacenter"
        centres = [str(row.cells[1]) for row in table.rows]
        assert centres == sorted(centres)
        await pilot.press("S")
        assert [str(row.cells[1]) for row in table.rows] == sorted(centres)[::-1]


async def test_api_failure_is_shown_and_the_next_refresh_recovers(app, sim):
    """A failing refresh says how old the data is; success clears it."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        sim.faults.set("/service/servers", "server_error")
        await pilot.press("r")
        await wait_until(pilot, lambda: "Data is" in status_text(app))
        assert "error occurred" in status_text(app)
        assert table_of(app).row_count > 0

        sim.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: status_text(app) == "")
        assert app.is_running


async def test_no_data_yet_and_bad_credentials_keep_the_app_running(sim):
    """Wrong keys: the first load fails with a clear reason, no crash."""
    transport = httpx.ASGITransport(app=sim.app)
    app = app_for(session_for(transport, Credentials("wrong", "wrong")))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "No data yet" in status_text(app))
        assert "not logged in" in status_text(app)
        assert app.is_running


async def test_names_are_shown_literally_never_as_markup_or_escapes():
    """A name holding markup or an escape sequence is drawn as plain text."""
    nasty = "a[/]b [bold red]x[/] \x1b]0;pwned\x07\x9b2J"

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/servers"):
            return httpx.Response(
                200,
                json=[{"id": "1", "name": nasty, "datacenter": "EU", "power": "on"}],
            )
        return httpx.Response(
            200, json={"id": "1", "name": nasty, "cpu": "1A", "ram": 1024}
        )

    session = session_for(httpx.MockTransport(handle), Credentials("a", "b"))
    app = app_for(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: table_of(app).row_count == 1)
        await pilot.pause(0.1)
        row_line = table_lines(app)[1]
        assert "a[/]b [bold red]x[/]" in row_line
        assert "\x1b" not in row_line and "\x9b" not in row_line


async def test_help_opens_and_closes(app):
    """? shows the keys; Esc returns to the list."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_quit_key_ends_the_app(app):
    """q quits with a zero return code."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_second_detail_batch_does_not_cancel_the_first(app, sim):
    """Slow details plus a new batch (a resize, a scroll): every row fills in."""
    sim.faults.set("GET /service/server/*", "latency", delay=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        table = table_of(app)
        await wait_until(pilot, lambda: table.row_count > 0)
        await pilot.pause(0.05)
        await pilot.resize_terminal(80, 30)

        def all_visible_have_details() -> bool:
            by_key = {row.key: row for row in table.rows}
            shown = [by_key[key] for key in table.visible_keys()]
            return all("…" not in str(row.cells[3]) for row in shown)

        await wait_until(pilot, all_visible_have_details, tries=300)


async def test_the_error_stays_shown_when_details_arrive(app, sim):
    """Details loading after a failed refresh do not hide the failure."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        sim.faults.set("/service/servers", "server_error")
        await pilot.press("r")
        await wait_until(pilot, lambda: "Data is" in status_text(app))

        table = table_of(app)
        await pilot.press("G")
        await wait_until(pilot, lambda: "…" not in str(table.rows[-1].cells[3]))
        await pilot.pause(0.2)
        assert "error occurred" in status_text(app)


async def test_sorting_brings_the_cursor_server_into_view(app):
    """After s, the server under the cursor is still on screen."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        for _ in range(17):
            await pilot.press("j")
        chosen = table.cursor_key
        for _ in range(3):
            await pilot.press("s")
            assert table.cursor_key == chosen
            assert chosen in table.visible_keys()


async def test_shrinking_the_terminal_keeps_the_cursor_in_view(app):
    """A resize never leaves the cursor row off screen."""
    async with app.run_test(size=(80, 40)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        await pilot.press("G")
        await pilot.resize_terminal(80, 12)
        await pilot.pause(0.2)
        assert table.cursor_key in table.visible_keys()


def slow_settling_app(monkeypatch):
    """An app on 200 servers whose rows must stay 2 s before details come."""
    from kamatui.sim import SimClock, Simulator
    from kamatui.ui.screens import servers

    monkeypatch.setattr(servers, "DETAIL_SETTLE_DELAY", 2.0)
    sim = Simulator(seed=3, servers=200, clock=SimClock(frozen=True))
    transport = httpx.ASGITransport(app=sim.app)
    session = session_for(transport, Credentials(sim.client_id, sim.secret))
    return app_for(session), sim


async def test_rows_that_only_flash_past_are_not_fetched(monkeypatch):
    """Paging through quickly fetches details only where the paging stopped."""
    app, sim = slow_settling_app(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        before = len(detail_requests(sim))

        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        table = table_of(app)
        landed = table.visible_keys()
        await wait_until(
            pilot,
            lambda: all(
                k in {p.rsplit("/", 1)[1] for p in detail_requests(sim)} for k in landed
            ),
        )

        fetched = {path.rsplit("/", 1)[1] for path in detail_requests(sim)[before:]}
        assert fetched <= set(landed)


async def test_the_table_follows_the_filter_in_the_same_frame(app):
    """The rows change as the filter's value does, with no message between,
    so the echoed key and the narrowed table go out in one frame."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        total = table.row_count
        await pilot.press("slash")
        app.screen.query_one("#filter", Input).value = "k8s"
        assert 0 < table.row_count < total


async def test_typing_a_filter_fetches_details_only_where_it_stopped(monkeypatch):
    """Each key narrows the rows; details wait until the typing stops."""
    app, sim = slow_settling_app(monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        before = len(detail_requests(sim))
        await pilot.press("slash", *"web")
        await pilot.pause(0.3)
        assert len(detail_requests(sim)) == before


async def test_servers_changed_together_are_fetched_in_one_list_refresh(app, sim):
    """Ten commands ending at once ask for the server list once, not ten times."""
    from kamatui.ui.task_follower import ServerChanged

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await pilot.pause(0.3)
        fetches = []
        fetch = screen._fetch_servers
        screen._fetch_servers = lambda: fetches.append(1) or fetch()
        for server in list(sim.account.listed())[:10]:
            screen.post_message(ServerChanged(server.id))
        await pilot.pause(0.6)
        # Over a network, each fetch started would have gone out, even one a
        # later fetch cancelled.
        assert fetches == [1]


async def test_details_that_cannot_be_read_are_said_and_not_hammered(app, sim):
    """503 on every detail read: the status line says so, the timed refreshes
    do not ask again at once, and r (asking by hand) does and clears it."""
    sim.faults.set("GET /service/server/*", "unavailable")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: table_of(app).row_count > 0)
        await wait_until(pilot, lambda: "Server details not loaded" in status_text(app))
        assert "503" in status_text(app)
        await pilot.pause(0.5)  # the first round of reads, retries and all
        asked = len(detail_requests(sim))
        for _ in range(3):
            app.screen._tick()  # what the refresh timer does
            await pilot.pause(0.3)
        assert len(detail_requests(sim)) == asked

        sim.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: status_text(app) == "")


async def test_the_cursor_comes_back_to_its_server_as_the_filter_is_typed(app):
    """A partial filter that hides the cursor's server must not leave the
    cursor elsewhere once the server matches again."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = table_of(app)
        for _ in range(5):
            await pilot.press("j")
        where = table.cursor_key
        await pilot.press("slash", *"zzz")
        assert table.row_count == 0
        await pilot.press("backspace", "backspace", "backspace")
        assert table.row_count > 5
        assert table.cursor_key == where


async def test_a_filter_that_ends_the_scrolling_moves_no_column(app):
    """The scrollbar's place is kept, so the header reads the same with 32
    rows (scrolling) and with 3; and the rows stop a cell short of the bar."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        header = table_lines(app)[0]

        await pilot.press("slash", *"web", "enter")
        await wait_until(pilot, lambda: table_of(app).row_count < 5)
        assert table_lines(app)[0] == header
        table = table_of(app)
        drawn = max(len(line.rstrip()) for line in table_lines(app))
        assert drawn < table.region.width - table.scrollbar_size_vertical
