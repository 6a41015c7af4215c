"""What a form asks for, apart from how it is drawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

TEXT, SECRET, CHOICE = "text", "secret", "choice"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = TEXT
    value: Any = ""
    options: Sequence[tuple[str, Any]] = ()
    """For choices: (label, value) pairs."""
    check: Callable[[Any], str] | None = None
    """Returns what is wrong with a value, or "" when it is acceptable."""
