"""Every queued command the app started, followed until it ends.

A ``TaskBook`` is the app's memory of its commands: what each one does, to
which server, how far it got and how it ended. Unfinished tasks are written
to a file per profile, so a restarted app (or a lost SSH session) picks them
up again. Imports no Textual.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from .api.models import QueuedCommand
from .api.wire import clean_text
from .files import per_profile, read_regular_text, write_private

log = logging.getLogger(__name__)

QUEUE_GRACE = 60.0
"""Seconds a command may stay unknown to the queue before it counts as lost."""

POLL_SLACK = 0.5
"""Seconds early a poll may go. Tasks are looked at once a second and a poll
is timed from its answer, which lands just after a look: without slack each
wait missed a look, and 2 s between polls became 3 s."""

LOST = "lost"
ENDED = frozenset({"complete", "error", "cancelled", LOST})


def poll_interval(age: float) -> float:
    """Seconds between polls: every 2 s at first, less often as it runs on."""
    if age < 60:
        return 2.0
    if age < 600:
        return 5.0
    return 15.0


@dataclass(frozen=True, slots=True)
class Task:
    command_id: int
    server_id: str
    server_name: str
    action: str
    submitted_at: float
    status: str = "queued"
    log: str = ""
    last_polled_at: float = 0.0
    seen_by_queue: bool = False
    note: str = ""
    """A word from the app, e.g. how a lost create answer was recovered."""
    changes_catalog: bool = False
    """When it completes, the cached options catalog is out of date."""
    creates: bool = False
    """A create: its log names the new server and its public IP."""

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    @property
    def succeeded(self) -> bool:
        return self.status == "complete"

    @property
    def last_line(self) -> str:
        lines = [line for line in self.log.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def elapsed(self, now: float) -> float:
        return max(0.0, now - self.submitted_at)

    def due(self, now: float) -> bool:
        interval = poll_interval(self.elapsed(now)) - POLL_SLACK
        return not self.ended and now - self.last_polled_at >= interval


_FIELD_TYPES: dict[str, type] = get_type_hints(Task)
"""Each field's type, to check what a task file holds against."""


@dataclass
class TaskBook:
    """The tasks of one profile; ``path`` None keeps them in memory only."""

    path: Path | None = None
    clock: Callable[[], float] = time.time
    _tasks: dict[int, Task] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._load()

    def __iter__(self):
        return iter(sorted(self._tasks.values(), key=lambda t: t.submitted_at))

    def __len__(self) -> int:
        return len(self._tasks)

    def get(self, command_id: int) -> Task | None:
        return self._tasks.get(command_id)

    def active(self) -> list[Task]:
        return [task for task in self if not task.ended]

    def due(self) -> list[Task]:
        """Tasks to poll now, the one polled least recently first: when more
        are due than a tick polls, every task gets its turn."""
        now = self.clock()
        due = [task for task in self._tasks.values() if task.due(now)]
        return sorted(due, key=lambda task: (task.last_polled_at, task.submitted_at))

    def add(self, task: Task) -> None:
        self._tasks[task.command_id] = task
        self._save()

    def observed(self, command: QueuedCommand) -> Task | None:
        """Record what the queue said; returns the task if it changed."""
        task = self._tasks.get(command.id)
        if task is None:
            return None

        updated = replace(
            task,
            status=command.status,
            log=command.log,
            last_polled_at=self.clock(),
            seen_by_queue=True,
        )
        return self._put(task, updated)

    def not_in_queue(self, command_id: int) -> Task | None:
        """The queue answered 404: fine at first, lost after the grace."""
        task = self._tasks.get(command_id)
        if task is None:
            return None

        now = self.clock()
        expired = task.elapsed(now) > QUEUE_GRACE
        updated = replace(
            task,
            last_polled_at=now,
            status=LOST if expired else task.status,
            note="the queue no longer knows this command" if expired else task.note,
        )
        return self._put(task, updated)

    def polled(self, command_id: int) -> None:
        """A poll failed for another reason: try again at the next interval."""
        task = self._tasks.get(command_id)
        if task is not None:
            self._tasks[command_id] = replace(task, last_polled_at=self.clock())

    def dismiss(self, command_id: int) -> bool:
        """Forget an ended task; a running one stays."""
        task = self._tasks.get(command_id)
        if task is None or not task.ended:
            return False
        del self._tasks[command_id]
        self._save()
        return True

    def dismiss_ended(self) -> int:
        ended = [task.command_id for task in self if task.ended]
        for command_id in ended:
            del self._tasks[command_id]
        self._save()
        return len(ended)

    def _put(self, old: Task, new: Task) -> Task | None:
        self._tasks[new.command_id] = new
        if (old.status, old.log) == (new.status, new.log):
            return None
        if old.ended != new.ended or old.status != new.status:
            self._save()
        return new

    # Persistence of unfinished tasks

    def _load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            tasks, skipped = read_tasks(self.path)
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable task file %s: %s", self.path, exc)
            return
        except RecursionError:
            log.warning("ignoring the task file %s: nested too deeply", self.path)
            return
        if skipped:
            log.warning(
                "skipped %d of %d entries in the task file %s: a field was "
                "missing or had the wrong type",
                skipped,
                skipped + len(tasks),
                self.path,
            )
        self._tasks = {
            task.command_id: replace(task, last_polled_at=0.0) for task in tasks
        }

    def _save(self) -> None:
        if self.path is None:
            return
        unfinished = [asdict(task) for task in self if not task.ended]
        try:
            write_private(self.path, json.dumps(unfinished, indent=1))
        except OSError as exc:
            log.warning("could not save tasks to %s: %s", self.path, exc)


def task_file(state_dir: Path, profile_name: str) -> Path:
    return per_profile(state_dir, "tasks", profile_name)


def read_tasks(path: Path) -> tuple[list[Task], int]:
    """The tasks in a task file, and how many of its entries were bad.

    Raises OSError, ValueError or RecursionError when the file as a whole
    cannot be read. A hand edit or another program may have written
    anything, and a wrong type would only fail later, in the task panel.
    """
    rows = json.loads(read_regular_text(path))
    if not isinstance(rows, list):
        raise ValueError("not a JSON list")
    tasks = [task for task in map(task_from_row, rows) if task is not None]
    return tasks, len(rows) - len(tasks)


def task_from_row(row: object) -> Task | None:
    """The task one saved entry describes; None if a field is missing or wrong.

    Unknown keys are ignored. Text is cleaned of control characters, as API
    data is: it reaches the terminal in toasts and the task panel.
    """
    if not isinstance(row, dict):
        return None
    values: dict[str, Any] = {}
    for item in fields(Task):
        if item.name not in row:
            if item.default is MISSING:
                return None
            continue
        value = _checked(row[item.name], _FIELD_TYPES[item.name])
        if value is None:
            return None
        if isinstance(value, str):
            value = clean_text(value, keep_newlines=item.name == "log")
        values[item.name] = value
    return Task(**values)


def _checked(value: Any, kind: type) -> Any:
    """``value`` as ``kind``, or None when it is not one."""
    if kind is bool:
        return value if isinstance(value, bool) else None
    if isinstance(value, bool):
        return None
    if kind is float and isinstance(value, int | float):
        try:
            return float(value) if math.isfinite(value) else None
        except OverflowError:
            return None
    return value if isinstance(value, kind) else None


def servers_touched(tasks: Iterable[Task]) -> set[str]:
    return {task.server_id for task in tasks if task.server_id}
