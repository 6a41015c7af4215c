"""The simulator as a process of its own, and what ``/proc`` says of a process.

Shared by the benchmarks that run kamatui as a real program against
``kamatui-sim`` on 127.0.0.1 (``launch_bench.py``, ``load_bench.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = REPO / ".venv" / "bin"
SIM_SEED = 7
"""The seed ``kamatui --demo`` uses, so every launch shows the same names."""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

BYTECODE_CACHING = {"PYTHONDONTWRITEBYTECODE": ""}
"""Apps may cache bytecode, as on a user's machine: this workplace sets
PYTHONDONTWRITEBYTECODE, which would make every launch recompile every
module, weighing on kamatui's dozens of modules and not on a one-file app."""


@dataclass(frozen=True)
class SimAccount:
    """A running ``kamatui-sim`` and what the apps need to reach it."""

    url: str
    client_id: str
    secret: str
    first_name: str
    """The server that sorts first by name: the top row of the list."""
    count: int
    pid: int = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"AuthClientId": self.client_id, "AuthSecret": self.secret}


@contextlib.contextmanager
def running_simulator(
    servers: int | None, *, speed: float | None = None, seed: int = SIM_SEED
) -> Iterator[SimAccount]:
    """Start ``kamatui-sim`` on a free loopback port; stop it on the way out."""
    command = [str(VENV_BIN / "kamatui-sim"), "--port", "0", "--seed", str(seed)]
    if servers is not None:
        command += ["--servers", str(servers)]
    if speed is not None:
        command += ["--speed", repr(speed)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        labels = read_labelled_lines(process, ("base URL", "client id", "secret"))
        url, client_id, secret = (
            labels[k] for k in ("base URL", "client id", "secret")
        )
        names = [s["name"] for s in fetch_servers(url, client_id, secret)]
        yield SimAccount(
            url,
            client_id,
            secret,
            min(names, key=str.lower),
            len(names),
            process.pid,
        )
    finally:
        stop_process(process)


def read_labelled_lines(process: subprocess.Popen, labels: tuple[str, ...]) -> dict:
    """Read ``label: value`` lines from the process until every label was seen."""
    found: dict[str, str] = {}
    while len(found) < len(labels):
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"kamatui-sim exited early (status {process.wait()})")
        label, _, value = line.strip().partition(": ")
        if label in labels:
            found[label] = value
    if not found["base URL"].startswith("http://127.0.0.1:"):
        raise RuntimeError(f"simulator is not on loopback: {found['base URL']}")
    return found


def fetch_servers(url: str, client_id: str, secret: str) -> list[dict]:
    """GET ``/servers`` directly (no proxy), to learn the names the apps will show."""
    headers = {"AuthClientId": client_id, "AuthSecret": secret}
    return http_json(f"{url}/servers", headers=headers)


def http_json(
    url: str, *, method: str = "GET", headers: dict | None = None, body=None
) -> object:
    """One request straight to the simulator (never through a proxy), as JSON."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        return json.load(response)


def request_counts(account: SimAccount, paths_of: str | None = None) -> dict:
    """The simulator's ``/_sim/requests`` counts; these requests are not logged."""
    url = account.url.removesuffix("/service") + "/_sim/requests"
    if paths_of is not None:
        url += "?" + urllib.parse.urlencode({"paths": paths_of})
    return http_json(url)


def advance_clock(account: SimAccount, seconds: float) -> None:
    root = account.url.removesuffix("/service")
    http_json(f"{root}/_sim/clock/advance", method="POST", body={"seconds": seconds})


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system time the process has used so far (utime + stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def is_running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        # The process ended between opening its stat file and reading it.
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until_gone(pid: int, timeout: float = 5.0, poll: float = 0.01) -> None:
    """Let a closed app exit, so it takes no CPU from what comes next."""
    deadline = time.monotonic() + timeout
    while is_running(pid):
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            return
        time.sleep(poll)


def stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt, so the clean-up code runs for it too."""

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
