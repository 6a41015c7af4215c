"""Turning any failure into a title and a sentence for the user."""

from __future__ import annotations

import logging

from ..api import ApiError

log = logging.getLogger(__name__)


def describe_failure(error: BaseException | None) -> tuple[str, str]:
    """A short title and message; unexpected errors are logged in full."""
    if isinstance(error, ApiError):
        return error.title, error.message

    log.error("unexpected failure", exc_info=error)
    name = type(error).__name__ if error else "Unknown error"
    return "Unexpected error", f"{name}; details are in the log file"
