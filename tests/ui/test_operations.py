"""Server operations against the simulator: confirm, send once, follow."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Button, Input, Static

from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.screens.server_detail import ServerDetailScreen
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.task_panel import TaskPanel
from kamatui.ui.widgets.virtual_table import VirtualTable
from tests.ui.support import (
    loaded,
    record_notifications,
    screen_with,
    table_of,
    wait_until,
)


def mutations(sim) -> list:
    return [e for e in sim.request_log if e.method in ("PUT", "POST", "DELETE")]


async def put_cursor_on(pilot, name: str) -> None:
    table = table_of(pilot.app)
    index = next(i for i, row in enumerate(table.rows) if str(row.cells[0]) == name)
    table.move_cursor_to_key(table.rows[index].key)
    await pilot.pause()


def server(sim, power=None, snapshots=None):
    return next(
        s
        for s in sim.account.listed()
        if (power is None or s.power == power)
        and (snapshots is None or bool(s.snapshots) == snapshots)
    )


async def confirm_dialog(pilot) -> ConfirmChange:
    return await screen_with(pilot, ConfirmChange, "#confirm")


async def power_off_dialog(pilot, sim) -> ConfirmChange:
    """The list loaded, then d on a server that is on: its confirmation."""
    await loaded(pilot)
    await put_cursor_on(pilot, server(sim, power="on").name)
    await pilot.press("d")
    return await confirm_dialog(pilot)


async def test_cancel_is_focused_and_sends_nothing(app, sim):
    """The confirmation opens with Cancel focused; Enter there sends nothing."""
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await power_off_dialog(pilot, sim)
        assert app.focused is dialog.query_one("#cancel", Button)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
        assert mutations(sim) == []


async def test_left_and_right_move_between_the_buttons(app, sim):
    """Right from Cancel reaches the button that acts, left goes back."""
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await power_off_dialog(pilot, sim)
        await pilot.press("right")
        assert app.focused is dialog.query_one("#confirm", Button)
        await pilot.press("left")
        assert app.focused is dialog.query_one("#cancel", Button)
        await pilot.press("right", "enter")
        await wait_until(pilot, lambda: mutations(sim))
    assert len(mutations(sim)) == 1


async def test_power_off_sends_once_and_is_followed_to_the_end(app, sim):
    """Confirm: one PUT; the task shows, completes, and the row says off."""
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("d")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        assert [(e.method, e.fields) for e in mutations(sim)] == [
            ("PUT", {"power": "off"})
        ]
        panel = app.screen.query_one(TaskPanel)
        assert panel.display

        sim.clock.advance(600)
        (task,) = list(app.tasks)
        app.follower.book.polled(task.command_id)
        await wait_until(pilot, lambda: next(iter(app.tasks)).status == "complete")
        table = table_of(app)
        await wait_until(
            pilot,
            lambda: any(
                str(row.cells[0]) == target.name and str(row.cells[2]) == "off"
                for row in table.rows
            ),
        )
        assert len(mutations(sim)) == 1


async def test_terminate_needs_the_name_typed(app, sim):
    """The Terminate button stays disabled until the exact name is typed."""
    target = server(sim, power="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("T")
        dialog = await confirm_dialog(pilot)
        button = dialog.query_one("#confirm", Button)
        assert button.disabled
        typed = dialog.query_one("#confirm-typed", Input)
        assert app.focused is typed
        await pilot.press(*"dy")
        assert typed.value == "dy"
        typed.value = target.name[:-1]
        await pilot.pause()
        assert button.disabled
        typed.value = target.name
        await pilot.pause()
        assert not button.disabled
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: mutations(sim))
        (sent,) = mutations(sim)
        assert sent.method == "DELETE" and sent.fields == {"confirm": "1"}


async def test_a_refusal_reopens_the_form_with_what_was_typed(app, sim):
    """The API says busy: its words show above the form, the name is kept."""
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await app.session.client.power(target.id, "restart")
        await put_cursor_on(pilot, target.name)
        await pilot.press("n")
        await screen_with(pilot, FormDialog, "#field-name")
        app.screen.query_one("#field-name", Input).value = "renamed-box"
        await pilot.pause()
        await pilot.click("#submit")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        form = app.screen
        assert form.query_one("#field-name", Input).value == "renamed-box"
        error = str(form.query_one("#form-error", Static).content)
        assert "Existing operation" in error
        renames = [e for e in mutations(sim) if e.path.endswith("/rename")]
        assert len(renames) == 1
        await pilot.press("escape")
        assert app.is_running


async def test_a_bad_name_keeps_review_disabled_with_the_reason(app, sim):
    """Checked as typed: the reason shows next to the field."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await screen_with(pilot, FormDialog, "#field-name")
        app.screen.query_one("#field-name", Input).value = "bad name!"
        await pilot.pause()
        assert app.screen.query_one("#submit", Button).disabled
        problem = str(app.screen.query_one("#problem-name", Static).content)
        assert "only letters, digits" in problem


