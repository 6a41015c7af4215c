"""Power changes to every marked server: one confirmation, one request each."""

from __future__ import annotations

import io

import httpx
from rich.console import Console
from textual.widgets import Button, Input, Static

from kamatui.api import Credentials
from kamatui.api.models import POWER_OFF, POWER_ON
from kamatui.config import Profile
from kamatui.ledger import Ledger, ledger_file
from kamatui.paths import resolve_paths
from kamatui.ui.bulk import plan_for, skip_reason
from kamatui.ui.dialogs.confirm_bulk import ConfirmBulk
from kamatui.ui.operations import BY_ID
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.target import Target
from tests.ui.support import (
    app_for,
    loaded,
    record_notifications,
    session_for,
    table_of,
    wait_until,
)
from tests.ui.test_operations import mutations


def by_power(sim, power: str, count: int) -> list:
    return sorted(
        (s for s in sim.account.listed() if s.power == power), key=lambda s: s.name
    )[:count]


async def mark(pilot, names) -> None:
    """Put the cursor on each server and press space."""
    table = table_of(pilot.app)
    for name in names:
        key = next(row.key for row in table.rows if str(row.cells[0]) == name)
        table.move_cursor_to_key(key)
        await pilot.press("space")
    await pilot.pause()


async def bulk_dialog(pilot) -> ConfirmBulk:
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, ConfirmBulk) and app.screen.query("#confirm"),
    )
    return app.screen


async def type_count(pilot, dialog: ConfirmBulk, text: str) -> None:
    dialog.query_one("#bulk-typed", Input).value = text
    await pilot.pause()


def power_requests(sim) -> list[tuple[str, str]]:
    """(server id, wanted power) of every power request the API received."""
    return [
        (e.path.split("/")[3], e.fields["power"])
        for e in mutations(sim)
        if e.path.endswith("/power")
    ]


def dialog_text(dialog: ConfirmBulk) -> str:
    """The dialog's title and every text in it, as plain lines."""
    console = Console(width=76, record=True, file=io.StringIO())
    console.print(dialog.query_one("#bulk-body").border_title)
    for widget in dialog.query("Static, Label"):
        console.print(widget.content)
    return console.export_text()


async def test_one_request_per_marked_server_after_the_count_is_typed(app, sim):
    """Two on and one off, power off: two PUTs, the off one listed as skipped."""
    running = by_power(sim, POWER_ON, 2)
    stopped = by_power(sim, POWER_OFF, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running + stopped])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)

        assert [t.name for t in dialog.plan.send] == [s.name for s in running]
        assert [(t.name, why) for t, why in dialog.plan.skip] == [
            (stopped[0].name, "already off")
        ]
        request = str(dialog.query_one("#bulk-request", Static).content)
        assert "PUT /service/server/<id>/power  power=off" in request
        assert app.focused is dialog.query_one("#bulk-typed", Input)

        button = dialog.query_one("#confirm", Button)
        assert button.disabled
        await type_count(pilot, dialog, "3")
        assert button.disabled
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmBulk) and mutations(sim) == []

        await type_count(pilot, dialog, "2")
        assert not button.disabled
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.tasks) == 2)

        assert sorted(power_requests(sim)) == sorted((s.id, "off") for s in running)
        assert {task.server_name for task in app.tasks} == {s.name for s in running}
        assert not app.screen.marks


async def test_the_confirmation_lists_name_datacenter_and_power(app, sim):
    """Each marked server shows with its datacenter and power, at 80x24."""
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("R")
        dialog = await bulk_dialog(pilot)
        shown = dialog_text(dialog)
        for server in running:
            assert server.name in shown and server.datacenter in shown
        assert "Restart 2 servers?" in shown
        assert "Type 2 to confirm" in shown


async def test_cancel_sends_nothing_and_keeps_the_marks(app, sim):
    """Esc in the confirmation: no request, the marks are still there."""
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        await bulk_dialog(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
        assert mutations(sim) == []
        assert app.screen.marks == {s.id for s in running}


async def test_a_refusal_is_reported_for_its_server_and_the_others_go_on(
    app, sim, monkeypatch
):
    """One server is busy: its refusal names it, the others are sent, it stays
    marked so the same key tries it again."""
    running = by_power(sim, POWER_ON, 3)
    busy = running[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await app.session.client.power(busy.id, "restart")
        shown = record_notifications(app, monkeypatch)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        await type_count(pilot, dialog, "3")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("stay marked" in note for note in shown))

        sent_off = [request for request in power_requests(sim) if request[1] == "off"]
        assert sorted(sent_off) == sorted((s.id, "off") for s in running)
        assert {task.server_name for task in app.tasks} == {
            s.name for s in running if s is not busy
        }
        (report,) = [note for note in shown if "stay marked" in note]
        assert report.startswith(f"{busy.name}: Server busy")
        assert app.screen.marks == {busy.id}


async def test_a_lost_answer_is_looked_for_not_sent_again(app, sim):
    """The first answer is dropped: still exactly one request per server."""
    app.session.client._reconcile_interval = 0.05
    sim.faults.set("PUT /service/server/*/power", "drop", times=1)
    running = by_power(sim, POWER_ON, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        await type_count(pilot, dialog, "3")
        await pilot.press("enter")
        await pilot.pause(0.2)
        sim.clock.advance(5)
        await wait_until(pilot, lambda: len(app.tasks) == 3)

        assert sorted(power_requests(sim)) == sorted((s.id, "off") for s in running)
        assert sum("answer lost" in task.note for task in app.tasks) == 1


async def test_refused_while_read_only(sim, monkeypatch):
    """A production profile starts locked: no dialog, nothing sent, it says why."""
    transport = httpx.ASGITransport(app=sim.app)
    session = session_for(transport, Credentials(sim.client_id, sim.secret))
    session.profile = Profile("test-profile", production=True)
    app = app_for(session)
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ConfirmBulk)
        assert any("read-only" in note for note in shown)
        assert mutations(sim) == []


async def test_the_lock_closing_before_the_send_sends_nothing(app, sim, monkeypatch):
    """Locked while the dialog is open: every server reports it, none is sent."""
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        app.write_window.read_only = True
        await type_count(pilot, dialog, "2")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("stay marked" in note for note in shown))
        assert mutations(sim) == []
        (report,) = [note for note in shown if "stay marked" in note]
        assert report.count("read-only again") == 2


