"""How long the task panel takes to redraw as a long session's tasks pile up.

Every poll answer (up to dozens a second with a hundred commands in flight)
redraws it, so its cost per task multiplies. Prints the median of 50 redraws
for books of 10, 100 and 1,000 tasks, all but ten of them ended.

    .venv/bin/python benchmarks/task_panel_bench.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("KAMATUI_HOME", tempfile.mkdtemp(prefix="kamatui-bench-"))

from textual.app import App  # noqa: E402

from kamatui.tasks import Task, TaskBook  # noqa: E402
from kamatui.ui.widgets.task_panel import TaskPanel  # noqa: E402

SIZES = (10, 100, 1000)
RUNNING = 10
REDRAWS = 50


class PanelApp(App):
    def compose(self):
        yield TaskPanel()


def book_of(size: int) -> TaskBook:
    book = TaskBook()
    started = time.time() - 60
    for number in range(size):
        status = "progress" if number >= size - RUNNING else "complete"
        book.add(Task(number, "s", f"srv-{number}", "Restart", started, status=status))
    return book


async def redraw_ms(size: int) -> float:
    book = book_of(size)
    async with PanelApp().run_test() as pilot:
        panel = pilot.app.query_one(TaskPanel)
        panel.show_book(book, True)
        times = []
        for _ in range(REDRAWS):
            started = time.perf_counter()
            panel.show_book(book, True)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    print(f"{'tasks':>6}  {'median redraw':>14}")
    for size in SIZES:
        print(f"{size:>6}  {asyncio.run(redraw_ms(size)):>11.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
