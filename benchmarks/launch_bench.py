"""kamatui's launch time, memory and filter latency, against the simulator.

Run from the repository root (about half a minute with the defaults on two cores):

    .venv/bin/python benchmarks/launch_bench.py [--runs 7] [--servers 5000]
        [--skip-launch] [--skip-large] [--skip-demo] [--skip-keys] [--floor-all-rows]

What it measures, against ``kamatui-sim`` on 127.0.0.1 (one simulator process per
account size, shared by both apps):

1. Launch to data: seconds from just before a process is started in a private tmux
   server (80x24) until a known server name, the first by name, is on the screen,
   read with ``tmux capture-pane`` every 10 ms. kamatui and a "floor" (a bare Textual
   app in this file: one worker, one httpx GET of ``/servers``, a DataTable) are
   started alternately, for the demo-sized account and for a large one.
   Targets: kamatui within 1.2x of the floor at demo size, within 1.5x at 5,000.
2. kamatui's resident memory (VmRSS) at 5,000 servers when the list shows.
   Target: under 150 MB.
3. Filter keystrokes at 5,000 servers, headless and in-process (the app on an
   ``httpx.ASGITransport`` to a frozen-clock ``Simulator``): ``/``, then a server
   name typed one key at a time, each key sent once the app is idle again.
   Target: p95 of key to screen under 30 ms.
4. ``kamatui --demo`` launch to data, the same way as 1.

The floor shows only the rows that fit in the window: a DataTable holding all 5,000
rows spends most of a second measuring cells, a cost of DataTable rather than of the
task, and would flatter kamatui. ``--floor-all-rows`` makes it add every row.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from processes import (
    BYTECODE_CACHING,
    SIM_SEED,
    VENV_BIN,
    SimAccount,
    resident_mb,
    running_simulator,
    stop_on_sigterm,
    wait_until_gone,
)

if TYPE_CHECKING:
    from textual.app import App

TERMINAL_SIZE = (80, 24)
POLL_SECONDS = 0.01
EXIT_CHECK_EVERY = 25
"""Polls between checks that the app is still running."""
LAUNCH_TIMEOUT = 30.0

DEMO_RATIO_TARGET = 1.2
LARGE_RATIO_TARGET = 1.5
RSS_TARGET_MB = 150.0
KEY_P95_TARGET_MS = 30.0

FLOOR_URL_ENV = "KAMATUI_BENCH_URL"
FLOOR_ALL_ROWS_ENV = "KAMATUI_BENCH_ALL_ROWS"
CLIENT_ID_ENV = "KAMATERA_API_CLIENT_ID"
SECRET_ENV = "KAMATERA_API_SECRET"


# The floor app. It runs in its own process, started by `floor_command()`, and
# imports Textual and httpx only there so the floor pays for them as kamatui does.


def floor_main() -> int:
    """Fetch ``/servers`` once and show the servers by name in a DataTable."""
    import httpx
    from rich.text import Text
    from textual import work
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class FloorApp(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns("Name", "DC", "Power")
            self._load()

        @work(exit_on_error=False)
        async def _load(self) -> None:
            headers = {
                "AuthClientId": os.environ[CLIENT_ID_ENV],
                "AuthSecret": os.environ[SECRET_ENV],
            }
            async with httpx.AsyncClient(
                base_url=os.environ[FLOOR_URL_ENV] + "/",
                headers=headers,
                timeout=10,
                trust_env=False,
            ) as client:
                response = await client.get("servers")
            response.raise_for_status()
            servers = sorted(response.json(), key=lambda s: s["name"].lower())
            if not os.environ.get(FLOOR_ALL_ROWS_ENV):
                del servers[self.size.height :]
            self.query_one(DataTable).add_rows(
                (Text(s["name"]), s["datacenter"], s["power"]) for s in servers
            )

    FloorApp().run()
    return 0


def floor_command() -> list[str]:
    """Run `floor_main` through an import, so its bytecode is cached like kamatui's."""
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "import launch_bench; sys.exit(launch_bench.floor_main())"
    )
    return [str(VENV_BIN / "python"), "-c", code]


# A private tmux server standing in for the user's terminal.


