"""kamatui left running: a large account under load, an idle screen, queue polls.

Run from the repository root (about half an hour with the defaults):

    .venv/bin/python benchmarks/load_bench.py [--seconds 600] [--servers 5000]
        [--commands 100] [--idle-seconds 180] [--parts load idle polls]

kamatui runs as a real program in a pseudo-terminal of 80x24 (``pty_app``),
with its own KAMATUI_HOME and a config file naming a ``kamatui-sim`` on a
free loopback port; the benchmark reads every byte it writes. Requests are
counted by the simulator (``GET /_sim/requests``), CPU time and memory come
from ``/proc/<pid>``.

1. load: ``--servers`` servers refreshed live (every ``--refresh`` seconds)
   for ``--seconds``, with ``--commands`` commands in flight. Per minute:
   requests by route, kamatui's CPU share (utime + stime over wall time, of
   one core), the simulator's, kamatui's RSS and the bytes written.
   The commands are restarts of the first ``--commands`` servers, started
   through the keys as a user would (space marks, ``R``, the count typed),
   and a new batch goes as soon as the last one ended: a task file seeded
   before launch is read only at start, so it could not keep a hundred in
   flight for ten minutes. The simulator runs at ``--speed`` (by default so
   that a batch lasts 0.4 of the run: 240 s of ten minutes), which also
   stretches the simulator's 2 s in which the queue does not know a new
   command yet (to 20 s at speed 0.1).
2. idle: the same account, refresh every 2 s and every 5 s, no command and
   nothing changing. Once the first screen has been quiet for 2 s, the bytes
   written each minute for ``--idle-seconds``. Expected: 0.
3. polls: commands of six kinds (rename to clone) sent straight to the API
   and left in the app's task file before it starts, so their lengths span
   the three steps of ``kamatui.tasks.poll_interval``; the bulk keys only
   power servers, whose commands last about as long as each other. The
   simulator runs at ``--polls-speed`` (0.28: 32 s to 11 minutes), and the
   part lasts until the app has seen every command end.

Queue polls per command (``GET /service/queue/{id}``) are related to how long
the app followed the command, from its send until the app saw it end, for
the load part's restarts and the polls part's commands. Figures are noisy on
a shared machine: run it alone where possible.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from commands_in_flight import (
    QUEUE_POLL,
    BucketRow,
    Followed,
    LedgerWatch,
    RestartBatches,
    by_bucket,
    followed,
    power_on,
    seed_task_file,
)
from processes import (
    SimAccount,
    cpu_seconds,
    fetch_servers,
    request_counts,
    resident_mb,
    running_simulator,
    stop_on_sigterm,
)
from pty_app import PtyApp, write_config

from kamatui.sim import timings
from kamatui.sim.engine import START_DELAY

LOOP_SECONDS = 0.2
SAMPLE_SECONDS = 60.0
LAUNCH_TIMEOUT = 60.0
SETTLE_SECONDS = 2.0
SETTLE_TIMEOUT = 60.0
BATCH_SHARE = 0.4
"""The share of the load run one batch of restarts lasts, at the default speed."""
IDLE_REFRESHES = (2.0, 5.0)
POLLS_SPEED = 0.28
POLLS_SERVERS = 100
ROUTES = (
    ("list", "GET /service/servers"),
    ("details", "GET /service/server/{id}"),
    ("polls", QUEUE_POLL),
    ("power", "PUT /service/server/{id}/power"),
)


@contextlib.contextmanager
def temporary_home() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kamatui-load-") as home:
        yield Path(home)


@contextlib.contextmanager
def running_app(home: Path) -> Iterator[PtyApp]:
    app = PtyApp.kamatui(home)
    app.start()
    try:
        yield app
    finally:
        app.stop()


# What is measured, every minute.


@dataclass(frozen=True)
class Sample:
    at: float
    app_cpu: float
    sim_cpu: float
    rss_mb: float
    written: int
    requests: dict[str, int]
    in_flight: int = 0


def sample(app: PtyApp, account: SimAccount, in_flight: int = 0) -> Sample:
    return Sample(
        time.monotonic(),
        cpu_seconds(app.pid),
        cpu_seconds(account.pid),
        resident_mb(app.pid),
        app.written,
        request_counts(account)["by_route"],
        in_flight,
    )


@dataclass(frozen=True)
class Interval:
    """What happened between two samples, as rates per minute."""

    start: float
    end: float
    requests: dict[str, float]
    total: float
    app_cpu: float
    sim_cpu: float
    rss_mb: float
    written: float
    in_flight: int


def interval(first: Sample, then: Sample, origin: float) -> Interval:
    seconds = max(then.at - first.at, 1e-9)
    per_minute = 60 / seconds
    counts = {
        route: then.requests.get(route, 0) - first.requests.get(route, 0)
        for route in then.requests.keys() | first.requests.keys()
    }
    return Interval(
        first.at - origin,
        then.at - origin,
        {route: count * per_minute for route, count in counts.items()},
        sum(counts.values()) * per_minute,
        100 * (then.app_cpu - first.app_cpu) / seconds,
        100 * (then.sim_cpu - first.sim_cpu) / seconds,
        then.rss_mb,
        (then.written - first.written) * per_minute,
        then.in_flight,
    )


# 1. Load.


@dataclass
class LoadReport:
    servers: int
    commands: int
    speed: float
    refresh: float
    intervals: list[Interval]
    whole: Interval
    rss_shown: float
    rss_in_flight: float
    in_flight: list[int]
    batches: int
    commands_followed: list[Followed] = field(default_factory=list)


def run_load(args: argparse.Namespace) -> LoadReport:
    speed = args.speed or (START_DELAY + timings.RESTART) / (BATCH_SHARE * args.seconds)
    print(f"load: {args.servers} servers, {args.seconds:g} s ...", flush=True)
    with (
        running_simulator(args.servers, speed=speed) as account,
        temporary_home() as home,
    ):
        servers = fetch_servers(account.url, account.client_id, account.secret)
        servers.sort(key=lambda server: server["name"].lower())
        power_on(account, servers[: args.commands])
        write_config(home, account, args.refresh)
        ledger = LedgerWatch(home)
        with running_app(home) as app:
            app.wait_for(account.first_name.encode(), LAUNCH_TIMEOUT)
            report = _drive_load(app, account, ledger, args)
            polls = request_counts(account, QUEUE_POLL)["by_path"]
    report.speed = speed
    report.commands_followed = followed(ledger.sent, ledger.ended, polls)
    return report


def _drive_load(
    app: PtyApp, account: SimAccount, ledger: LedgerWatch, args: argparse.Namespace
) -> LoadReport:
    batches = RestartBatches(app, ledger, args.commands)
    samples = [sample(app, account)]
    start = samples[0].at
    end, next_sample = start + args.seconds, start + SAMPLE_SECONDS
    rss_in_flight, in_flight = 0.0, []
    while (now := time.monotonic()) < end:
        app.pump(min(LOOP_SECONDS, end - now))
        ledger.read()
        batches.step()
        if batches.first_in_flight is not None:
            in_flight.append(ledger.in_flight)
            rss_in_flight = rss_in_flight or resident_mb(app.pid)
        if now >= next_sample:
            samples.append(sample(app, account, ledger.in_flight))
            next_sample += SAMPLE_SECONDS
    samples.append(sample(app, account, ledger.in_flight))

    return LoadReport(
        args.servers,
        args.commands,
        0.0,
        args.refresh,
        [interval(a, b, start) for a, b in zip(samples, samples[1:], strict=False)],
        interval(samples[0], samples[-1], start),
        samples[0].rss_mb,
        rss_in_flight,
        in_flight,
        batches.batches,
    )


# 2. Idle.


@dataclass(frozen=True)
class IdleReport:
    refresh: float
    settled_after: float | None
    """Seconds from the list showing until 2 s went by without a byte."""
    seconds: float
    bytes_each_minute: list[int]
    whole: Interval
    first_bytes: bytes
    """The start of what was written while idle, to see what repainted."""


def run_idle(args: argparse.Namespace, refresh: float) -> IdleReport:
    print(f"idle: refresh every {refresh:g} s, {args.idle_seconds:g} s ...", flush=True)
    with running_simulator(args.servers) as account, temporary_home() as home:
        write_config(home, account, refresh)
        with running_app(home) as app:
            shown = app.wait_for(account.first_name.encode(), LAUNCH_TIMEOUT)
            settled = wait_until_quiet(app)
            before = sample(app, account)
            offset = before.written
            end = before.at + args.idle_seconds
            while (now := time.monotonic()) < end:
                app.pump(min(1.0, end - now))
            after = sample(app, account)
            first_bytes = app.output_since(offset)[:400]
    starts = range(0, int(args.idle_seconds), int(SAMPLE_SECONDS))
    minutes = [
        app.bytes_between(before.at + s, min(before.at + s + SAMPLE_SECONDS, end))
        for s in starts
    ]
    return IdleReport(
        refresh,
        None if settled is None else settled - shown,
        args.idle_seconds,
        minutes,
        interval(before, after, before.at),
        first_bytes,
    )


def wait_until_quiet(app: PtyApp) -> float | None:
    """Pump until nothing was written for ``SETTLE_SECONDS``; when, or None."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        last = app.writes[-1][0] if app.writes else 0.0
        if time.monotonic() - last >= SETTLE_SECONDS:
            return time.monotonic()
        app.pump(0.1)
    return None


