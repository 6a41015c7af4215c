"""Fault injection: rules that make chosen requests fail the way networks do.

Everything is off until a rule is set. A rule matches a request by a shell
pattern over the path (``/service/servers``) or over method and path
(``PUT /service/server/*/power``). Random rules fire with a probability drawn
from the simulator's seed; scripted sequences fire in order, one step per
matching request, which suits tests that need "fail twice, then succeed".
"""

import math
import random
from collections import deque
from dataclasses import dataclass
from fnmatch import fnmatchcase

from kamatui.sim.errors import BadField

MODES = {
    "server_error": "HTTP 500 with code 20 'error occurred'",
    "bad_gateway": "HTTP 502 with an HTML page",
    "unavailable": "HTTP 503 with an HTML page",
    "gateway_timeout": "the API acts on the request, then a proxy answers 504",
    "rate_limit": "HTTP 429 with Retry-After",
    "latency": "answers normally after a delay",
    "hang": "never answers within any sane client timeout",
    "drop": "the connection closes halfway through the response",
    "malformed": "HTTP 200 whose JSON body is cut short",
    "expire_token": "every bearer token expires before the request is checked",
}
"""Each fault mode and what the client sees."""

DEFAULT_DELAY = {"latency": 2.0, "hang": 3600.0, "rate_limit": 5.0}
"""Seconds of delay (or Retry-After) when a rule gives none."""


@dataclass
class Fault:
    """One fault to apply to a request."""

    mode: str
    delay: float = 0.0


@dataclass
class FaultRule:
    """A random rule: fires on matching requests with some probability."""

    pattern: str
    mode: str
    probability: float = 1.0
    times: int | None = None
    """How many more times it may fire; None for no limit."""
    delay: float | None = None

    def fault(self) -> Fault:
        delay = self.delay if self.delay is not None else DEFAULT_DELAY.get(self.mode)
        return Fault(self.mode, delay or 0.0)


def check_rule(
    pattern: str,
    mode: str,
    probability: float = 1.0,
    times: int | None = None,
    delay: float | None = None,
) -> None:
    """Raise ``BadField`` unless every field of a rule makes sense.

    Checked when the rule is set: a NaN probability or delay would only fail
    later, when the rules are listed as JSON, and a negative count would let
    a rule fire forever.
    """
    _check_pattern(pattern)
    _check_mode(mode)
    if not _is_number(probability) or not 0 <= probability <= 1:
        raise BadField(
            "probability", f"must be a number from 0 to 1, not {probability!r}"
        )
    if times is not None and (
        isinstance(times, bool) or not isinstance(times, int) or times < 0
    ):
        raise BadField(
            "times",
            f"must be a whole number, 0 or more (leave it out for no limit), "
            f"not {times!r}",
        )
    if delay is not None and (not _is_number(delay) or not 0 <= delay < math.inf):
        raise BadField(
            "delay", f"must be a number of seconds, 0 or more, not {delay!r}"
        )


class Faults:
    """The fault rules of one simulator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.rules: list[FaultRule] = []
        self._scripts: list[tuple[str, deque[FaultRule | None]]] = []

    def set(
        self,
        pattern: str,
        mode: str,
        probability: float = 1.0,
        times: int | None = None,
        delay: float | None = None,
    ) -> FaultRule:
        """Add a rule; the first rule that fires for a request wins."""
        check_rule(pattern, mode, probability, times, delay)
        rule = FaultRule(pattern, mode, probability, times, delay)
        self.rules.append(rule)
        return rule

    def script(self, pattern: str, modes: list[str | None]) -> None:
        """Make the next matching requests fail in this order; None lets one pass."""
        _check_pattern(pattern)
        steps: deque[FaultRule | None] = deque()
        for mode in modes:
            if mode is not None:
                _check_mode(mode, "script")
            steps.append(FaultRule(pattern, mode) if mode else None)

        self._scripts.append((pattern, steps))

    def clear(self) -> None:
        self.rules.clear()
        self._scripts.clear()

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault for this request, consuming script steps and rule counts."""
        for pattern, steps in self._scripts:
            if steps and _matches(pattern, method, path):
                step = steps.popleft()
                return step.fault() if step else None

        for rule in self.rules:
            if not _matches(rule.pattern, method, path) or rule.times == 0:
                continue

            if self._rng.random() < rule.probability:
                if rule.times is not None:
                    rule.times -= 1
                return rule.fault()

        return None


def _matches(pattern: str, method: str, path: str) -> bool:
    if " " in pattern:
        wanted_method, wanted_path = pattern.split(" ", 1)
        return wanted_method.upper() == method and fnmatchcase(path, wanted_path)

    return fnmatchcase(path, pattern)


def _check_pattern(pattern: str) -> None:
    if not isinstance(pattern, str) or not pattern.strip():
        raise BadField(
            "pattern", f"must be a path pattern (* for every request), not {pattern!r}"
        )


def _check_mode(mode: str, field: str = "mode") -> None:
    if isinstance(mode, str) and mode in MODES:
        return
    known = ", ".join(MODES)
    if field == "script":
        raise BadField(field, f"must hold only null and {known}, not {mode!r}")
    raise BadField(field, f"must be one of {known}, not {mode!r}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
