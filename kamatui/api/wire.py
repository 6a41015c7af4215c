"""Turning what the wire sends into plain Python values.

The API mixes types freely (numbers as strings, "0"/"1" flags, several shapes
of command id), and its strings may hold terminal escape sequences. Every
helper here either returns a clean value or raises ``BadResponse``.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import BadResponse

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,30}")
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb"
)
"""Format characters that reorder or hide text (bidi overrides, zero-width)."""
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
_CONTROL_AND_NEWLINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE}]")


def as_text(value: Any, *, field: str) -> str:
    """A string field sent as a string or a number, never a list or object."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadResponse(f"{field} should be text, got {type(value).__name__}")
    return clean_text(value)


def clean_text(value: Any, *, keep_newlines: bool = False) -> str:
    """Return ``value`` as text with control characters replaced.

    Control bytes in API data would otherwise reach the user's terminal and could
    retitle the window, move the cursor or write to the clipboard; bidi
    overrides and zero-width characters could make one name look like another.
    """
    if value is None:
        return ""

    text = value if isinstance(value, str) else str(value)
    pattern = _CONTROL if keep_newlines else _CONTROL_AND_NEWLINE
    return pattern.sub("\ufffd", text.replace("\t", " "))


def as_int(value: Any, *, field: str) -> int:
    """An integer sent as a number or a numeric string."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        return int(value.strip())
    raise BadResponse(f"{field} should be a whole number, got {value!r:.40}")


def as_optional_int(value: Any, *, field: str) -> int | None:
    if value is None or value == "":
        return None
    return as_int(value, field=field)


def as_flag(value: Any) -> bool:
    """A yes/no sent as a bool, 0/1 or "0"/"1" (managed, backup)."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def as_object(raw: Any, what: str) -> dict:
    if not isinstance(raw, dict):
        raise BadResponse(f"{what} should be an object, got {type(raw).__name__}")
    return raw


def require(raw: dict, key: str, what: str) -> Any:
    if key not in raw or raw[key] is None:
        raise BadResponse(f"{what} has no {key!r}")
    return raw[key]


def as_list(value: Any, *, field: str) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise BadResponse(f"{field} should be a list, got {type(value).__name__}")


def as_dict(value: Any, *, field: str) -> dict:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise BadResponse(f"{field} should be an object, got {type(value).__name__}")


def parse_command_id(payload: Any) -> int:
    """The command id from any shape the API answers a mutation with.

    Seen on the wire: ``n``, ``"n"``, ``[n]``, ``["n"]``, ``{"cmdId": n}`` and
    ``{"commandIds": [n, ...]}``. A list of several ids yields the first.
    """
    if isinstance(payload, dict):
        for key in ("cmdId", "commandId", "id"):
            if key in payload:
                return parse_command_id(payload[key])
        if "commandIds" in payload:
            return parse_command_id(payload["commandIds"])
        raise BadResponse("The answer holds no command id")

    if isinstance(payload, list):
        if not payload:
            raise BadResponse("The answer holds an empty list of command ids")
        return parse_command_id(payload[0])

    try:
        return as_int(payload, field="command id")
    except BadResponse:
        raise BadResponse(f"Not a command id: {clean_text(payload)[:40]!r}") from None
