"""Time VirtualTable against Textual's DataTable, headless.

Run from the repository root:

    .venv/bin/python benchmarks/virtual_table_bench.py [--runs 5] [--rows 5000 10000]

Every figure is the median over the runs, in milliseconds, and includes waiting
until the app is idle again (so DataTable's cell measuring is counted). Rows have
six columns, as on the server list.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NamedTuple

from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kamatui.ui.widgets.virtual_table import Column, Row, VirtualTable  # noqa: E402

COLUMNS = (
    Column("name", "Name"),
    Column("state", "State", width=7),
    Column("dc", "Datacenter", width=10),
    Column("cpu", "CPU", width=5, align="right"),
    Column("ram", "RAM", width=7, align="right"),
    Column("ip", "IP", width=15),
)
CURSOR_MOVES = 20

Cells = tuple[Text | str, ...]


class Sample(NamedTuple):
    """One measurement, in milliseconds."""

    call: float
    """Wall time of the call itself."""
    busy: float
    """CPU time from the call until the app is idle again."""


def make_cells(count: int, version: int = 0, changed_every: int = 0) -> list[Cells]:
    """Cell values for `count` servers; every `changed_every`-th row gets `version`."""
    cells = []
    for i in range(count):
        tag = version if changed_every and i % changed_every == 0 else 0
        state = Text("on", style="green") if (i + tag) % 3 else Text("off", "red")
        cells.append(
            (f"server-{i}-v{tag}", state, f"EU-{i % 7}", str(i % 8 + 1), "4096",
             f"10.0.{i // 256 % 256}.{i % 256}")
        )  # fmt: skip
    return cells


def as_rows(cells: list[Cells]) -> list[Row]:
    return [Row(f"k{i}", row) for i, row in enumerate(cells)]


class BenchApp(App[None]):
    """An empty screen to mount tables on."""

    def compose(self) -> ComposeResult:
        yield Static("bench")


async def timed(
    pilot: Pilot[None], action: Callable[..., object], *args: object
) -> Sample:
    """Time `action(*args)` alone, then the CPU used until the app is idle again.

    CPU time (not wall time) leaves out the idle-detection sleeps of `pause()`,
    and it counts the work the app does after the call, such as measuring cells.
    """
    cpu_start = time.process_time()
    start = time.perf_counter()
    result = action(*args)
    if isinstance(result, Awaitable):
        await result
    call_ms = (time.perf_counter() - start) * 1000
    await pilot.pause()
    return Sample(call_ms, (time.process_time() - cpu_start) * 1000)


async def mount_virtual(app: App[None]) -> VirtualTable:
    table = VirtualTable(COLUMNS)
    await app.mount(table)
    table.focus()
    return table


async def mount_datatable(app: App[None]) -> DataTable[Text | str]:
    table: DataTable[Text | str] = DataTable()
    await app.mount(table)
    for column in COLUMNS:
        table.add_column(column.label, key=column.key, width=column.width)
    table.focus()
    return table


def add_rows(table: DataTable[Text | str], rows: list[Cells]) -> None:
    """DataTable's usual load: one `add_row` per row, keyed for later updates."""
    for index, row in enumerate(rows):
        table.add_row(*row, key=f"k{index}")


def rebuild(table: DataTable[Text | str], rows: list[Cells]) -> None:
    """DataTable's usual refresh: clear, then add every row again."""
    table.clear()
    add_rows(table, rows)


def update_changed(table: DataTable[Text | str], rows: list[Cells], step: int) -> None:
    """DataTable's cheapest refresh: the caller knows which rows changed."""
    for index in range(0, len(rows), step):
        for column, value in zip(COLUMNS, rows[index], strict=True):
            table.update_cell(f"k{index}", column.key, value)


async def cursor_samples(pilot: Pilot[None]) -> list[Sample]:
    """One `j` press at a time, starting away from both ends of the table."""
    await pilot.press("G", *["k"] * 50)
    return [await timed(pilot, pilot.press, "j") for _ in range(CURSOR_MOVES)]


async def bench_virtual(count: int, runs: int) -> dict[str, Sample]:
    """Median timings for VirtualTable with `count` rows."""
    samples: dict[str, list[Sample]] = {}
    async with BenchApp().run_test(size=(120, 40)) as pilot:
        for run in range(runs):
            table = await mount_virtual(pilot.app)
            first = as_rows(make_cells(count, version=run))
            same = as_rows(make_cells(count, version=run))
            changed = as_rows(make_cells(count, version=run + 1, changed_every=100))

            record(samples, "first", await timed(pilot, table.set_rows, first))
            record(samples, "same", await timed(pilot, table.set_rows, same))
            sample = await timed(pilot, table.set_rows, changed)
            record(samples, "changed", sample)
            record(samples, "changed_alt", sample)
            samples.setdefault("cursor", []).extend(await cursor_samples(pilot))
            await table.remove()
    return medians(samples)


async def bench_datatable(count: int, runs: int) -> dict[str, Sample]:
    """Median timings for DataTable doing the same jobs the usual way."""
    samples: dict[str, list[Sample]] = {}
    async with BenchApp().run_test(size=(120, 40)) as pilot:
        for run in range(runs):
            table = await mount_datatable(pilot.app)
            first = make_cells(count, version=run)
            same = make_cells(count, version=run)
            changed = make_cells(count, version=run + 1, changed_every=100)
            again = make_cells(count, version=run + 2, changed_every=100)

            record(samples, "first", await timed(pilot, add_rows, table, first))
            record(samples, "same", await timed(pilot, rebuild, table, same))
            record(samples, "changed", await timed(pilot, rebuild, table, changed))
            sample = await timed(pilot, update_changed, table, again, 100)
            record(samples, "changed_alt", sample)
            samples.setdefault("cursor", []).extend(await cursor_samples(pilot))
            await table.remove()
    return medians(samples)


def record(samples: dict[str, list[Sample]], name: str, sample: Sample) -> None:
    samples.setdefault(name, []).append(sample)


def medians(samples: dict[str, list[Sample]]) -> dict[str, Sample]:
    return {
        name: Sample(
            statistics.median(sample.call for sample in values),
            statistics.median(sample.busy for sample in values),
        )
        for name, values in samples.items()
    }


LABELS = {
    "first": "first load",
    "same": "refresh, nothing changed",
    "changed": "refresh, 1% changed",
    "changed_alt": "refresh, 1% changed, DT by update_cell",
    "cursor": "cursor down (one j press)",
}
"""DataTable refreshes by clear() and add_row unless the label says otherwise."""


def print_table(
    count: int, virtual: dict[str, Sample], data: dict[str, Sample]
) -> None:
    print(f"\n{count:,} rows, medians in ms (call = the call alone; busy = CPU")
    print("until the app is idle again, which includes rendering and measuring)")
    header = f"{'':40} {'VT call':>8} {'VT busy':>8} {'DT call':>8} {'DT busy':>8}"
    print(f"{header} {'busy DT/VT':>10}")
    for name, label in LABELS.items():
        ours, theirs = virtual[name], data[name]
        ratio = theirs.busy / ours.busy if ours.busy else float("inf")
        print(
            f"{label:40} {ours.call:8.2f} {ours.busy:8.2f} "
            f"{theirs.call:8.2f} {theirs.busy:8.2f} {ratio:9.1f}x"
        )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 10_000])
    args = parser.parse_args()

    for count in args.rows:
        virtual = await bench_virtual(count, args.runs)
        data = await bench_datatable(count, args.runs)
        print_table(count, virtual, data)


if __name__ == "__main__":
    asyncio.run(main())
