"""Sort, filter and the last screen come back after a restart."""

from __future__ import annotations

from kamatui.ui.screens.server_detail import ServerDetailScreen
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.screens.snapshots import SnapshotScreen
from kamatui.view_state import ViewStore, view_state_file
from tests.ui.support import loaded, record_notifications, table_of, wait_until
from tests.ui.test_jump import fresh_app


async def test_sort_and_filter_are_there_after_a_restart(sim):
    """The second app opens sorted by datacenter, reversed, filtered."""
    app = fresh_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("s", "S", "slash", *"web", "enter")
        await wait_until(pilot, lambda: table_of(app).row_count < 10)
        shown = [row.key for row in table_of(app).rows]

    again = fresh_app(sim)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        table = table_of(again)
        assert (table.sort_column, table.sort_reverse) == ("datacenter", True)
        assert screen._filter.value == "web"
        assert [row.key for row in table.rows] == shown
        assert again.focused is table


async def test_the_detail_screen_reopens_on_the_same_server(sim):
    """Quit from a server's details: the next start shows them again, and
    Esc goes back to the list with the cursor on that server."""
    app = fresh_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        server_id = app.screen.server_id

    again = fresh_app(sim)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, ServerDetailScreen))
        assert again.screen.server_id == server_id
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(again.screen, ServersScreen))
        assert table_of(again).cursor_key == server_id


async def test_the_snapshot_tree_reopens_for_its_server(sim):
    """The snapshot tree is a screen worth coming back to as well."""
    app = fresh_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, SnapshotScreen))
        server_id = app.screen.target.id

    again = fresh_app(sim)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, SnapshotScreen))
        assert again.screen.target.id == server_id


async def test_a_server_gone_since_is_said_and_the_list_stays(sim, monkeypatch):
    """The last screen's server was terminated meanwhile: stay on the list."""
    store = ViewStore(view_state_file(fresh_app(sim).paths.state_dir, "test-profile"))
    store.update(screen="detail", server_id="no-such-server")

    app = fresh_app(sim)
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, ServersScreen)
        assert any("no-such-server" in message for message in shown)


async def test_a_profile_switch_does_not_mix_the_profiles_states(sim):
    """Screens a switch closes are recorded for neither profile."""
    app = fresh_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        other = fresh_app(sim).session
        other.profile_name = "other"
        await app.switch_session(other)
        await loaded(pilot)

    states = app.paths.state_dir
    assert ViewStore(view_state_file(states, "other")).state.screen == "servers"
    assert ViewStore(view_state_file(states, "test-profile")).state.screen == "detail"


async def test_the_last_screen_reopens_even_when_the_list_is_slow(sim):
    """The list screen shows before the list arrives: it must not count as
    the last screen, or the server's details would never reopen."""
    store = ViewStore(view_state_file(fresh_app(sim).paths.state_dir, "test-profile"))
    server = sorted(sim.account.listed(), key=lambda s: s.name)[4]
    store.update(screen="detail", server_id=server.id)

    sim.faults.set("/service/servers", "latency", times=1, delay=0.5)
    again = fresh_app(sim)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, ServerDetailScreen))
        assert again.screen.server_id == server.id
