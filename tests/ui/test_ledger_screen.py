"""The ledger from the app: one entry per change sent, outcomes, the screen."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from textual.widgets import Button, Input, OptionList

from kamatui.ledger import Attempt, Ledger, ledger_file
from kamatui.paths import resolve_paths
from kamatui.session import demo_session
from kamatui.sim import SimClock, Simulator, serve_in_thread
from kamatui.ui.dialogs.form import FormDialog
from kamatui.ui.dialogs.ledger_entry import LedgerEntryDialog
from kamatui.ui.dialogs.timeline import TimelineDialog
from kamatui.ui.screens.ledger import LedgerScreen
from kamatui.ui.screens.servers import ServersScreen
from tests.ui.support import app_for, loaded, record_notifications, table_of, wait_until
from tests.ui.test_operations import confirm_dialog, mutations, put_cursor_on, server
from tests.ui.test_wizard import _ready_draft, creates, open_wizard, press


def recorded():
    """What the app wrote to the real ledger file, oldest first."""
    path = ledger_file(resolve_paths().state_dir)
    return list(reversed(Ledger(path, "").read().actions))


async def confirm(pilot) -> None:
    dialog = await confirm_dialog(pilot)
    dialog.query_one("#confirm", Button).press()


async def power_off(pilot, name: str) -> None:
    await put_cursor_on(pilot, name)
    await pilot.press("d")
    await confirm(pilot)


async def fill_form(pilot, **values) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
    for field, value in values.items():
        app.screen.query_one(f"#field-{field}", Input).value = value
    await pilot.pause()
    app.screen.query_one("#submit", Button).press()


async def test_each_change_sent_is_recorded_exactly_once(app, sim, monkeypatch):
    """Power off, rename, a refused power off and a create: four lines, no more."""
    first, second = [s for s in sim.account.listed() if s.power == "on"][:2]
    other = server(sim, power="off")
    draft = await _ready_draft(app, sim, "ledger-box")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await power_off(pilot, first.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)

        await put_cursor_on(pilot, other.name)
        await pilot.press("n")
        await fill_form(pilot, name="renamed-box")
        await confirm(pilot)
        await wait_until(pilot, lambda: len(app.tasks) == 2)

        sim.faults.set("PUT /service/server/*/power", "server_error")
        await power_off(pilot, second.name)
        await wait_until(pilot, lambda: any("error occurred" in n for n in shown))

        wizard = await open_wizard(pilot, draft)
        await wizard.go_to("review")
        await pilot.pause(0.1)
        await press(pilot, "#create")
        await wait_until(pilot, lambda: wizard.command_id is not None)

    actions = recorded()
    assert [(a.operation, a.server_name, a.outcome) for a in actions] == [
        ("Power off", first.name, "sent"),
        ("Rename", other.name, "sent"),
        ("Power off", second.name, "refused"),
        ("Create server", "ledger-box", "sent"),
    ]
    assert len(mutations(sim)) == 4 and len(creates(sim)) == 1
    tracked = sorted(task.command_id for task in app.tasks)
    assert sorted(a.command_id for a in actions if a.command_id) == tracked
    assert actions[1].parameters == {"name": "renamed-box"}
    assert "error occurred" in actions[2].detail and actions[2].command_id is None
    assert actions[3].parameters["password"] == "********"
    assert {a.profile for a in actions} == {"test-profile"}


async def test_passwords_never_reach_the_ledger(app, sim):
    """Password reset, clone and create: masked in the file, every one."""
    secrets = ["ResetCanary123abc", "CloneCanary456def", "CreateCanary789ghi"]
    target, source = server(sim, power="on"), server(sim, power="off")
    draft = await _ready_draft(app, sim, "secret-box")
    draft.password = secrets[2]
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await put_cursor_on(pilot, target.name)
        await pilot.press("P")
        await fill_form(pilot, password=secrets[0])
        await confirm(pilot)
        await wait_until(pilot, lambda: len(app.tasks) == 1)

        await put_cursor_on(pilot, source.name)
        await pilot.press("C")
        await fill_form(pilot, name="clone-of-it", password=secrets[1])
        await confirm(pilot)
        await wait_until(pilot, lambda: len(app.tasks) == 2)

        wizard = await open_wizard(pilot, draft)
        await wizard.go_to("review")
        await pilot.pause(0.1)
        await press(pilot, "#create")
        await wait_until(pilot, lambda: wizard.command_id is not None)

    text = ledger_file(resolve_paths().state_dir).read_text()
    # Each change is written as on its way, then with its answer.
    assert text.count('"password":"********"') == 6
    assert not [secret for secret in secrets if secret in text]
    assert [a.operation for a in recorded()] == [
        "Reset password",
        "Clone",
        "Create server",
    ]


async def test_outcomes_are_appended_when_tasks_end(app, sim):
    """One completes, one fails in the queue: each gets its own outcome line."""
    on, off = server(sim, power="on"), server(sim, power="off")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await power_off(pilot, on.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        await put_cursor_on(pilot, off.name)
        await pilot.press("R")
        await confirm(pilot)
        await wait_until(pilot, lambda: len(app.tasks) == 2)
        assert [a.outcome for a in recorded()] == ["sent", "sent"]

        sim.clock.advance(600)
        await wait_until(pilot, lambda: all(t.ended for t in app.tasks), tries=800)
        await pilot.pause(0.1)

    lines = ledger_file(resolve_paths().state_dir).read_text().splitlines()
    assert [line.split(",")[0] for line in lines].count('{"kind":"outcome"') == 2
    power, restart = recorded()
    assert (power.operation, power.outcome) == ("Power off", "complete")
    assert (restart.operation, restart.outcome) == ("Restart", "error")
    assert restart.detail and restart.ended_at is not None


async def test_a_demo_session_writes_no_file(isolated_home):
    """The demo's ledger lives in memory: it lists the change, the disk stays bare."""
    session = demo_session(clock=SimClock(frozen=True))
    app = app_for(session)
    target = next(s for s in session.simulator.account.listed() if s.power == "on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await power_off(pilot, target.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        assert [a.operation for a in app.ledger.read().actions] == ["Power off"]
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))
        await wait_until(pilot, lambda: app.screen.reading is not None)
    assert not isolated_home.exists() or not any(isolated_home.rglob("*"))


