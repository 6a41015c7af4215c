"""The command queue: every mutation runs as a command on the simulated clock.

Commands are settled lazily. Nothing runs in the background; at the start of
each request the simulator calls ``settle(now)``, which applies the effect of
every command whose time has come, oldest first. With a frozen clock and
``advance`` a test therefore decides exactly what has happened.

A command's life: for ``QUEUE_DELAY`` seconds after submission the queue
answers 404 for it (quirk Q11), then it is ``pending`` until ``START_DELAY``,
then ``progress`` while its log grows, then ``complete`` or ``error``.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

QUEUE_DELAY = 2.0
"""Seconds after submission during which the queue does not know the command."""

START_DELAY = 4.0
"""Seconds after submission at which the command leaves ``pending``."""

RECENT_WINDOW = 3600.0
"""How long a finished command stays in ``GET /queue``."""


class CommandFailed(Exception):
    """Raised by an effect to end its command in ``error``; the text goes to the log."""


@dataclass
class Command:
    """One queued command and its scripted log."""

    id: int
    description: str
    server_id: str
    server_name: str
    submitted: float
    duration: float
    steps: list[str]
    effect: Callable[[float], None] | None = None
    """Applied on completion with the finish time; may raise CommandFailed."""
    status: str = ""
    """Empty until the command has finished, then ``complete`` or ``error``."""
    final_log: list[str] = field(default_factory=list)

    @property
    def started(self) -> float:
        return self.submitted + START_DELAY

    @property
    def done_at(self) -> float:
        return self.started + self.duration

    def status_at(self, now: float) -> str:
        if self.status:
            return self.status

        return "pending" if now < self.started else "progress"

    def log_at(self, now: float) -> str:
        """The steps reached so far, spread evenly over the running time."""
        if self.status:
            return "\n".join(self.final_log)

        if now < self.started:
            return ""

        fraction = (now - self.started) / self.duration
        shown = 1 + int(fraction * (len(self.steps) - 1))
        return "\n".join(self.steps[:shown])

    def to_api(self, now: float) -> dict[str, Any]:
        """The queue object, with times in the ``YYYY-MM-DD HH:MM:SS`` form."""
        started = now >= self.started
        return {
            "id": self.id,
            "status": self.status_at(now),
            "server": self.server_name,
            "description": self.description,
            "added": _stamp(self.submitted),
            "executed": _stamp(self.started) if started else "",
            "completed": _stamp(self.done_at) if self.status else "",
            "log": self.log_at(now),
        }


def _stamp(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(moment))


class CommandEngine:
    """Submits, settles and reports commands."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._next_id = rng.randint(17_600_000, 17_900_000)
        self.commands: dict[int, Command] = {}

    def submit(
        self,
        now: float,
        description: str,
        server_id: str,
        server_name: str,
        duration: float,
        steps: list[str],
        effect: Callable[[float], None] | None = None,
    ) -> Command:
        """Queue a command; other accounts' commands leave gaps between our ids."""
        self._next_id += self._rng.randint(1, 40)
        command = Command(
            self._next_id, description, server_id, server_name, now, duration, steps
        )
        command.effect = effect
        self.commands[command.id] = command
        return command

    def settle(self, now: float) -> None:
        """Finish, in order, every command whose end time has passed."""
        due = [c for c in self.commands.values() if not c.status and c.done_at <= now]
        for command in sorted(due, key=lambda c: (c.done_at, c.id)):
            self._finish(command)

    def _finish(self, command: Command) -> None:
        command.final_log = list(command.steps)
        try:
            if command.effect is not None:
                command.effect(command.done_at)
        except CommandFailed as failure:
            command.status = "error"
            command.final_log[-1] = str(failure)
        else:
            command.status = "complete"

    def visible(self, command_id: int, now: float) -> Command | None:
        """The command, unless it is unknown or still inside its 404 window."""
        command = self.commands.get(command_id)
        if command is None or now < command.submitted + QUEUE_DELAY:
            return None

        return command

    def recent(self, now: float) -> list[Command]:
        """Active commands and those finished within the last hour."""
        return [
            command
            for command in self.commands.values()
            if now >= command.submitted + QUEUE_DELAY
            and (not command.status or now - command.done_at <= RECENT_WINDOW)
        ]

    def busy(self, server_id: str) -> bool:
        """Whether the server has a command that has not finished yet."""
        return any(
            not command.status and command.server_id == server_id
            for command in self.commands.values()
        )
