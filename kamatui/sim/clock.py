"""Simulated time for the command engine."""

import time

FROZEN_START = 1_767_225_600.0
"""Where a frozen clock starts (2026-01-01 00:00:00 UTC), so tests see fixed dates."""


class SimClock:
    """Seconds as the simulator sees them.

    A running clock follows the wall clock, scaled by ``speed`` so a demo can
    make a three-minute create finish in seconds. A frozen clock only moves
    through ``advance``, which gives tests exact control over command timing.
    """

    def __init__(
        self,
        speed: float = 1.0,
        frozen: bool = False,
        start: float | None = None,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")

        self.speed = speed
        self.frozen = frozen
        self._start = start if start is not None else self._default_start(frozen)
        self._wall_origin = time.monotonic()
        self._offset = 0.0

    @staticmethod
    def _default_start(frozen: bool) -> float:
        return FROZEN_START if frozen else time.time()

    def now(self) -> float:
        """Simulated seconds since the epoch."""
        if self.frozen:
            return self._start + self._offset

        elapsed = (time.monotonic() - self._wall_origin) * self.speed
        return self._start + elapsed + self._offset

    def advance(self, seconds: float) -> None:
        """Jump forward; negative values are refused because commands never undo."""
        if seconds < 0:
            raise ValueError("the clock cannot go backwards")

        self._offset += seconds