def earlier_session(hours_ago: float) -> None:
    """An action from an earlier run, and a line that run left broken."""
    path = ledger_file(resolve_paths().state_dir)
    before = Ledger(path, "test-profile", clock=lambda: time.time() - hours_ago * 3600)
    before.record(
        Attempt("Restart", "EU-0", "old-box", {"power": "restart"}), command_id=1
    )
    with path.open("a") as handle:
        handle.write("{broken\n")


async def open_ledger(pilot) -> LedgerScreen:
    app = pilot.app
    await pilot.press("L")
    await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))
    screen = app.screen
    await wait_until(pilot, lambda: screen.reading is not None)
    return screen


async def test_the_screen_lists_newest_first_and_marks_this_session(app, sim):
    """L: this session's power off on top with *, the earlier restart below."""
    earlier_session(hours_ago=2)
    target = server(sim, power="on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await power_off(pilot, target.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        screen = await open_ledger(pilot)

        rows = [[str(cell) for cell in row.cells] for row in table_of(app).rows]
        assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
            ("*", target.name, "Power off", "running"),
            (" ", "old-box", "Restart", "running"),
        ]
        status = str(screen.query_one("#ledger-status").content)
        assert "2 actions, 1 in this session" in status
        assert "1 unreadable line was skipped" in status
        assert "old-box" in app.export_screenshot()

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerEntryDialog))
        assert "power=off" in app.export_screenshot()
        await pilot.press("escape")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))


async def test_y_copies_a_markdown_timeline_of_the_chosen_period(app, sim, monkeypatch):
    """The choice counts each period; Enter copies this session's and says so."""
    earlier_session(hours_ago=2)
    target = server(sim, power="on")
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await power_off(pilot, target.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        await open_ledger(pilot)
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, TimelineDialog))
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(4)]
        assert labels == [
            "This session (1 action)",
            "The last hour (1 action)",
            "The last 24 hours (2 actions)",
            "Everything recorded (2 actions)",
        ]
        # Time passes while the period is chosen: the copy says when it was made.
        copy_time = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
        monkeypatch.setattr(app.ledger, "_clock", lambda: copy_time)
        await pilot.press("enter")
        await wait_until(pilot, lambda: copied)

    (text,) = copied
    heading, _, summary, _, bullet = text.splitlines()
    assert heading == "### kamatui actions: profile `test-profile`, this session"
    assert summary.startswith("1 action, from ")
    assert summary.endswith("; written at 2030-01-02 03:04:05 UTC.")
    assert f"Power off, `{target.name}` (id `{target.id}`), `power=off`" in bullet
    assert bullet.endswith(": still running")
    assert any("Copied 1 action of this session" in note for note in shown)


