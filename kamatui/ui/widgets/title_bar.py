"""The top line: which account this is, and how many servers it shows."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...api.wire import clean_text


class TitleBar(Widget):
    """Always names the profile, so nobody acts on the wrong account.

    A plain widget that repaints its one line: its size never changes, so a
    new count must not cost the screen a layout pass (as ``Static.update``
    does) on every keystroke in the filter.
    """

    DEFAULT_CSS = """
    TitleBar {
        height: 1;
    }
    """

    def __init__(self, profile_name: str, *, demo: bool = False) -> None:
        super().__init__(id="title-bar")
        self._profile_name = clean_text(profile_name)
        self._demo = demo
        self._counts: tuple[int, int] | None = None

    @property
    def content(self) -> Text:
        """The line as shown."""
        return self.render()

    def set_counts(self, shown: int, total: int) -> None:
        if self._counts != (shown, total):
            self._counts = (shown, total)
            self.refresh()

    def render(self) -> Text:
        text = Text.assemble(("kamatui", "bold"), "  profile: ")
        text.append(self._profile_name, style="bold")
        if self._demo:
            text.append(" (demo simulator)")
        if self._counts is not None:
            shown, total = self._counts
            count = f"{total} servers" if shown == total else f"{shown} of {total}"
            text.append(f"  {count}")
        return text