class Tmux:
    """A tmux server on its own socket; each app runs in a session of its own.

    A keep-alive session holds the server up between launches, so starting the
    server is never part of a measurement.
    """

    def __init__(self, home: Path) -> None:
        self.socket = f"kamatui-bench-{os.getpid()}"
        self._env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
        }
        self._started = False
        self._socket_path = ""

    def start(self) -> None:
        width, height = TERMINAL_SIZE
        self._started = True  # first, so an interrupt during start still stops it
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "keepalive",
                   "-x", str(width), "-y", str(height), "sleep 86400")  # fmt: skip
        self._socket_path = self._tmux("display-message", "-p", "#{socket_path}")
        self._tmux("set-option", "-g", "default-terminal", "tmux-256color")
        # A pane whose app crashed stays open, so its traceback can be shown.
        self._tmux("set-option", "-g", "remain-on-exit", "on")

    def stop(self) -> None:
        """Kill the server and everything in it; tmux leaves its socket file behind."""
        if self._started:
            self._tmux("kill-server", check=False)
            self._started = False
        if self._socket_path.strip():
            Path(self._socket_path.strip()).unlink(missing_ok=True)

    def launch(self, session: str, command: list[str], env: dict[str, str]) -> int:
        """Start ``command`` in a new session; return the pane's process id."""
        width, height = TERMINAL_SIZE
        env_args = [
            arg for key, value in env.items() for arg in ("-e", f"{key}={value}")
        ]
        output = self._tmux(
            "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height),
            "-P", "-F", "#{pane_pid}", *env_args, "--", *command,
        )  # fmt: skip
        return int(output.strip())

    def screen(self, session: str) -> str:
        return self._tmux("capture-pane", "-p", "-t", session, check=False)

    def has_exited(self, session: str) -> bool:
        status = self._tmux("display-message", "-p", "-t", session, "#{pane_dead}")
        return status.strip() == "1"

    def close(self, session: str) -> None:
        self._tmux("kill-session", "-t", session, check=False)

    def _tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self._env,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result.stdout


@dataclass(frozen=True)
class Launch:
    """One launch, in seconds from just before the process was started."""

    first_frame: float
    data: float
    rss_mb: float


def time_launch(
    tmux: Tmux, command: list[str], env: dict[str, str], marker: str
) -> Launch:
    """Start ``command``, wait for ``marker`` on screen, then close the session."""
    session = f"run-{time.monotonic_ns()}"
    start = time.perf_counter()
    pane_pid = tmux.launch(session, command, env)
    try:
        first_frame, data = wait_for_screen(tmux, session, marker, start)
        rss_mb = resident_mb(app_pid(pane_pid))
    finally:
        tmux.close(session)
        wait_until_gone(pane_pid)
    return Launch(first_frame, data, rss_mb)


def wait_for_screen(
    tmux: Tmux, session: str, marker: str, start: float
) -> tuple[float, float]:
    """Seconds until anything shows, and until ``marker`` shows."""
    first_frame = None
    deadline = start + LAUNCH_TIMEOUT
    for poll in itertools.count():
        text = tmux.screen(session)
        now = time.perf_counter()
        if first_frame is None and text.strip():
            first_frame = now - start
        if marker in text:
            return first_frame, now - start
        if now > deadline or (
            poll % EXIT_CHECK_EVERY == 0 and tmux.has_exited(session)
        ):
            break
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"{marker!r} never showed; the screen was:\n{text}")


def app_pid(pane_pid: int) -> int:
    """The process at the bottom of the pane (tmux may start a shell first)."""
    pid = pane_pid
    while children := Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        pid = int(children[0])
    return pid


# Launch comparisons.


def kamatui_command(account: SimAccount) -> list[str]:
    return [str(VENV_BIN / "kamatui"), "--api-url", account.url]


def app_env(account: SimAccount, home: Path) -> dict[str, str]:
    return {
        **BYTECODE_CACHING,
        "KAMATUI_HOME": str(home),
        CLIENT_ID_ENV: account.client_id,
        SECRET_ENV: account.secret,
        FLOOR_URL_ENV: account.url,
    }


