"""The one error family the API client raises.

Nothing from httpx escapes the client: every failure becomes one of these, so the
UI has a single type to catch and a short ``title`` to show.

    ApiError
    ├── TransportError            nothing usable came back
    │   ├── ApiTimeout            no answer within the timeout
    │   ├── ConnectionFailed      refused, reset or dropped
    │   └── AnswerUnreadable      a change was taken, its answer is garbled
    └── ResponseError             an answer came back, and it says no
        ├── AuthError             bad or expired credentials (401, code 1)
        ├── NotFound              unknown server, command or path (404)
        ├── RateLimited           429, with the wait the API asked for
        ├── ServiceUnavailable    502, 503, 504 from the service or a proxy
        │   └── GatewayFailed     502 or 504 page from a proxy: the API may
        │                         have acted on the request all the same
        ├── Busy                  another operation runs on that server
        ├── Refused               the API refused the request (500, errors body)
        └── BadResponse           the body is not what the API sends
    WritesLocked                  this session may not change anything now
    CommandFailed                 a queued command ended in error
    CommandCancelled              a queued command was cancelled
    CommandTimeout                a queued command did not end in time
"""

from __future__ import annotations


class ApiError(Exception):
    """Base of every failure the client reports."""

    title = "API error"

    queue_floor: int | None = None
    """For a change: the newest command the queue held before it was sent.
    Whatever command the change started is numbered above it."""

    def __init__(self, message: str, *, status: int | None = None, code=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code

    def __str__(self) -> str:
        return self.message


class TransportError(ApiError):
    title = "Connection problem"

    def __init__(self, message: str, *, nothing_sent: bool = False):
        super().__init__(message)
        self.nothing_sent = nothing_sent
        """True when the connection failed before any of the request left."""


class WritesLocked(ApiError):
    """Raised before a change leaves: the session is read-only right now."""

    title = "Read-only"


class ApiTimeout(TransportError):
    title = "Timed out"


class ConnectionFailed(TransportError):
    title = "Connection failed"


class AnswerUnreadable(TransportError):
    """A change got a 2xx answer that cannot be read: it was taken, and what
    it started is unknown, just as when the connection drops mid-answer."""

    title = "Answer unreadable"


class ResponseError(ApiError):
    title = "Request failed"


class AuthError(ResponseError):
    title = "Not authorised"


class NotFound(ResponseError):
    title = "Not found"


class RateLimited(ResponseError):
    title = "Rate limited"

    def __init__(self, message: str, *, retry_after: float | None = None, **kw):
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServiceUnavailable(ResponseError):
    title = "Service unavailable"


class GatewayFailed(ServiceUnavailable):
    """A proxy answered 502 or 504 in the API's place.

    Whether the API behind it took the request is unknown, as when the
    connection drops: a change is looked for in the queue, never invited
    to be sent again blindly.
    """


def outcome_unknown(error: ApiError) -> bool:
    """The change may have been made: it left, and the API's answer did not
    come back."""
    if isinstance(error, TransportError):
        return not error.nothing_sent
    return isinstance(error, GatewayFailed)


class Busy(ResponseError):
    title = "Server busy"


class Refused(ResponseError):
    title = "Refused by the API"


class BadResponse(ResponseError):
    title = "Unexpected answer"


class CommandError(ApiError):
    """A queued command that did not complete."""

    def __init__(self, message: str, *, command_id: int, log: str = ""):
        super().__init__(message)
        self.command_id = command_id
        self.log = log


class CommandFailed(CommandError):
    title = "Command failed"


class CommandCancelled(CommandError):
    title = "Command cancelled"


class CommandTimeout(CommandError):
    title = "Command still running"
