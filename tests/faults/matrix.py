"""The matrix's rows, which cells do not apply and why, and the results table.

The modules ``reads`` and ``writes`` hold the cells; each row here names the
one that drives its call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from . import reads
from .modes import MODES
from .rig import Rig
from .writes import WRITES, create_cell, queue_search_cell, write_cell

PASS, FAIL, NOT_APPLICABLE = "pass", "FAIL", "n/a"

NO_COMMAND = "it makes no queued command, so there is no queue window"


@dataclass(frozen=True)
class Call:
    id: str
    label: str
    run: Callable[[Rig], Awaitable[None]]
    mutating: bool = False
    not_applicable: dict[str, str] = field(default_factory=dict)
    """Mode id: why the mode cannot happen to this call."""


def _read(id_: str, label: str, run, **not_applicable: str) -> Call:
    return Call(
        id_, label, run, not_applicable={"window": NO_COMMAND, **not_applicable}
    )


def _write(id_: str, label: str, **not_applicable: str) -> Call:
    return Call(id_, label, write_cell(WRITES[id_]), True, not_applicable)


CALLS = (
    _read("list", "server list", reads.list_cell),
    _read("info", "server info", reads.info_cell),
    _read("options", "options catalog", reads.options_cell),
    _read(
        "cpu_options",
        "cpu options",
        reads.choice_cell("c", "edge-proxy-asia", "cpu", "CPU options"),
    ),
    _read(
        "ram_options",
        "ram options",
        reads.choice_cell("m", "edge-proxy-sg", "ram", "RAM options"),
    ),
    _read(
        "disk_options",
        "disk options",
        reads.choice_cell("a", "win-build-01", "disk", "Disk options"),
    ),
    _read("snapshots", "snapshot list", reads.snapshots_cell),
    _read("hdlib", "disk library", reads.library_cell),
    Call("queue", "queue read", reads.queue_cell),
    Call("queue_search", "queue search", queue_search_cell),
    _read(
        "authenticate",
        "sign in (token)",
        reads.auth_cell,
        expired="a sign-in makes a new token, whatever expired before it",
    ),
    _write("power", "power"),
    _write("rename", "rename"),
    _write("password", "password"),
    _write("cpu", "cpu"),
    _write("ram", "ram"),
    _write("disk_add", "disk add"),
    _write("disk_resize", "disk resize"),
    _write("disk_remove", "disk remove"),
    _write("billing", "billing set", window=NO_COMMAND),
    _write("clone", "clone"),
    _write("terminate", "terminate"),
    Call("create", "create", create_cell, True),
    _write("snapshot_create", "snapshot create"),
    _write("snapshot_revert", "snapshot revert"),
    _write("snapshot_delete", "snapshot delete"),
    _write("hdlib_clone", "disk to image"),
)


@dataclass
class Results:
    """Each cell's outcome, filled in as the mode tests run."""

    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)

    def record(self, call: Call, mode_id: str, failure: str | None) -> None:
        self.cells[call.id, mode_id] = PASS if failure is None else FAIL
        if failure is not None:
            self.failures[call.id, mode_id] = failure

    def table(self) -> list[str]:
        """Rows of calls, columns of modes; the count of cells at the end."""
        width = max(len(call.label) for call in CALLS)
        heads = [mode.header.center(4) for mode in MODES]
        lines = [" " * width + " | " + " | ".join(heads)]
        lines.append("-" * len(lines[0]))
        for call in CALLS:
            marks = []
            for mode, head in zip(MODES, heads, strict=True):
                mark = self.cells.get((call.id, mode.id), "")
                if mode.id in call.not_applicable:
                    mark = NOT_APPLICABLE
                marks.append(mark.center(len(head)))
            lines.append(call.label.ljust(width) + " | " + " | ".join(marks))
        run = list(self.cells.values())
        passed = sum(mark == PASS for mark in run)
        lines.append(f"{passed} cells passed out of {len(run)} run")
        lines.append("n/a: cannot happen to that call (tests/faults/matrix.py)")
        for (call_id, mode_id), why in self.failures.items():
            lines.append(f"FAIL {call_id} / {mode_id}: {why}")
        return lines


RESULTS = Results()