# 3. Polls.


def run_polls(args: argparse.Namespace) -> list[Followed]:
    longest = (START_DELAY + timings.CLONE) / args.polls_speed
    print(f"polls: six kinds of command, up to {longest:.0f} s ...", flush=True)
    with (
        running_simulator(POLLS_SERVERS, speed=args.polls_speed) as account,
        temporary_home() as home,
    ):
        write_config(home, account, args.refresh)
        sent = seed_task_file(account, home, args.per_kind)
        ledger = LedgerWatch(home)
        deadline = time.monotonic() + 1.5 * longest + LAUNCH_TIMEOUT
        with running_app(home) as app:
            while sent.keys() - ledger.ended.keys():
                if time.monotonic() > deadline:
                    raise RuntimeError("the app never saw every command end")
                app.pump(LOOP_SECONDS)
                ledger.read()
            polls = request_counts(account, QUEUE_POLL)["by_path"]
    return followed(sent, ledger.ended, polls)


# Reporting.


def print_load(report: LoadReport) -> None:
    print(
        f"\nLoad: {report.servers} servers refreshed every {report.refresh:g} s, "
        f"{report.commands} restarts kept in flight ({report.batches} batches), "
        f"simulator speed {report.speed:.3g}"
    )
    names = [name for name, _ in ROUTES]
    print(
        f"{'minutes':<9} {'req/min':>8} "
        + " ".join(f"{name:>7}" for name in names)
        + f" {'other':>6} {'app CPU':>8} {'sim CPU':>8} {'RSS MB':>7}"
        f" {'bytes/min':>10} {'in flight':>9}"
    )
    for row in [*report.intervals, report.whole]:
        label = (
            "whole"
            if row is report.whole
            else f"{row.start / 60:.1f}-{row.end / 60:.1f}"
        )
        known = [row.requests.get(route, 0) for _, route in ROUTES]
        print(
            f"{label:<9} {row.total:>8.0f} "
            + " ".join(f"{count:>7.0f}" for count in known)
            + f" {max(0.0, row.total - sum(known)):>6.0f} {row.app_cpu:>7.1f}%"
            f" {row.sim_cpu:>7.1f}% {row.rss_mb:>7.1f} {row.written:>10.0f}"
            f" {row.in_flight:>9}"
        )

    whole_minutes = [r for r in report.intervals if r.end - r.start >= 59]
    per_minute = statistics.median(r.total for r in whole_minutes or [report.whole])
    drift = report.whole.rss_mb - report.rss_in_flight
    print_figures(
        [
            ("requests per minute (median of whole minutes)", f"{per_minute:.0f}"),
            (
                "kamatui CPU share, whole run (of one core)",
                f"{report.whole.app_cpu:.1f}%",
            ),
            ("kamatui RSS when the list showed", f"{report.rss_shown:.1f} MB"),
            (
                "kamatui RSS at start (first batch in flight)",
                f"{report.rss_in_flight:.1f} MB",
            ),
            ("kamatui RSS at end", f"{report.whole.rss_mb:.1f} MB"),
            ("kamatui RSS drift, start to end", f"{drift:+.1f} MB"),
            (
                "commands in flight (median, lowest)",
                f"{statistics.median(report.in_flight or [0]):.0f}, "
                f"{min(report.in_flight or [0])}",
            ),
        ]
    )


