"""Whether this session may change anything, and until when.

A profile marked read-only (production ones are, unless told otherwise)
starts locked. Unlocking opens a window of a set number of minutes; when it
runs out the session locks itself again. Every path that sends a change asks
``refusal()`` first, so a locked session cannot change anything whatever key
or screen the request came from.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_UNLOCK_KEY = "U"


class WriteWindow:
    def __init__(
        self,
        *,
        read_only: bool,
        minutes: float,
        clock: Callable[[], float] = time.monotonic,
        unlock_key: str = DEFAULT_UNLOCK_KEY,
    ) -> None:
        self.read_only = read_only
        """Whether the profile starts locked (and locks again after a window)."""
        self.minutes = minutes
        self.unlock_key = unlock_key
        """The key that unlocks, as the user's config has it, for messages."""
        self._clock = clock
        self._open_until: float | None = None

    @property
    def locked(self) -> bool:
        if not self.read_only:
            return False
        return self._open_until is None or self._clock() >= self._open_until

    def remaining(self) -> float | None:
        """Seconds left in an open window; None when there is no window."""
        if not self.read_only or self._open_until is None:
            return None
        left = self._open_until - self._clock()
        return left if left > 0 else None

    def unlock(self) -> None:
        self._open_until = self._clock() + self.minutes * 60

    def lock(self) -> None:
        self._open_until = None

    def refusal(self, profile_name: str) -> str | None:
        """Why a change may not be sent now, or None when it may."""
        if not self.locked:
            return None
        return (
            f"Profile {profile_name} is read-only: nothing was sent. Press "
            f"{self.unlock_key} and type the profile's name to allow changes for "
            f"{minutes(self.minutes)}."
        )


def minutes(count: float) -> str:
    """``1 minute``, ``2.5 minutes``."""
    return f"{count:g} minute" + ("" if count == 1 else "s")


def countdown(seconds: float) -> str:
    """``m:ss`` for the header; whole minutes would hide the last one."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"