async def test_ram_choices_are_those_of_the_servers_cpu_type(app, sim):
    """The RAM form offers exactly the server's CPU type's sizes."""
    target = server(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        offered = app.screen.choices("ram")
        cpu_type = target.cpu[-1]
        expected = (await app.session.client.ram_choices(target.id))[cpu_type]
        assert tuple(offered) == expected


async def test_password_is_masked_in_the_confirmation_and_never_on_screen(
    app, sim, monkeypatch
):
    """The generated or typed password appears nowhere on screen, nor in the
    curl copied from the confirmation, which names the variables to set."""
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    shown = record_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("P")
        await screen_with(pilot, FormDialog, "#field-password")
        app.screen.query_one("#field-password", Input).value = "CanaryPass123"
        await pilot.pause()
        assert "CanaryPass123" not in app.export_screenshot()
        await pilot.click("#submit")
        dialog = await confirm_dialog(pilot)
        assert "CanaryPass123" not in app.export_screenshot()
        assert "********" in str(dialog.query_one("#confirm-request", Static).content)
        await pilot.press("y")
        await pilot.pause()
    assert copied and "CanaryPass123" not in copied[0]
    assert any(
        note.startswith(
            "Copied as curl; set KAMATERA_API_CLIENT_ID, KAMATERA_API_SECRET and "
        )
        for note in shown
    ), shown


async def test_enter_opens_the_detail_and_escape_returns_to_the_same_row(app, sim):
    """Detail shows CPU type in words, disks and IPs; Esc keeps the cursor."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for _ in range(3):
            await pilot.press("j")
        table = table_of(app)
        key = table.cursor_key
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        detail = app.screen
        await wait_until(pilot, lambda: detail._info is not None)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(detail.query_one("#detail-table", Static).content)
        rendered = console.export_text()
        info = detail._info
        assert info.name in rendered and info.cpu.type_name in rendered
        assert all(ip in rendered for nic in info.networks for ip in nic.ips)
        assert "(public)" in rendered
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
        assert app.screen.query_one(VirtualTable).cursor_key == key


async def test_operation_keys_work_from_the_detail_screen(app, sim):
    """The same key powers off from the detail screen."""
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ServerDetailScreen))
        await wait_until(pilot, lambda: app.screen._info is not None)
        await pilot.press("d")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: mutations(sim))
        assert mutations(sim)[0].path.endswith(f"{target.id}/power")


async def test_palette_offers_server_operations(app, sim):
    """ctrl+p, type 'power off', Enter: the same confirmation opens."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Server: Power off")
        await pilot.pause(0.3)
        await pilot.press("enter")
        dialog = await confirm_dialog(pilot)
        assert dialog.change.title == "Power off"


