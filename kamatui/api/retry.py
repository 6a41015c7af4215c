"""What may be retried, and how long to wait; tenacity does the mechanics.

Reads are retried on transport errors, 429 and 502/503/504, never on 500:
this API answers refusals with 500 and asking again changes nothing. A call
that changes something is retried only when the connection failed before any
of it was sent, because the API has no idempotency keys and a second create
makes a second server.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from .errors import RateLimited, ServiceUnavailable, TransportError

DEFAULT_ATTEMPTS = 4
DEFAULT_FIRST_WAIT = 0.5
DEFAULT_MAX_WAIT = 8.0
DEFAULT_JITTER = 0.5


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Attempts and waits; tests pass zeros so retries cost nothing."""

    attempts: int = DEFAULT_ATTEMPTS
    first_wait: float = DEFAULT_FIRST_WAIT
    max_wait: float = DEFAULT_MAX_WAIT
    jitter: float = DEFAULT_JITTER


NO_RETRY = RetryPolicy(attempts=1)


def read_may_retry(exc: BaseException) -> bool:
    return isinstance(exc, (TransportError, RateLimited, ServiceUnavailable))


def write_may_retry(exc: BaseException) -> bool:
    return isinstance(exc, TransportError) and exc.nothing_sent


def retrying(policy: RetryPolicy, *, mutating: bool) -> AsyncRetrying:
    """A tenacity loop for one call under ``policy``."""
    backoff = wait_exponential_jitter(
        multiplier=policy.first_wait, max=policy.max_wait, jitter=policy.jitter
    )

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            return min(exc.retry_after, policy.max_wait)
        return backoff(state)

    check = write_may_retry if mutating else read_may_retry
    return AsyncRetrying(
        stop=stop_after_attempt(max(1, policy.attempts)),
        wait=wait,
        retry=retry_if_exception(check),
        reraise=True,
    )