def compare_launches(
    tmux: Tmux, account: SimAccount, runs: int, home: Path, all_rows: bool
) -> tuple[list[Launch], list[Launch]]:
    """kamatui and the floor, alternately, after one untimed warm-up of each."""
    env = app_env(account, home)
    if all_rows:
        env[FLOOR_ALL_ROWS_ENV] = "1"
    apps = (kamatui_command(account), floor_command())
    for command in apps:
        time_launch(tmux, command, env, account.first_name)

    kamatui, floor = [], []
    for _ in range(runs):
        kamatui.append(time_launch(tmux, apps[0], env, account.first_name))
        floor.append(time_launch(tmux, apps[1], env, account.first_name))
    return kamatui, floor


def demo_launches(tmux: Tmux, runs: int, home: Path) -> list[Launch]:
    from kamatui.sim import SimClock, Simulator

    simulator = Simulator(seed=SIM_SEED, clock=SimClock(frozen=True))
    marker = min((s.name for s in simulator.account.listed()), key=str.lower)
    command = [str(VENV_BIN / "kamatui"), "--demo"]
    env = {**BYTECODE_CACHING, "KAMATUI_HOME": str(home)}
    time_launch(tmux, command, env, marker)
    return [time_launch(tmux, command, env, marker) for _ in range(runs)]


# Filter keystrokes, headless and in-process.


@dataclass
class KeyProbe:
    """Timestamps taken inside the app while one key is handled.

    ``ServersScreen._show_rows`` (filter, sort, hand the rows to the table) and
    ``App._display`` (a composed frame; the benchmark also encodes it to escape
    codes, which the headless driver skips) are wrapped on the instances.
    """

    filter_calls: list[tuple[float, float, str]] = field(default_factory=list)
    frames: list[float] = field(default_factory=list)

    def install(self, app, screen) -> None:
        show_rows, display = screen._show_rows, app._display

        def timed_show_rows() -> None:
            started = time.perf_counter()
            show_rows()
            self.filter_calls.append((started, time.perf_counter(), screen._query))

        def timed_display(target, renderable) -> None:
            display(target, renderable)
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
                self.frames.append(time.perf_counter())

        screen._show_rows = timed_show_rows
        app._display = timed_display

    def reset(self) -> None:
        self.filter_calls.clear()
        self.frames.clear()


@dataclass(frozen=True)
class KeyTiming:
    to_screen_ms: float
    """From sending the key until the screen shows its result: the first frame
    composed after the filter ran, or the filter's end if the table did not change
    (the frame that echoed the key was then the last one needed)."""
    filter_ms: float
    """The filter handler's own `_show_rows` call, synchronous."""
    detail_ms: float
    """Other `_show_rows` calls before the next key (details that arrived)."""
    detail_calls: int


def build_app(servers: int) -> tuple[App, str]:
    """The app on an in-process simulator, and the longest server name to type."""
    import httpx

    from kamatui.api import Credentials, KamateraClient, RetryPolicy
    from kamatui.config import Config
    from kamatui.paths import resolve_paths
    from kamatui.session import Session
    from kamatui.sim import SimClock, Simulator
    from kamatui.ui.app import KamatuiApp

    simulator = Simulator(seed=SIM_SEED, servers=servers, clock=SimClock(frozen=True))
    client = KamateraClient(
        Credentials(simulator.client_id, simulator.secret),
        base_url="http://localhost/service",
        transport=httpx.ASGITransport(app=simulator.app),
        retry=RetryPolicy(attempts=2, first_wait=0, max_wait=0, jitter=0),
    )
    app = KamatuiApp(
        paths=resolve_paths(),
        config=Config(refresh_seconds=3600),
        session=Session("bench", client),
    )
    names = [s.name for s in simulator.account.listed()]
    return app, max(names, key=len)


async def time_keystrokes(servers: int) -> tuple[str, list[KeyTiming]]:
    """Type the longest server name into the filter; time each key."""
    from kamatui.ui.screens.servers import ServersScreen
    from kamatui.ui.widgets.virtual_table import VirtualTable

    app, query = build_app(servers)
    timings = []
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        while not (
            isinstance(app.screen, ServersScreen)
            and app.screen.query_one(VirtualTable).row_count == servers
        ):
            await pilot.pause(POLL_SECONDS)
        await pilot.pause(0.5)  # let the first screenful's details arrive

        probe = KeyProbe()
        probe.install(app, app.screen)
        await pilot.press("slash")
        await pilot.pause()
        for typed in (query[: i + 1] for i in range(len(query))):
            probe.reset()
            sent = time.perf_counter()
            await pilot.press(typed[-1])
            await pilot.pause()
            timings.append(key_timing(probe, sent, typed))
    return query, timings


