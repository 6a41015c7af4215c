"""The SSH key in a real terminal: the app hands it over and comes back."""

from __future__ import annotations

import shutil
import time

import pytest

from kamatui.api.models import ServerInfo
from kamatui.sim import Simulator, serve_in_thread
from tests.tmux.test_demo_in_tmux import Tmux

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

FAKE_SSH = """#!/bin/sh
# Stands in for ssh: notes its arguments, waits to be let go, fails with 3.
printf '%s\\n' "$@" > "{marker}"
for _ in $(seq 100); do [ -e "{release}" ] && exit 3; sleep 0.1; done
exit 3
"""


def wait_for_file(path, timeout=20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().endswith("\n"):
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{path} never appeared")


def write_config(home, url, sim, ssh_command) -> None:
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.toml"
    config.write_text(
        f'default_profile = "loop"\n'
        f"ssh_command = {ssh_command!r}\n"
        f"[profiles.loop]\n"
        f'api_url = "{url}"\n'
        f'client_id = "{sim.client_id}"\n'
        f'secret = "{sim.secret}"\n'
    )
    config.chmod(0o600)


def test_ssh_suspends_runs_the_command_and_resumes_on_the_same_server(tmp_path):
    """e runs ssh_command for the cursor's server with the terminal handed
    over; when it exits 3, the list is back, says so, and Enter opens the
    same server."""
    sim = Simulator(seed=7)
    servers = sorted(sim.account.listed(), key=lambda s: s.name.lower())
    target = servers[3]
    ip = ServerInfo.from_api(target.info()).public_ips[0]

    marker, release = tmp_path / "ran", tmp_path / "release"
    script = tmp_path / "fake-ssh"
    script.write_text(FAKE_SSH.format(marker=marker, release=release))
    script.chmod(0o755)

    home = tmp_path / "home"
    with serve_in_thread(sim) as url:
        write_config(home, url, sim, f"{script} -l root {{ip}} {{name}}")
        session = Tmux(home, env={"TERM": "xterm"})
        try:
            session.start()
            session.wait_for("servers")
            for _ in range(3):
                session.keys("j")
                time.sleep(0.2)
            session.wait_for(ip)

            session.keys("e")
            assert wait_for_file(marker).split() == ["-l", "root", ip, target.name]
            handed_over = session.wait_for(
                f"fake-ssh for {target.name}; kamatui returns"
            )
            assert "Name" not in handed_over

            release.touch()
            screen = session.wait_for("exited with status 3")
            assert "profile: loop" in screen and "Name" in screen

            session.keys("Enter")
            detail = session.wait_for(target.id)
            assert target.name in detail
            session.keys("Escape")
            time.sleep(0.5)  # Escape and q in one burst would read as alt+q
            session.wait_for("Public IP")
            session.keys("q")
            session.wait_for("EXITED=0")
        finally:
            session.stop()