async def test_the_palette_opens_the_ledger(app, sim):
    """ctrl+p, "Ledger: Show": the same screen as L."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Ledger: Show")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LedgerScreen))
        await wait_until(pilot, lambda: app.screen.reading is not None)
        assert "Nothing sent yet" in str(app.screen.query_one("#ledger-status").content)


async def test_a_ledger_that_cannot_be_written_is_said_once(app, sim, monkeypatch):
    """The state path is blocked: a warning, the change still goes out."""
    state = resolve_paths().state_dir
    state.mkdir(parents=True)
    ledger_file(state).mkdir()
    first, second = [s for s in sim.account.listed() if s.power == "on"][:2]
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = record_notifications(app, monkeypatch)
        await power_off(pilot, first.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        await power_off(pilot, second.name)
        await wait_until(pilot, lambda: len(app.tasks) == 2)
    warnings = [note for note in shown if "ledger could not be written" in note]
    assert len(warnings) == 1
    assert len(mutations(sim)) == 2


def test_a_create_keeps_only_the_size_of_its_init_script():
    """A script may hold tokens: the ledger says how long it was, nothing more."""
    from kamatui.api import CreateServerRequest
    from kamatui.ui.ledger_notes import attempt_of_create

    script = "#!/bin/sh\nexport TOKEN=tok-123456\n"
    request = CreateServerRequest(
        name="box-1",
        datacenter="EU",
        image_id="EU:img",
        cpu="2B",
        ram_mb=2048,
        password="Pw123456789abc",
        disk_sizes_gb=(20,),
        script=script,
    )
    attempt = attempt_of_create(request)
    assert attempt.parameters["script"] == f"{len(script)} bytes, not recorded"
    assert attempt.parameters["password"] == "********"
    assert attempt.parameters["power"] in ("0", "1")
    assert "tok-123456" not in str(attempt.parameters)


def test_an_operation_without_its_change_still_records_what_it_sends():
    """A caller with only the operation (a bulk power-off) still gets parameters."""
    from kamatui.ui.ledger_notes import attempt_of
    from kamatui.ui.operations import BY_ID
    from kamatui.ui.target import Target

    target = Target(id="EU-1", name="web-1", datacenter="EU", power="on")
    attempt = attempt_of(BY_ID["power_off"], target, None)
    assert (attempt.operation, attempt.parameters) == ("Power off", {"power": "off"})
    assert attempt_of(BY_ID["rename"], target, None).parameters == {}


def test_each_failure_gets_the_outcome_that_says_what_happened():
    from kamatui.api import ApiError, CreateUnconfirmed
    from kamatui.api.errors import TransportError, WritesLocked
    from kamatui.ui.ledger_notes import failure_outcome

    assert failure_outcome(ApiError("busy", status=409)) == "refused"
    assert failure_outcome(WritesLocked("locked")) == "not sent"
    assert failure_outcome(TransportError("down", nothing_sent=True)) == "not sent"
    assert failure_outcome(TransportError("cut")) == "lost"
    assert failure_outcome(CreateUnconfirmed("no answer")) == "lost"


@pytest.fixture
def lab_and_prod():
    lab = Simulator(seed=1, clock=SimClock(frozen=True))
    prod = Simulator(seed=2, servers=3, clock=SimClock(frozen=True))
    with serve_in_thread(lab) as lab_url, serve_in_thread(prod) as prod_url:
        yield (lab, lab_url), (prod, prod_url)


async def test_a_profile_switch_keeps_the_session_and_records_the_new_profile(
    lab_and_prod,
):
    """Lab's power off stays marked *; the ledger now writes for prod."""
    from tests.ui.test_profiles import app_with, choose, profile_for

    (one, one_url), (two, two_url) = lab_and_prod
    app = app_with(
        [profile_for("lab", one, one_url), profile_for("prod", two, two_url)]
    )
    target = next(s for s in one.account.listed() if s.power == "on")
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await power_off(pilot, target.name)
        await wait_until(pilot, lambda: len(app.tasks) == 1)
        before = app.ledger.session

        await choose(pilot, "prod")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ServersScreen)
                and app.session.profile_name == "prod"
            ),
        )
        assert (app.ledger.session, app.ledger.profile) == (before, "prod")
        await open_ledger(pilot)
        rows = [[str(cell) for cell in row.cells] for row in table_of(app).rows]
        assert [(r[0], r[2], r[3]) for r in rows] == [("*", "lab", target.name)]