def key_timing(probe: KeyProbe, sent: float, typed: str) -> KeyTiming:
    ours = [call for call in probe.filter_calls if call[2] == typed]
    if not ours:
        raise RuntimeError(f"the filter never ran for {typed!r}")
    started, ended, _ = ours[0]
    shown = next((frame for frame in probe.frames if frame > ended), ended)
    others = [end - start for start, end, _ in probe.filter_calls[1:]]
    return KeyTiming(
        to_screen_ms=(shown - sent) * 1000,
        filter_ms=(ended - started) * 1000,
        detail_ms=sum(others) * 1000,
        detail_calls=len(others),
    )


# Reporting.


@dataclass(frozen=True)
class Figure:
    metric: str
    median: str
    p95: str = ""
    target: str = ""
    passed: bool | None = None


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def launch_figures(
    label: str, kamatui: list[Launch], floor: list[Launch], ratio_target: float
) -> list[Figure]:
    ratio = median_of(kamatui, "data") / median_of(floor, "data")
    return [
        launch_figure(f"{label}: kamatui first frame", kamatui, "first_frame"),
        launch_figure(f"{label}: floor first frame", floor, "first_frame"),
        launch_figure(f"{label}: kamatui launch to data", kamatui, "data"),
        launch_figure(f"{label}: floor launch to data", floor, "data"),
        Figure(
            f"{label}: ratio kamatui/floor (medians)",
            f"{ratio:.2f}x",
            target=f"<= {ratio_target}x",
            passed=ratio <= ratio_target,
        ),
    ]


def launch_figure(metric: str, launches: list[Launch], attribute: str) -> Figure:
    values = [getattr(launch, attribute) for launch in launches]
    return Figure(metric, f"{statistics.median(values):.3f} s", f"{p95(values):.3f} s")


def median_of(launches: list[Launch], attribute: str) -> float:
    return statistics.median(getattr(launch, attribute) for launch in launches)


def rss_figures(
    servers: int, kamatui: list[Launch], floor: list[Launch]
) -> list[Figure]:
    worst = max(launch.rss_mb for launch in kamatui)
    return [
        Figure(
            f"{servers} servers: kamatui RSS at data (max {worst:.1f} MB)",
            f"{statistics.median(x.rss_mb for x in kamatui):.1f} MB",
            target=f"< {RSS_TARGET_MB:.0f} MB (max)",
            passed=worst < RSS_TARGET_MB,
        ),
        Figure(
            f"{servers} servers: floor RSS at data",
            f"{statistics.median(x.rss_mb for x in floor):.1f} MB",
        ),
    ]


def key_figures(servers: int, timings: list[KeyTiming]) -> list[Figure]:
    label = f"{servers} servers, {len(timings)} keys"
    quiet = [t.to_screen_ms for t in timings if not t.detail_calls]
    calls = sum(t.detail_calls for t in timings)
    figures = [
        timing_figure(
            f"{label}: filter key to screen",
            [t.to_screen_ms for t in timings],
            KEY_P95_TARGET_MS,
        ),
        timing_figure(f"{label}: filter handler alone", [t.filter_ms for t in timings]),
        timing_figure(
            f"{label}: re-filters for details ({calls} in all)",
            [t.detail_ms for t in timings],
        ),
    ]
    if quiet:
        figures.append(
            timing_figure(f"  key to screen, {len(quiet)} keys without details", quiet)
        )
    return figures


def timing_figure(metric: str, values: list[float], target: float = 0) -> Figure:
    """Median and p95 in milliseconds; pass/fail on the p95 when there is a target."""
    worst = p95(values)
    return Figure(
        metric,
        f"{statistics.median(values):.1f} ms",
        f"{worst:.1f} ms",
        f"p95 < {target:.0f} ms" if target else "",
        worst < target if target else None,
    )


def print_table(figures: list[Figure]) -> None:
    if not figures:
        print("nothing was measured: every part was skipped")
        return
    width = max(len(figure.metric) for figure in figures)
    print(f"\n{'metric':<{width}}  {'median':>10}  {'p95':>9}  {'target':<18} result")
    for f in figures:
        result = "" if f.passed is None else ("pass" if f.passed else "FAIL")
        print(
            f"{f.metric:<{width}}  {f.median:>10}  {f.p95:>9}  {f.target:<18} {result}"
        )


