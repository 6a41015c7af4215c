"""The top line: which account this is, and how many servers it shows."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...api.wire import clean_text


class TitleBar(Static):
    """Always names the profile, so nobody acts on the wrong account."""

    def __init__(self, profile_name: str, *, demo: bool = False) -> None:
        super().__init__(id="title-bar")
        self._profile_name = clean_text(profile_name)
        self._demo = demo
        self._counts: tuple[int, int] | None = None

    def on_mount(self) -> None:
        self._redraw()

    def set_counts(self, shown: int, total: int) -> None:
        if self._counts != (shown, total):
            self._counts = (shown, total)
            self._redraw()

    def _redraw(self) -> None:
        text = Text.assemble(("kamatui", "bold"), "  profile: ")
        text.append(self._profile_name, style="bold")
        if self._demo:
            text.append(" (demo simulator)")
        if self._counts is not None:
            shown, total = self._counts
            count = f"{total} servers" if shown == total else f"{shown} of {total}"
            text.append(f"  {count}")
        self.update(text)
