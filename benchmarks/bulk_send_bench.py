"""How long a bulk power change takes to send, by how many requests run at once.

Run from the repository root (about twenty seconds with the defaults):

    .venv/bin/python benchmarks/bulk_send_bench.py [--runs 5] [--servers 20]
        [--latency 0.1] [--parallel 1 3 6]

Each run serves a fresh simulator on 127.0.0.1 whose power endpoint answers
after ``--latency`` seconds (a far-away API), marks every server and sends
them all a power-off through ``kamatui.ui.bulk.send_all``, the code the
confirmation hands over to. It prints the median seconds per parallelism,
its ratio to sending one at a time, and checks that each server got exactly
one request.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kamatui.api import Credentials, KamateraClient  # noqa: E402
from kamatui.sim import SimClock, Simulator, serve_in_thread  # noqa: E402
from kamatui.ui.bulk import plan_for, send_all  # noqa: E402
from kamatui.ui.operations import BY_ID  # noqa: E402
from kamatui.ui.target import Target  # noqa: E402


def headless_app(client: KamateraClient) -> SimpleNamespace:
    """Just what ``send_all`` touches: the client, and a task book to add to."""
    tracked: list = []
    return SimpleNamespace(
        session=SimpleNamespace(client=client),
        follower=SimpleNamespace(track=tracked.append),
        tracked=tracked,
        notify=lambda *args, **kwargs: None,
    )


async def one_run(servers: int, latency: float, parallel: int) -> float:
    sim = Simulator(seed=1, servers=servers, clock=SimClock(frozen=True))
    sim.faults.set("PUT /service/server/*/power", "latency", delay=latency)
    with serve_in_thread(sim) as url:
        key = Credentials(sim.client_id, sim.secret)
        async with KamateraClient(key, base_url=url) as client:
            listed = await client.list_servers()
            plan = plan_for(BY_ID["power_off"], [Target.of(s) for s in listed])
            app = headless_app(client)

            start = time.perf_counter()
            outcomes = await send_all(app, None, plan, parallel=parallel)
            elapsed = time.perf_counter() - start

    puts = [e.path for e in sim.request_log if e.method == "PUT"]
    if len(puts) != len(set(puts)) or len(puts) != len(plan.send):
        raise SystemExit(f"expected one request per server, got {len(puts)}")
    if any(outcome.failure for outcome in outcomes):
        raise SystemExit("a request failed; the figures would mean nothing")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--servers", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--parallel", type=int, nargs="+", default=[1, 3, 6])
    args = parser.parse_args()

    medians = {}
    for parallel in args.parallel:
        times = [
            asyncio.run(one_run(args.servers, args.latency, parallel))
            for _ in range(args.runs)
        ]
        medians[parallel] = statistics.median(times)

    base = medians[args.parallel[0]]
    print(
        f"{args.servers} servers, {args.latency * 1000:.0f} ms per answer, "
        f"median of {args.runs} runs"
    )
    print(f"{'at once':>8} {'seconds':>8} {'ratio':>6}")
    for parallel, seconds in medians.items():
        print(f"{parallel:>8} {seconds:>8.2f} {seconds / base:>6.2f}")


if __name__ == "__main__":
    main()
