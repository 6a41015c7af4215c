"""The snapshot tree and the disk library against the simulator."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Button, Input, Static, Tree

from kamatui.api.resources import Snapshot, parse_snapshots
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.screens.disk_library import DiskLibraryScreen, human_size
from kamatui.ui.screens.snapshots import SnapshotScreen
from kamatui.ui.snapshot_text import (
    age,
    delete_effects,
    label_parts,
    revert_effects,
    shorten,
)
from tests.ui.support import (
    loaded,
    record_notifications,
    screen_with,
    table_of,
    wait_until,
)

DEEP = "db-primary.billing"


def mutations(sim):
    return [e for e in sim.request_log if e.method in ("PUT", "POST", "DELETE")]


async def open_snapshots(pilot, name=DEEP) -> SnapshotScreen:
    app = pilot.app
    await loaded(pilot)
    table = table_of(app)
    key = next(row.key for row in table.rows if str(row.cells[0]) == name)
    table.move_cursor_to_key(key)
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(app.screen, SnapshotScreen))
    screen = app.screen
    await wait_until(pilot, lambda: screen.roots is not None)
    return screen


def tree_lines(screen) -> list[str]:
    tree = screen.query_one(Tree)
    return [tree.render_line(y).text for y in range(tree.size.height)]


def walk(roots):
    return [s for root in roots for s in root.walk()]


async def test_three_levels_with_the_active_one_marked(app, sim):
    """The demo's deep tree shows every level; only the active is marked."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_snapshots(pilot)
        lines = [line for line in tree_lines(screen) if line.strip()]
        assert len(lines) == len(walk(screen.roots)) >= 3
        marked = [line for line in lines if "you are here" in line]
        active = next(s for s in walk(screen.roots) if s.active)
        assert len(marked) == 1 and active.name[:8] in marked[0]
        assert all(len(line.rstrip()) <= 80 for line in lines)


async def test_take_a_snapshot_sends_once_and_shows_the_real_name(
    app, sim, monkeypatch
):
    """n, a name, confirm: one POST; when done, the suffixed name is shown."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_snapshots(pilot)
        shown = record_notifications(app, monkeypatch)
        before = len(walk(screen.roots))
        await pilot.press("n")
        await screen_with(pilot, FormDialog, "#field-name")
        app.screen.query_one("#field-name", Input).value = "pre-deploy"
        await pilot.click("#submit")
        await wait_confirm(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        assert [e.fields for e in mutations(sim)] == [{"name": "pre-deploy"}]

        sim.clock.advance(600)
        app.follower.book.polled(next(iter(app.tasks)).command_id)
        await wait_until(pilot, lambda: len(walk(screen.roots)) == before + 1)
        new = next(s for s in walk(screen.roots) if s.name.startswith("pre-deploy-"))
        assert new.active
        await wait_until(pilot, lambda: any(new.name in note for note in shown))


async def test_revert_explains_and_sends_once(app, sim):
    """v on the root: the dialog says what is lost; one PUT on confirm."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_snapshots(pilot)
        screen.query_one(Tree).cursor_line = 0
        root = screen.selected()
        await pilot.press("v")
        dialog = await wait_confirm(pilot)
        effects = " ".join(
            str(effect.content) for effect in dialog.query(".confirm-effect")
        )
        assert "lost" in effects and "No longer the active branch" in effects
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: mutations(sim))
        assert [e.fields for e in mutations(sim)] == [{"snapshotId": str(root.id)}]
        assert dialog.change.method == "PUT"

        sim.clock.advance(600)
        app.follower.book.polled(next(iter(app.tasks)).command_id)
        await wait_until(pilot, lambda: screen.roots[0].active)


async def test_delete_cancelled_sends_nothing(app, sim):
    """x then Cancel: no request at all."""
    async with app.run_test(size=(80, 24)) as pilot:
        await open_snapshots(pilot)
        await pilot.press("x")
        dialog = await wait_confirm(pilot)
        assert app.focused is dialog.query_one("#cancel", Button)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SnapshotScreen))
        assert mutations(sim) == []


