"""A one-line message under a screen's content, hidden while there is none."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """Shows text literally (API words may hold markup) and only when set."""

    def say(self, text: str) -> None:
        if text:
            self.update(Text(text))
        self.display = bool(text)