def print_idle(reports: list[IdleReport]) -> None:
    print("\nIdle: live refresh on, no command, nothing changing")
    print(
        f"{'refresh':<8} {'settled':>8} {'seconds':>8} {'idle bytes per minute':<24}"
        f" {'total':>6} {'req/min':>8} {'app CPU':>8} {'RSS MB':>7}"
    )
    for report in reports:
        settled = (
            "never" if report.settled_after is None else f"{report.settled_after:.1f} s"
        )
        each = " ".join(str(count) for count in report.bytes_each_minute)
        print(
            f"{report.refresh:>5g} s  {settled:>8} {report.seconds:>8.0f} {each:<24}"
            f" {sum(report.bytes_each_minute):>6} {report.whole.total:>8.0f}"
            f" {report.whole.app_cpu:>7.1f}% {report.whole.rss_mb:>7.1f}"
        )
    for report in reports:
        if report.first_bytes:
            print(f"  written at refresh {report.refresh:g} s: {report.first_bytes!r}")


def print_polls(parts: list[tuple[str, list[BucketRow]]]) -> None:
    print("\nQueue polls per command, by how long the app followed it")
    print(
        f"{'part':<6} {'followed':<9} {'commands':>8} {'median s':>9}"
        f" {'polls':>6} {'by back-off':>11} {'polls/min':>9}"
    )
    for part, rows in parts:
        for row in rows:
            print(
                f"{part:<6} {row.label:<9} {row.commands:>8} {row.seconds:>9.0f}"
                f" {row.polls:>6.0f} {row.back_off:>11.0f} {row.per_minute:>9.1f}"
            )
        if not rows:
            print(f"{part:<6} no command ended within the run")


