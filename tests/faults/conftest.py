"""The fault matrix's table, printed at the end of any run that ran its cells."""

from __future__ import annotations

from .matrix import RESULTS


def pytest_terminal_summary(terminalreporter) -> None:
    if not RESULTS.cells:
        return
    terminalreporter.section("fault matrix")
    for line in RESULTS.table():
        terminalreporter.write_line(line)