async def test_delete_refused_while_busy_is_shown_and_the_tree_stays(
    app, sim, monkeypatch
):
    """Another operation runs: the API's refusal shows; keys still work."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_snapshots(pilot)
        shown = record_notifications(app, monkeypatch)
        await app.session.client.power(screen.target.id, "restart")
        await pilot.press("x")
        await wait_confirm(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: any("Existing operation" in n for n in shown))
        await pilot.press("down", "r")
        assert isinstance(app.screen, SnapshotScreen)


async def test_a_server_without_snapshots_offers_to_take_one(app, sim):
    """An empty tree says so and names the key."""
    bare = next(s for s in sim.account.listed() if not s.snapshots)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_snapshots(pilot, bare.name)
        status = str(screen.query_one("#snapshots-status", Static).content)
        assert "No snapshots yet" in status and "n" in status


async def test_disk_library_lists_disks_and_clones_one(app, sim):
    """l opens the library; c clones the disk under a name, tracked."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, DiskLibraryScreen))
        screen = app.screen
        await wait_until(pilot, lambda: screen.disks)
        await pilot.press("c")
        await screen_with(pilot, FormDialog, "#field-name")
        app.screen.query_one("#field-name", Input).value = "golden-image"
        await pilot.click("#submit")
        await wait_confirm(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: mutations(sim))
        (sent,) = mutations(sim)
        assert sent.fields == {
            "disk_src_0": screen.disks[0].uuid,
            "disk_name_0": "golden-image",
        }


async def wait_confirm(pilot) -> ConfirmChange:
    return await screen_with(pilot, ConfirmChange, "#confirm")


TREE = parse_snapshots(
    [
        {
            "id": 1,
            "name": "base",
            "date": "01/12/2026 10:00:00",
            "active": False,
            "child": [
                {
                    "id": 2,
                    "name": "mid",
                    "date": "02/12/2026 10:00:00",
                    "active": False,
                    "child": [
                        {
                            "id": 3,
                            "name": "top",
                            "date": "03/12/2026 09:00:00",
                            "active": True,
                        }
                    ],
                }
            ],
        }
    ]
)


def test_revert_to_the_root_names_the_snapshots_leaving_the_branch():
    """Reverting to base takes mid and top off the active branch."""
    effects = revert_effects(TREE, TREE[0])
    assert any("mid, top" in effect for effect in effects)


def test_deleting_a_parent_says_its_children_move_up():
    """Deleting mid (one child) says so; deleting the active says none stays."""
    mid = TREE[0].children[0]
    assert any("1 child snapshot move up" in e for e in delete_effects(mid))
    top = mid.children[0]
    assert any("none will be active" in e for e in delete_effects(top))


def test_age_and_shortening():
    """Ages in the largest unit; long names cut with an ellipsis."""
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert age(TREE[0], now) == "2d ago"
    assert age(Snapshot(9, "x", "garbage", False, 0, ()), now) == "age unknown"
    assert shorten("abcdefghij", 5) == "abcd…" and shorten("abc", 5) == "abc"
    name, _tail, marker = label_parts(TREE[0].children[0].children[0], 40, now)
    assert marker.strip() == "◀ you are here"


def test_human_sizes():
    """Library sizes in GB or TB."""
    assert [human_size(x) for x in (10, 10.5, 2048)] == ["10 GB", "10.5 GB", "2.0 TB"]


async def test_a_cloned_disk_is_offered_by_the_wizard_once_done(app, sim):
    """After the library clone completes, the new image is in the wizard."""
    from kamatui.ui.screens.wizard import CreateWizardScreen
    from tests.ui.test_wizard import choose

    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        target = table_of(app).cursor_key
        datacenter = next(s.datacenter for s in sim.account.listed() if s.id == target)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, DiskLibraryScreen))
        await wait_until(pilot, lambda: app.screen.disks)
        await pilot.press("c")
        await screen_with(pilot, FormDialog, "#field-name")
        app.screen.query_one("#field-name", Input).value = "golden-image"
        app.screen.query_one("#submit", Button).press()
        await wait_confirm(pilot)
        app.screen.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        sim.clock.advance(3600)
        app.follower.book.polled(next(iter(app.tasks)).command_id)
        await wait_until(pilot, lambda: next(iter(app.tasks)).succeeded)

        app.push_screen(CreateWizardScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, CreateWizardScreen))
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.options is not None)
        await pilot.pause(0.1)
        await choose(pilot, "#dc-list", f"{datacenter} ")
        await choose(pilot, "#image-list", "golden-image")
        assert "golden-image" in wizard.draft.image(wizard.options).description
