"""The newest command known before a change is sent.

When a change's answer is lost, the command it started (if any) is looked for
in the queue by server name. Commands are numbered in the order they were
queued, so anything numbered at or below what the queue already held before
the change left was started by something else: an earlier change from this
app, another run of it, the web console or a script. Without this floor, the
newest of those could be taken for the lost change, and a change that never
happened would be reported done.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from .errors import ApiError

log = logging.getLogger(__name__)

FRESH_SECONDS = 10.0
"""A queue read this recent still serves as the floor: a bulk change reads
the queue once, not once per server. A floor a little old only lets in the
few commands queued since, which the server name must still match."""


READ_LIMIT = 5.0
"""Seconds a change waits for that queue read: a queue slow to answer must
not hold up the change itself, which then goes with the floor seen before."""


class CommandFloor:
    """Tracks the newest command id seen, from answers and queue reads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._newest: int | None = None
        self._read_at: float | None = None
        self._reading: asyncio.Lock | None = None

    @property
    def newest(self) -> int | None:
        return self._newest

    def saw(self, command_ids: Iterable[int]) -> None:
        """Command ids that exist now: from an answer, a poll or the queue."""
        for command_id in command_ids:
            if self._newest is None or command_id > self._newest:
                self._newest = command_id

    async def before_change(
        self, read_queue: Callable[[], Awaitable[Iterable[int]]]
    ) -> int | None:
        """The floor for a change about to be sent, reading the queue first
        unless a recent read stands. A queue that cannot be read leaves the
        floor at what was seen before (logged): the change still goes."""
        if self._reading is None:
            self._reading = asyncio.Lock()
        async with self._reading:
            if not self._fresh():
                try:
                    async with asyncio.timeout(READ_LIMIT):
                        self.saw(await read_queue())
                    self._read_at = self._clock()
                except (ApiError, TimeoutError) as exc:
                    log.info("queue not readable before a change: %r", exc)
        return self._newest

    def _fresh(self) -> bool:
        return (
            self._read_at is not None and self._clock() - self._read_at < FRESH_SECONDS
        )