def print_figures(figures: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in figures)
    for name, value in figures:
        print(f"{name:<{width}}  {value}")


NOTES = """
"req/min" counts every API request the simulator received; "list" is
GET /servers, "details" GET /server/{id}, "polls" GET /queue/{id}, "power" the
restarts sent. CPU shares are of one core, from utime + stime in /proc. RSS is
VmRSS at the end of each interval. "polls" in the last table is the median of
GET /queue/{id} per command; "by back-off" is what poll_interval alone asks
for in that time (2 s for a minute, then 5 s, then 15 s), one more for the
answer that shows the end. The app looks for due tasks once a second; a
task may go half a second early (kamatui.tasks.POLL_SLACK), so an answer
that lands just after a look does not cost a whole extra second."""


# Running it all.

PARTS = ("load", "idle", "polls")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600, help="the load run")
    parser.add_argument("--servers", type=int, default=5000)
    parser.add_argument("--commands", type=int, default=100, help="kept in flight")
    parser.add_argument(
        "--refresh", type=float, default=5, help="refresh_seconds, load and polls"
    )
    parser.add_argument(
        "--speed", type=float, help="the load run's simulator speed (default: fit)"
    )
    parser.add_argument(
        "--idle-seconds", type=float, default=180, help="per refresh setting"
    )
    parser.add_argument(
        "--idle-refresh",
        type=float,
        nargs="+",
        default=list(IDLE_REFRESHES),
        help="refresh_seconds of each idle run",
    )
    parser.add_argument("--polls-speed", type=float, default=POLLS_SPEED)
    parser.add_argument(
        "--per-kind", type=int, default=5, help="polls part: commands of each kind"
    )
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop_on_sigterm()
    load, idle, polls = None, [], None
    try:
        if "load" in args.parts:
            load = run_load(args)
        if "idle" in args.parts:
            idle = [run_idle(args, refresh) for refresh in args.idle_refresh]
        if "polls" in args.parts:
            polls = run_polls(args)
    except KeyboardInterrupt:
        print("interrupted; everything started was stopped", file=sys.stderr)
        return 130

    if load is not None:
        print_load(load)
    if idle:
        print_idle(idle)
    tables = []
    if load is not None:
        tables.append(("load", by_bucket(load.commands_followed)))
    if polls is not None:
        tables.append(("polls", by_bucket(polls)))
    if tables:
        print_polls(tables)
    print(NOTES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
