"""The profile screen: switching accounts without a restart, adding one."""

from __future__ import annotations

import stat

import pytest
from textual.widgets import Input, OptionList

from kamatui.api import Credentials
from kamatui.config import Config, Profile, load_config
from kamatui.paths import resolve_paths
from kamatui.session import profile_session
from kamatui.sim import SimClock, Simulator, serve_in_thread
from kamatui.ui.app import KamatuiApp
from kamatui.ui.dialogs.add_profile import AddProfileDialog
from kamatui.ui.screens.profiles import ProfilesScreen
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.status_line import StatusLine
from kamatui.ui.widgets.title_bar import TitleBar
from tests.ui.support import loaded, table_of, wait_until


@pytest.fixture
def two_accounts():
    first = Simulator(seed=1, clock=SimClock(frozen=True))
    second = Simulator(seed=2, servers=3, clock=SimClock(frozen=True))
    with serve_in_thread(first) as first_url, serve_in_thread(second) as second_url:
        yield (first, first_url), (second, second_url)


def profile_for(name, sim, url, **settings) -> Profile:
    return Profile(
        name, api_url=url, client_id=sim.client_id, secret=sim.secret, **settings
    )


def app_with(profiles: list[Profile]) -> KamatuiApp:
    first = profiles[0]
    paths = resolve_paths()
    session = profile_session(first, Credentials(first.client_id, first.secret), paths)
    config = Config(profiles={p.name: p for p in profiles}, refresh_seconds=3600)
    return KamatuiApp(paths=paths, config=config, session=session)


async def choose(pilot, name: str) -> None:
    app = pilot.app
    await pilot.press("A")
    await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
    listing = app.screen.query_one(OptionList)
    ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
    listing.highlighted = ids.index(name)
    await pilot.press("enter")


async def test_switching_shows_the_other_account_without_a_restart(two_accounts):
    (one, one_url), (two, two_url) = two_accounts
    app = app_with(
        [
            profile_for("lab", one, one_url),
            profile_for("prod", two, two_url, production=True),
        ]
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        old_client = app.session.client

        await choose(pilot, "prod")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ServersScreen)
                and app.session.profile_name == "prod"
                and table_of(app).row_count == 3
            ),
        )
        names = {str(row.cells[0]) for row in table_of(app).rows}
        assert names == {server.name for server in two.account.listed()}
        assert "prod" in app.screen.query_one(TitleBar).content.plain
        assert app.write_window.locked
        assert len(app.screen_stack) == 2
        assert app.session.client is not old_client


async def test_a_profile_whose_key_fails_is_not_switched_to(two_accounts):
    (one, one_url), (two, two_url) = two_accounts
    wrong = Profile("broken", api_url=two_url, client_id="nobody", secret="wrong")
    app = app_with([profile_for("lab", one, one_url), wrong])
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await choose(pilot, "broken")
        status = app.screen.query_one(StatusLine)
        await wait_until(pilot, lambda: "Not authorised" in str(status.render()))
        assert app.session.profile_name == "lab"
        assert isinstance(app.screen, ProfilesScreen)


async def test_a_key_is_tested_before_the_profile_is_added(two_accounts):
    (one, one_url), (two, two_url) = two_accounts
    app = app_with([profile_for("lab", one, one_url)])
    config_file = app.paths.config_file
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddProfileDialog))
        dialog = app.screen
        dialog.query_one("#profile-name", Input).value = "second"
        dialog.query_one("#client-id", Input).value = two.client_id
        dialog.query_one("#secret", Input).value = "not-the-secret"
        dialog.query_one("#api-url", Input).value = two_url
        dialog.query_one("#secret", Input).focus()
        await pilot.press("enter")
        status = dialog.query_one("#add-profile-status")
        await wait_until(pilot, lambda: "did not accept" in str(status.render()))
        assert not config_file.exists()

        dialog.query_one("#secret", Input).value = two.secret
        dialog.query_one("#secret", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))

    saved = load_config(config_file)
    assert saved.profiles["second"].secret == two.secret
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert "second" in app.config.profiles


async def test_no_switch_while_a_change_is_on_its_way(two_accounts):
    """The change's answer, task and ledger line belong to the account it
    was sent to; switching waits until it is in."""
    (one, one_url), (two, two_url) = two_accounts
    app = app_with(
        [profile_for("lab", one, one_url), profile_for("other", two, two_url)]
    )
    one.faults.set("PUT /service/server/*/power", "latency", delay=1.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        server = next(s for s in one.account.listed() if s.power == "on")
        table_of(app).move_cursor_to_key(server.id)
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen.query("#confirm"))
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: app.change_on_its_way())

        await choose(pilot, "other")
        await pilot.pause(0.2)
        status = str(app.screen.query_one(StatusLine).render())
        assert "A change on lab is on its way" in status
        assert app.session.profile_name == "lab"

        await wait_until(pilot, lambda: len(app.tasks) == 1, tries=500)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.session.profile_name == "other")
