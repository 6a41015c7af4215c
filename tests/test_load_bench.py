"""The load benchmark still runs: its smallest configuration, in seconds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "load_bench.py"
SMALLEST = [
    "--seconds", "2", "--servers", "30", "--commands", "3",
    "--idle-seconds", "1", "--idle-refresh", "2",
    "--polls-speed", "200", "--per-kind", "1",
]  # fmt: skip

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads CPU and memory from /proc"
)


def test_every_part_prints_its_figures():
    """Each part's figure lines show, with numbers in them: the script works
    end to end against kamatui in a pseudo-terminal, whatever the figures."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *SMALLEST],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()

    def figure(name: str) -> str:
        return next(line for line in lines if line.startswith(name))

    assert figure("requests per minute").split()[-1].isdigit()
    assert figure("kamatui CPU share").endswith("%")
    assert figure("kamatui RSS at start").endswith(" MB")
    assert figure("kamatui RSS at end").endswith(" MB")
    assert figure("kamatui RSS drift").endswith(" MB")
    median, lowest = figure("commands in flight").split()[-2:]
    assert median.rstrip(",").isdigit() and lowest.isdigit()
    refresh, _, settled, _, seconds, idle_bytes, *_ = figure("    2 s").split()
    assert (refresh, seconds) == ("2", "1") and settled != "never"
    assert idle_bytes.isdigit()
    assert figure("polls  < 1 min").split()[4] == "6"  # one of each kind ended
