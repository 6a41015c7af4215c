"""The real app in a real terminal: tmux at 80x24, as a person would run it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Tmux:
    def __init__(self, home, width=80, height=24, env=None):
        home.mkdir(parents=True, exist_ok=True)
        self.socket = str(home / f"tmux-{uuid.uuid4().hex[:8]}")
        self.home = home
        self.width, self.height = width, height
        self.env = {"KAMATUI_HOME": str(home), "TERM": "xterm-256color", **(env or {})}

    def tmux(self, *args):
        return subprocess.run(
            ["tmux", "-S", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=20,
        )

    def start(self, *argv):
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        command = f"env {exports} {shlex.quote(sys.executable)} -m kamatui " + " ".join(
            shlex.quote(a) for a in argv
        )
        command += "; echo EXITED=$?; sleep 30"
        result = self.tmux(
            "new-session", "-d", "-x", str(self.width), "-y", str(self.height), command
        )
        assert result.returncode == 0, result.stderr

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p").stdout

    def keys(self, *keys):
        self.tmux("send-keys", *keys)

    def wait_for(self, text, timeout=20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def stop(self):
        """End the server; its socket lives in the test's own temporary folder."""
        self.tmux("kill-server")


@pytest.fixture
def tmux(tmp_path):
    session = Tmux(tmp_path / "home")
    yield session
    session.stop()


def test_demo_shows_the_server_list_at_80x24(tmux):
    """The README's demo command shows servers, the profile and the keys."""
    tmux.start("--demo")
    screen = tmux.wait_for("servers")
    assert "profile: demo" in screen
    assert "Name" in screen and "Power" in screen
    lines = screen.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines)

    tmux.keys("/")
    tmux.keys("zzz-no-such-server")
    tmux.wait_for("No server matches")
    tmux.keys("Escape")
    tmux.wait_for("servers")

    tmux.keys("q")
    assert "EXITED=0" in tmux.wait_for("EXITED=")


def test_demo_works_on_a_16_colour_terminal_without_colour(tmp_path):
    """TERM=xterm and NO_COLOR=1 still show the list and power in words."""
    session = Tmux(tmp_path / "home", env={"TERM": "xterm", "NO_COLOR": "1"})
    try:
        session.start("--demo")
        screen = session.wait_for("servers")
        assert " on " in screen or " off " in screen
        session.keys("q")
        assert "EXITED=0" in session.wait_for("EXITED=")
    finally:
        session.stop()


def test_first_run_offers_the_demo(tmux):
    """With no config, the app offers the demo and a key form."""
    tmux.start()
    screen = tmux.wait_for("Start the demo")
    assert "API client id" in screen
    tmux.keys("Enter")
    tmux.wait_for("profile: demo")
    tmux.keys("q")
    tmux.wait_for("EXITED=0")


def test_broken_config_prints_one_line_and_exits_non_zero(tmp_path):
    """Outside tmux too: a broken config never shows a traceback."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("refresh_seconds = 'soon'")
    result = subprocess.run(
        [sys.executable, "-m", "kamatui"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KAMATUI_HOME": str(home)},
    )
    assert result.returncode == 1
    assert "refresh_seconds must be a number" in result.stderr
    assert "Traceback" not in result.stderr
