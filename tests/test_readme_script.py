"""The README's API client script runs against a simulator over loopback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kamatui.sim import SimClock, Simulator, serve_in_thread

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_script() -> str:
    section = README.read_text().split("## API client", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_api_script_runs_every_operation(tmp_path):
    """Each operation of the tour completes; the simulator saw each endpoint."""
    script = tmp_path / "tour.py"
    script.write_text(readme_script())
    sim = Simulator(seed=3, clock=SimClock(speed=400))
    with serve_in_thread(sim) as url:
        result = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            timeout=240,
            env={
                **os.environ,
                "KAMATUI_API_URL": url,
                "KAMATERA_API_CLIENT_ID": sim.client_id,
                "KAMATERA_API_SECRET": sim.secret,
            },
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "tour done" in result.stdout

    called = {
        (e.method, re.sub(r"/[0-9a-f-]{32,36}", "/ID", e.path)) for e in sim.request_log
    }
    for expected in [
        ("POST", "/service/server"),
        ("POST", "/service/server/clone"),
        ("DELETE", "/service/server/ID/terminate"),
        ("PUT", "/service/server/ID/power"),
        ("PUT", "/service/server/ID/cpu"),
        ("PUT", "/service/server/ID/ram"),
        ("POST", "/service/server/ID/disk"),
        ("PUT", "/service/server/ID/disk"),
        ("DELETE", "/service/server/ID/disk/remove"),
        ("POST", "/service/server/ID/snapshot"),
        ("PUT", "/service/server/ID/snapshot"),
        ("DELETE", "/service/server/ID/snapshot"),
        ("PUT", "/service/server/ID/billing"),
        ("PUT", "/service/server/ID/rename"),
        ("PUT", "/service/server/ID/password"),
        ("POST", "/service/server/ID/hdlib"),
    ]:
        assert expected in called, expected