async def test_nothing_to_send_says_so_without_a_dialog(app, sim, monkeypatch):
    """Power on with only running servers marked: a message, no dialog."""
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await mark(pilot, [s.name for s in running])
        await pilot.press("u")
        await wait_until(pilot, lambda: any("nothing to send" in n for n in shown))
        assert not isinstance(app.screen, ConfirmBulk)
        assert any("already on" in note for note in shown)


async def test_the_palette_power_command_acts_on_the_marks(app, sim):
    """ctrl+p "Server: Restart" with marks opens the bulk confirmation."""
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("ctrl+p", *"Server: Restart")
        await pilot.pause(0.3)
        await pilot.press("enter")
        dialog = await bulk_dialog(pilot)
        assert len(dialog.plan.send) == 2


def test_restart_skips_servers_that_are_off():
    """A restart of a stopped server would fail in the queue: it is skipped."""
    up = Target("1", "b-up", "EU", POWER_ON)
    down = Target("2", "a-down", "EU", POWER_OFF)
    plan = plan_for(BY_ID["restart"], [up, down])
    assert plan.send == (up,)
    assert plan.skip == ((down, "off: a restart needs it running"),)
    assert skip_reason("power_on", POWER_OFF) is None
    assert skip_reason("power_off", POWER_ON) is None


def test_every_change_in_a_plan_targets_its_own_server():
    """The plan's changes are one per server to send to, in name order."""
    targets = [Target(str(i), f"srv-{i}", "EU", POWER_ON) for i in (3, 1, 2)]
    plan = plan_for(BY_ID["power_off"], targets)
    assert [change.path for change in plan.changes()] == [
        "server/1/power",
        "server/2/power",
        "server/3/power",
    ]


async def test_y_copies_one_curl_per_server_even_while_typing_the_count(
    app, sim, monkeypatch
):
    """The count field takes digits only, so y still reaches the dialog."""
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    running = by_power(sim, POWER_ON, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        await pilot.press("2", "y")
        await wait_until(pilot, lambda: copied)
        assert dialog.query_one("#bulk-typed", Input).value == "2"
        lines = copied[0].splitlines()
        assert sorted(lines) == sorted(
            f"curl -X PUT http://localhost/service/server/{s.id}/power "
            '-H "AuthClientId: $KAMATERA_API_CLIENT_ID" '
            '-H "AuthSecret: $KAMATERA_API_SECRET" --data-urlencode power=off'
            for s in running
        )
        assert mutations(sim) == []


async def test_every_server_of_a_bulk_change_gets_its_ledger_line(app, sim):
    """Two sent and one refused: three ledger lines, each with its outcome."""
    running = by_power(sim, POWER_ON, 3)
    busy = running[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await app.session.client.power(busy.id, "restart")
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        await type_count(pilot, dialog, "3")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.marks == {busy.id})

    path = ledger_file(resolve_paths().state_dir)
    actions = Ledger(path, "").read().actions
    assert sorted((a.server_name, a.operation, a.outcome) for a in actions) == sorted(
        (s.name, "Power off", "refused" if s is busy else "sent") for s in running
    )
    assert all(a.parameters == {"power": "off"} for a in actions)


async def test_commands_that_end_together_get_one_toast_and_one_bell(
    app, sim, monkeypatch
):
    """Four power offs ending in the same poll round: one toast counting
    them and one bell, not four of each."""
    from tests.ui.support import record_notifications

    running = by_power(sim, POWER_ON, 4)
    bells = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        await type_count(pilot, dialog, "4")
        dialog.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: len(app.tasks) == 4)

        shown = record_notifications(app, monkeypatch)
        sim.clock.advance(600)
        await wait_until(
            pilot, lambda: all(task.ended for task in app.tasks), tries=500
        )
        await wait_until(pilot, lambda: bells)
        await pilot.pause(0.3)

    ends = [note for note in shown if "ended" in note or "done" in note]
    assert ends == ["4 tasks ended: 4 complete"]
    assert bells == [1]


async def test_the_confirm_button_is_red_only_for_destructive_changes(app, sim):
    """Powering on marked servers is confirmed with a plain button, as the
    single power on is; red is kept for what destroys something."""
    stopped = by_power(sim, POWER_OFF, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in stopped])
        await pilot.press("u")
        dialog = await bulk_dialog(pilot)
        assert dialog.query_one("#confirm", Button).variant == "primary"


async def test_one_marked_server_is_one_server_in_the_words(app, sim):
    """One mark: 'Power off 1 server?', not '1 servers'."""
    running = by_power(sim, POWER_ON, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await mark(pilot, [s.name for s in running])
        await pilot.press("d")
        dialog = await bulk_dialog(pilot)
        text = dialog_text(dialog)
        assert "Power off 1 server?" in text and "1 servers" not in text
