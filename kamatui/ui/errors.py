"""Turning any failure into a title and a sentence for the user."""

from __future__ import annotations

import logging

from ..api import ApiError, CreateUnconfirmed
from ..api.errors import (
    AuthError,
    BadResponse,
    Busy,
    NotFound,
    RateLimited,
    ServiceUnavailable,
    TransportError,
    WritesLocked,
)

log = logging.getLogger(__name__)


def describe_failure(error: BaseException | None) -> tuple[str, str]:
    """A short title and message; unexpected errors are logged in full."""
    if isinstance(error, ApiError):
        return error.title, error.message

    log.error("unexpected failure", exc_info=error)
    name = type(error).__name__ if error else "Unknown error"
    return "Unexpected error", f"{name}; details are in the log file"


def advice(error: ApiError) -> str:
    """What the user can do about a failed request, in one short sentence."""
    if isinstance(error, RateLimited):
        wait = f"{error.retry_after:g} s" if error.retry_after else "a moment"
        return f"Kamatera asked to slow down; try again in {wait}."
    if isinstance(error, ServiceUnavailable):
        return "Kamatera is not answering properly; try again in a minute."
    if isinstance(error, Busy):
        return "Wait for the command running on it to end, then try again."
    if isinstance(error, AuthError):
        return "Check the profile's API key, then try again."
    if isinstance(error, NotFound):
        return "It may be gone; check the server list."
    if isinstance(error, TransportError):
        return "Check the connection, then try again."
    if isinstance(error, BadResponse):
        return "Try again; the log file has the details."
    if isinstance(error, WritesLocked | CreateUnconfirmed):
        return ""  # their messages say what to do
    return "Check what it says, then try again."


def with_advice(message: str, error: ApiError) -> str:
    """A failure's message followed by what to do about it."""
    hint = advice(error)
    return f"{message.rstrip('.')}. {hint}" if hint else message
