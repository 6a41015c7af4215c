"""Reading typed values out of a request body, with the API's own complaints.

Bodies arrive as JSON (real types) or as form fields (all strings), so every
reader accepts both: ``"30"`` and ``30`` are the same number, while ``"30gb"``
earns the live API's code 2 message (quirk Q4).
"""

from collections.abc import Mapping
from typing import Any

from kamatui.sim import errors

Fields = Mapping[str, Any]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def present(fields: Fields, key: str) -> bool:
    """Whether the field was sent with a value."""
    value = fields.get(key)
    return value is not None and value != ""


def text(fields: Fields, key: str, default: str | None = None) -> str:
    """A string field; missing and no default means the request is refused."""
    if not present(fields, key):
        if default is None:
            raise errors.ApiError(
                f"Missing required field '{key}'.", errors.INVALID_VALUE
            )
        return default

    value = fields[key]
    if isinstance(value, dict | list):
        raise errors.wrong_type("string", type_name(value))

    return str(value)


def number(fields: Fields, key: str, default: int | None = None) -> int:
    """A whole number, given as a JSON number or as digits in a string."""
    if not present(fields, key):
        if default is None:
            raise errors.ApiError(
                f"Missing required field '{key}'.", errors.INVALID_VALUE
            )
        return default

    value = fields[key]
    if isinstance(value, bool):
        return int(value)

    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)

    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())

    raise errors.wrong_type("number", type_name(value))


def flag(fields: Fields, key: str, default: bool = False) -> bool:
    """A yes/no field: booleans, 0/1, or words like true and yes."""
    if key not in fields or fields[key] is None:
        return default

    value = str(fields[key]).strip().lower()
    if value in _TRUE:
        return True

    if value in _FALSE:
        return False

    raise errors.wrong_type("boolean", type_name(fields[key]))


def type_name(value: object) -> str:
    """How the API names a value's type in its messages."""
    if isinstance(value, bool):
        return "boolean"

    if isinstance(value, int | float):
        return "number"

    if isinstance(value, list):
        return "array"

    if isinstance(value, dict):
        return "object"

    return "string"
