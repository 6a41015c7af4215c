"""The server list's filter line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .text_input import TextInput


class FilterInput(TextInput):
    """An Input that calls back as its value changes, not a message later.

    ``Input.Changed`` reaches the screen after the echoed key may already
    have been drawn; a direct call lets the screen redraw the rows in the
    same frame as the key.
    """

    def __init__(self, changed: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._changed = changed

    def watch_value(self, value: str) -> None:
        self._changed(value)