# Running it all.


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="launches of each app")
    parser.add_argument("--servers", type=int, default=5000, help="the large account")
    parser.add_argument(
        "--skip-launch", action="store_true", help="no kamatui/floor launches"
    )
    parser.add_argument(
        "--skip-large", action="store_true", help="launch at demo size only"
    )
    parser.add_argument("--skip-demo", action="store_true", help="no kamatui --demo")
    parser.add_argument("--skip-keys", action="store_true", help="no keystroke timing")
    parser.add_argument(
        "--floor-all-rows",
        action="store_true",
        help="the floor adds every row to its DataTable, not just a screenful",
    )
    return parser.parse_args(argv)


def run_launches(args: argparse.Namespace, home: Path) -> list[Figure]:
    """Every tmux-based measurement, in one private tmux server."""
    figures: list[Figure] = []
    if args.skip_launch and args.skip_demo:
        return figures
    tmux = Tmux(home)
    try:
        tmux.start()
        if not args.skip_launch:
            figures += compare_at_size(tmux, None, args, home)
        if not (args.skip_launch or args.skip_large):
            figures += compare_at_size(tmux, args.servers, args, home)
        if not args.skip_demo:
            print("launching kamatui --demo ...", flush=True)
            demo = demo_launches(tmux, args.runs, home)
            figures += [
                launch_figure("kamatui --demo: first frame", demo, "first_frame"),
                launch_figure("kamatui --demo: launch to data", demo, "data"),
            ]
    finally:
        tmux.stop()
    return figures


def compare_at_size(
    tmux: Tmux, servers: int | None, args: argparse.Namespace, home: Path
) -> list[Figure]:
    with running_simulator(servers) as account:
        label = f"{account.count} servers"
        print(f"launching kamatui and the floor, {label} ...", flush=True)
        kamatui, floor = compare_launches(
            tmux, account, args.runs, home, args.floor_all_rows
        )
    if servers is None:
        return launch_figures(label, kamatui, floor, DEMO_RATIO_TARGET)
    return launch_figures(label, kamatui, floor, LARGE_RATIO_TARGET) + rss_figures(
        account.count, kamatui, floor
    )


def run_keystrokes(args: argparse.Namespace) -> tuple[list[Figure], str]:
    import asyncio

    print(f"typing into the filter, {args.servers} servers ...", flush=True)
    query, timings = asyncio.run(time_keystrokes(args.servers))
    return key_figures(args.servers, timings), KEY_NOTES.format(query=query)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop_on_sigterm()
    home = Path(tempfile.mkdtemp(prefix="kamatui-bench-"))
    os.environ["KAMATUI_HOME"] = str(home)
    try:
        figures = run_launches(args, home)
        notes = [LAUNCH_NOTES.format(runs=args.runs)] if figures else []
        if not args.skip_keys:
            keys, key_notes = run_keystrokes(args)
            figures += keys
            notes.append(key_notes)
    except KeyboardInterrupt:
        print("interrupted; everything started was stopped", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(home, ignore_errors=True)

    print_table(figures)
    print("\n".join(notes))
    return 1 if any(figure.passed is False for figure in figures) else 0


LAUNCH_NOTES = """
Launches: {runs} runs of each, kamatui and the floor alternating, each timed from
just before `tmux new-session` (80x24) until the first server by name is on screen
(capture-pane every 10 ms); "first frame" is until anything is. p95 is by nearest
rank (with under 20 runs, the slowest run). RSS is the app process's VmRSS at the
moment the name showed."""

KEY_NOTES = """
Keystrokes: typed into the filter one key at a time: '{query}'.
Each key is sent once the app has gone idle after the last one (in-process and
headless; the simulator answers through ASGITransport in the same event loop).
"key to screen": from sending the key to the first frame composed, and encoded to
escape codes, after the filter ran (or to the filter's end if the table did not
change); it includes Textual's frame pacing (1/60 s) and any work queued before
that frame. "filter handler alone": ServersScreen._show_rows for that key.
"re-filters for details": the same method run again, before the next key, as the
details of newly visible servers arrived."""


if __name__ == "__main__":
    sys.exit(main())
