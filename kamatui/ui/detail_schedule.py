"""Which servers' details to fetch next.

Details cost one request per server, so only rows on screen are fetched, a
few at a time, and each is renewed on a slow cycle or when the list shows the
server changed, never once per server per refresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

DETAIL_MAX_AGE = 120.0
"""Seconds before a server's details are fetched again without cause."""

MAX_PARALLEL_DETAILS = 4
FAILED_RETRY_AFTER = 10.0
"""Seconds a server whose details failed waits before they are asked again:
every refresh asking again for every failed row would hammer an API that is
already in trouble."""


class DetailSchedule:
    def __init__(
        self,
        *,
        max_age: float = DETAIL_MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._max_age = max_age
        self._clock = clock
        self._fetched: dict[str, float] = {}
        self._failed: dict[str, float] = {}
        self._in_flight: set[str] = set()

    def due(self, server_ids: Iterable[str]) -> list[str]:
        """Of ``server_ids``, in order, those never fetched or gone stale."""
        now = self._clock()
        return [
            server_id
            for server_id in server_ids
            if server_id not in self._in_flight
            and now - self._fetched.get(server_id, float("-inf")) > self._max_age
            and now - self._failed.get(server_id, float("-inf")) > FAILED_RETRY_AFTER
        ]

    def started(self, server_id: str) -> None:
        self._in_flight.add(server_id)

    def finished(self, server_id: str, *, ok: bool) -> None:
        self._in_flight.discard(server_id)
        if ok:
            self._fetched[server_id] = self._clock()
            self._failed.pop(server_id, None)
        else:
            self._failed[server_id] = self._clock()

    def invalidate(self, server_ids: Iterable[str]) -> None:
        for server_id in server_ids:
            self._fetched.pop(server_id, None)
            self._failed.pop(server_id, None)
