"""Simulated time for the command engine."""

import math
import time

from kamatui.sim.errors import BadField

FROZEN_START = 1_767_225_600.0
"""Where a frozen clock starts (2026-01-01 00:00:00 UTC), so tests see fixed dates."""
LATEST = 253_402_300_799.0
"""9999-12-31 23:59:59 UTC, the last moment the queue's timestamps can show."""


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
        if not 0 < speed < math.inf:
            raise ValueError("speed must be a finite number greater than 0")

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
        """Jump forward; negative values are refused because commands never undo.

        So are NaN, infinity and any jump past the year 9999: the queue could
        never print a time again, and every later request would fail.
        """
        if not 0 <= seconds < math.inf:
            raise BadField(
                "seconds",
                f"must be a finite number, 0 or more (the clock cannot go "
                f"backwards), not {seconds!r}",
            )
        if self.now() + seconds > LATEST:
            raise BadField(
                "seconds",
                f"would take the clock past the year 9999 (at most "
                f"{max(0.0, LATEST - self.now()):.0f} more seconds)",
            )

        self._offset += seconds
