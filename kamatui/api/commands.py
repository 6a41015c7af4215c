"""Following a queued command to its end, and reading what its log tells.

Every change Kamatera makes runs as a command in its queue. Right after
submission the queue may answer 404 ("not started yet"); after that the
command moves through running states to complete, error or cancelled, and its
log grows as it goes.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .errors import CommandCancelled, CommandFailed, CommandTimeout, NotFound
from .models import QueuedCommand

POLL_INTERVAL = 2.0
QUEUE_GRACE = 60.0
"""How long a 404 from the queue means "not started yet" rather than unknown."""
COMMAND_TIMEOUT = 40 * 60.0
"""What real clients allow a create; any command taking longer is reported."""

NAME_LINE = re.compile(r"^\s*Name:\s*(?P<name>\S.*?)\s*$", re.MULTILINE)
WAN_LINE = re.compile(r"^\s*Network #1:\s*wan\b(?P<rest>.*)$", re.MULTILINE)
IPV4 = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")

Progress = Callable[[QueuedCommand, list[str]], Awaitable[None] | None]
"""Called with the command and the log lines that are new since last time."""


@dataclass(frozen=True, slots=True)
class CreatedServer:
    """What a finished create's log says about the server it made."""

    name: str | None
    public_ip: str | None


def created_server(log: str) -> CreatedServer:
    """The real name (the API may have added ``-1``) and the wan IP."""
    name = NAME_LINE.search(log)
    wan = WAN_LINE.search(log)
    ip = IPV4.search(wan.group("rest")) if wan else None
    return CreatedServer(
        name=name.group("name") if name else None,
        public_ip=ip.group(1) if ip else None,
    )


async def follow(
    fetch: Callable[[int], Awaitable[QueuedCommand]],
    command_id: int,
    *,
    on_progress: Progress | None = None,
    interval: float = POLL_INTERVAL,
    grace: float = QUEUE_GRACE,
    timeout: float = COMMAND_TIMEOUT,
) -> QueuedCommand:
    """Poll until the command ends; raise if it fails, is cancelled or lags."""
    started = time.monotonic()
    seen: QueuedCommand | None = None
    while True:
        elapsed = time.monotonic() - started
        try:
            command = await fetch(command_id)
        except NotFound:
            if elapsed > grace:
                raise
            command = None

        if command is not None and command != seen:
            fresh = new_lines(seen, command)
            seen = command
            if on_progress is not None:
                result = on_progress(command, fresh)
                if asyncio.iscoroutine(result):
                    await result

        if command is not None and command.finished:
            return settled(command)

        if elapsed > timeout:
            raise CommandTimeout(
                f"Command {command_id} has not finished after {timeout:.0f} s",
                command_id=command_id,
                log=seen.log if seen else "",
            )
        await asyncio.sleep(interval)


def new_lines(before: QueuedCommand | None, after: QueuedCommand) -> list[str]:
    """Log lines of ``after`` that ``before`` did not have yet."""
    old = before.log_lines if before else []
    lines = after.log_lines
    if lines[: len(old)] == old:
        return lines[len(old) :]
    return lines


def settled(command: QueuedCommand) -> QueuedCommand:
    """The command if it completed; its failure, with the log, if not."""
    if command.status == "complete":
        return command

    last = command.log_lines[-1] if command.log_lines else "no log"
    if command.status == "cancelled":
        raise CommandCancelled(
            f"Command {command.id} was cancelled: {last}",
            command_id=command.id,
            log=command.log,
        )
    raise CommandFailed(
        f"Command {command.id} failed: {last}", command_id=command.id, log=command.log
    )
