"""Fault injection: rules that make chosen requests fail the way networks do.

Everything is off until a rule is set. A rule matches a request by a shell
pattern over the path (``/service/servers``) or over method and path
(``PUT /service/server/*/power``). Random rules fire with a probability drawn
from the simulator's seed; scripted sequences fire in order, one step per
matching request, which suits tests that need "fail twice, then succeed".
"""

import random
from collections import deque
from dataclasses import dataclass
from fnmatch import fnmatchcase

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
        _check_mode(mode)
        rule = FaultRule(pattern, mode, probability, times, delay)
        self.rules.append(rule)
        return rule

    def script(self, pattern: str, modes: list[str | None]) -> None:
        """Make the next matching requests fail in this order; None lets one pass."""
        steps: deque[FaultRule | None] = deque()
        for mode in modes:
            if mode is not None:
                _check_mode(mode)
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


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown fault mode {mode!r}; choose from {', '.join(MODES)}")
