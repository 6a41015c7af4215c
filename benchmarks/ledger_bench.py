"""Time appending to the action ledger and reading a long one back.

Run from the repository root:

    .venv/bin/python benchmarks/ledger_bench.py [--runs 5] [--actions 1000 10000 50000]

Every figure is a median over the runs. An append opens the file, checks its
last byte, writes one line and closes it again, as the app does for every
change it sends. A read parses the whole file (or its newest
``MAX_READ_BYTES``) and joins each action with its outcome, as the ledger
screen does when it opens. Files live in a temporary directory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kamatui.ledger import (  # noqa: E402
    MAX_READ_BYTES,
    Attempt,
    Ledger,
    ledger_file,
)

ATTEMPT = Attempt(
    "Rename",
    "4a1f2b24-778a-43bf-a051-74286381014c",
    "api-01.shop-prod",
    {"name": "api-02.shop-prod"},
)
APPENDS = 200


def fill(path: Path, actions: int) -> None:
    """``actions`` actions, each with an outcome line, as a session leaves them."""
    ledger = Ledger(None, "bench")
    for command_id in range(actions):
        ledger.record(ATTEMPT, command_id=command_id)
        ledger.record_outcome(command_id, "complete")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(ledger._memory))


def append_ms(path: Path) -> float:
    """Median milliseconds for one action line appended to an existing file."""
    ledger = Ledger(path, "bench")
    samples = []
    for command_id in range(APPENDS):
        start = time.perf_counter()
        ledger.record(ATTEMPT, command_id=command_id)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def read_ms(path: Path, runs: int) -> tuple[float, float, int]:
    """Median milliseconds to read, peak MiB while reading, actions shown."""
    ledger = Ledger(path, "bench")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        reading = ledger.read()
        samples.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    ledger.read()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(samples), peak, len(reading.actions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--actions", type=int, nargs="+", default=[1_000, 10_000, 50_000]
    )
    args = parser.parse_args()

    print(f"read limit: {MAX_READ_BYTES / 2**20:.0f} MiB; medians of {args.runs}")
    print(f"{'actions':>8} {'file MiB':>9} {'read ms':>8} {'peak MiB':>9}"
          f" {'shown':>7} {'append ms':>10}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.actions:
            path = ledger_file(Path(tmp) / str(count))
            fill(path, count)
            size = path.stat().st_size / 2**20
            read, peak, shown = read_ms(path, args.runs)
            append = append_ms(path)
            print(f"{count:>8} {size:>9.1f} {read:>8.1f} {peak:>9.1f}"
                  f" {shown:>7} {append:>10.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
