"""The SSH key: the command it builds, how it runs, and where it cannot."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import pytest
from textual.app import SuspendNotSupported

from kamatui.api.models import ServerInfo
from kamatui.ui.ssh import NoAddress, command_for, open_shell
from kamatui.ui.target import Target
from tests.ui.support import loaded, record_notifications, wait_until


def target_with(ip: str | None = "198.51.100.7", name: str = "web-1") -> Target:
    networks = [{"network": "wan-eu", "ips": [ip]}] if ip else []
    info = ServerInfo.from_api({"id": "abc-123", "name": name, "networks": networks})
    return Target("abc-123", name, "EU", "on", info)


def test_placeholders_become_single_words():
    """The values are quoted before splitting: a name with a space and a quote
    stays one argument, and nothing in it is run by a shell."""
    target = target_with(name="it's my box; rm -rf ~")
    argv = command_for("ssh -l admin {ip} echo {name} {id}", target)
    assert argv == [
        "ssh",
        "-l",
        "admin",
        "198.51.100.7",
        "echo",
        "it's my box; rm -rf ~",
        "abc-123",
    ]


def test_a_template_without_ip_needs_no_details():
    """``ssh {name}`` (an ssh_config alias) works before details arrive."""
    target = Target("abc-123", "web-1", "EU", "on")
    assert command_for("ssh {name}", target) == ["ssh", "web-1"]


def test_no_details_or_no_public_ip_is_said_plainly():
    with pytest.raises(NoAddress, match="still loading"):
        command_for("ssh root@{ip}", Target("abc-123", "web-1", "EU", "on"))
    with pytest.raises(NoAddress, match="has no public IP"):
        command_for("ssh root@{ip}", target_with(ip=None))


class FakeApp:
    """Stands in for the app where suspending works (a real terminal)."""

    def __init__(self, can_suspend: bool = True) -> None:
        self.can_suspend = can_suspend
        self.notes: list[str] = []
        self.resumed = False

    @contextmanager
    def suspend(self):
        if not self.can_suspend:
            raise SuspendNotSupported("no")
        yield
        self.resumed = True

    def notify(self, message, **kwargs) -> None:
        self.notes.append(str(message))


def test_a_missing_program_is_named_and_the_app_resumes():
    app = FakeApp()
    open_shell(app, target_with(), "kamatui-no-such-program {ip}")
    assert app.resumed
    assert app.notes == [
        "kamatui-no-such-program was not found; check ssh_command in the config file."
    ]


def test_a_nul_byte_in_the_command_is_said_and_the_app_resumes():
    """subprocess refuses an embedded NUL with ValueError: told, not raised."""
    app = FakeApp()
    open_shell(app, target_with(), "echo\x00x {ip}")
    assert app.resumed
    assert len(app.notes) == 1 and "ssh_command cannot be run" in app.notes[0]


def test_a_non_zero_exit_status_is_shown(tmp_path):
    """The command ran with the server's values and its status is reported."""
    marker = tmp_path / "ran"
    app = FakeApp()
    template = f"{sys.executable} -c {{ip}} {marker}"
    code = "import sys; open(sys.argv[1], 'w').write('ran'); sys.exit(3)"
    open_shell(app, target_with(ip=code), template)
    assert marker.read_text() == "ran"
    assert app.resumed
    assert app.notes == [f"{sys.executable} exited with status 3."]


def test_a_clean_exit_says_nothing():
    app = FakeApp()
    open_shell(app, target_with(), f"{sys.executable} -c pass")
    assert app.resumed and app.notes == []


def test_where_suspending_is_impossible_it_says_so():
    app = FakeApp(can_suspend=False)
    open_shell(app, target_with(), "true")
    assert len(app.notes) == 1 and "cannot be handed" in app.notes[0]


async def test_the_key_under_the_headless_pilot_says_it_cannot_suspend(
    app, monkeypatch
):
    """The headless driver cannot suspend: the app says so and goes on."""
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, lambda: app.screen.current_target().info is not None)
        shown = record_notifications(app, monkeypatch)
        await pilot.press("e")
        await wait_until(pilot, lambda: shown)
        assert "suspending is not supported here" in shown[0]
        await pilot.press("j")
        assert app.is_running


async def test_the_key_before_details_arrive_says_the_ip_is_unknown(
    app, sim, monkeypatch
):
    """Details not loaded yet: the message says so instead of running ssh."""
    sim.faults.set("GET /service/server/*", "hang")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#server-table"))
        await wait_until(pilot, lambda: app.screen.current_target() is not None)
        shown = record_notifications(app, monkeypatch)
        await pilot.press("e")
        await wait_until(pilot, lambda: shown)
        assert "still loading" in shown[0]