async def test_a_failed_command_shows_its_log_and_the_app_goes_on(
    app, sim, monkeypatch
):
    """Restarting a powered-off server fails in the queue: the toast says why."""
    target = server(sim, power="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await put_cursor_on(pilot, target.name)
        await pilot.press("R")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        sim.clock.advance(600)
        app.follower.book.polled(next(iter(app.tasks)).command_id)
        await wait_until(pilot, lambda: next(iter(app.tasks)).status == "error")
        await wait_until(
            pilot, lambda: any("Restart" in note and "error" in note for note in shown)
        )
        await pilot.press("j")
        assert app.is_running


async def test_a_refused_request_without_a_form_is_reported(app, sim, monkeypatch):
    """An injected 500 on power: the API's words in a toast, nothing tracked."""
    sim.faults.set("PUT /service/server/*/power", "server_error")
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("d")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await wait_until(
            pilot,
            lambda: any("error occurred" in n.message for n in app._notifications),
        )
        assert len(app.tasks) == 0
        assert len(mutations(sim)) == 1


async def test_clone_form_sends_name_password_billing_and_chosen_cpu(app, sim):
    """C: a short form; CPU and RAM default to the source's, billing hourly."""
    target = server(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        form = app.screen
        form.query_one("#field-name", Input).value = "copy-of-it"
        form.query_one("#field-password", Input).value = "Cc123456789xyz"
        await pilot.pause()
        form.query_one("#submit", Button).press()
        await confirm_dialog(pilot)
        assert "Cc123456789xyz" not in app.export_screenshot()
        app.screen.query_one("#confirm", Button).press()
        await wait_until(pilot, lambda: mutations(sim))
        (sent,) = mutations(sim)
        assert sent.path == "/service/server/clone"
        assert sent.fields["source"] == target.id
        assert sent.fields["billing"] == "hourly"
        assert "cpu" not in sent.fields and "ram" not in sent.fields


async def test_show_reveals_the_password_only_until_the_next_key(app, sim):
    """Show unmasks; the next key press masks it again."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("P")
        await screen_with(pilot, FormDialog, "#field-password")
        field = app.screen.query_one("#field-password", Input)
        field.value = "Visible123abc"
        app.screen.set_focus(app.screen.query_one("#reveal-password", Button))
        await pilot.press("enter")
        assert not field.password
        await pilot.press("tab")
        assert field.password


async def test_a_second_key_while_choices_load_replaces_the_first(app, sim):
    """Slow CPU choices, then n: only the rename form ever opens."""
    sim.faults.set("GET /service/server/*/cpu", "latency", delay=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await pilot.pause(0.1)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.pause(0.8)
        forms = [s for s in app.screen_stack if isinstance(s, FormDialog)]
        assert len(forms) == 1 and forms[0].query("#field-name")


async def test_escape_while_choices_load_cancels(app, sim):
    """Esc before a slow form appears: it never appears."""
    sim.faults.set("GET /service/server/*/ram", "latency", delay=0.5)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause(0.1)
        await pilot.press("escape")
        await pilot.pause(0.9)
        assert not any(isinstance(s, FormDialog) for s in app.screen_stack)


async def test_a_lost_answer_is_found_in_the_queue_not_resent(app, sim, monkeypatch):
    """The power answer is dropped: the command is adopted, one PUT only."""
    app.session.client._reconcile_interval = 0.05
    sim.faults.set("PUT /service/server/*/power", "drop", times=1)
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("d")
        await confirm_dialog(pilot)
        await pilot.click("#confirm")
        await pilot.pause(0.2)
        sim.clock.advance(5)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        (task,) = list(app.tasks)
        assert "answer lost" in task.note
        assert len(mutations(sim)) == 1


async def test_powering_off_an_off_server_sends_nothing(app, sim, monkeypatch):
    """It is already off: say so, send nothing, open no dialog."""
    target = server(sim, power="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await put_cursor_on(pilot, target.name)
        await pilot.press("d")
        await wait_until(pilot, lambda: any("already off" in n for n in shown))
        assert not isinstance(app.screen, ConfirmChange)
        assert mutations(sim) == []


async def test_renaming_to_the_same_name_is_refused_in_the_form(app, sim):
    """The form knows the current name and says it is already so."""
    target = server(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        await pilot.pause()
        assert app.screen.query_one("#submit", Button).disabled
        assert "already" in str(app.screen.query_one("#problem-name", Static).content)


async def test_copy_puts_the_chosen_value_on_the_clipboard(app, sim, monkeypatch):
    """y, choose public IP: exactly that text goes to the clipboard."""
    from kamatui.ui.dialogs.copy import CopyDialog

    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        target = app.screen.current_target()
        await wait_until(pilot, lambda: app.screen.current_target().info is not None)
        target = app.screen.current_target()
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyDialog))
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: copied)
        assert copied == [target.info.public_ips[0]]
        assert not isinstance(app.screen, CopyDialog)


def test_the_record_copies_as_json_with_its_networks():
    """The whole record is valid JSON that holds the server's IPs."""
    import json

    from kamatui.api.models import ServerInfo
    from kamatui.ui.dialogs.copy import copy_choices
    from kamatui.ui.target import Target

    info = ServerInfo.from_api(
        {
            "id": "x",
            "name": "web",
            "cpu": "2B",
            "networks": [{"network": "wan-eu", "ips": ["1.2.3.4"]}],
        }
    )
    choices = {what: text for what, _label, text in copy_choices(Target.of(info))}
    record = json.loads(choices["record"])
    assert record["networks"][0]["ips"] == ["1.2.3.4"] and record["cpu"]["cores"] == 2
    assert choices["public IP"] == "1.2.3.4"
