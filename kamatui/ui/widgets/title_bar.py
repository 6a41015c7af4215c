"""The top line: which account this is, whether it may change, and how
many servers it shows."""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.widget import Widget

from ...api.wire import clean_text
from ...write_window import countdown


def accent_colour(accent: str) -> Color:
    """The accent as a colour, in Textual's notation or Rich's.

    The config accepts what Rich can read ("bright_red", "grey50",
    "color(255)"), some of which Textual's own parser refuses.
    """
    try:
        return Color.parse(accent)
    except ColorParseError:
        return Color.from_rich_color(RichColor.parse(accent))


class TitleBar(Widget):
    """Always names the profile, so nobody acts on the wrong account.

    A production profile paints the bar in its accent (red unless the
    profile says otherwise) and says PRODUCTION in words, which still shows
    where colours do not. A read-only profile says whether it is locked or
    how long its write window has left.

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
        self._marked = 0

    def on_mount(self) -> None:
        profile = getattr(self.app, "profile", None)
        if profile is None:
            return
        self.set_class(profile.production, "production")
        if profile.accent:
            self.styles.background = accent_colour(profile.accent)

    @property
    def content(self) -> Text:
        """The line as shown."""
        return self.render()

    def set_counts(self, shown: int, total: int) -> None:
        if self._counts != (shown, total):
            self._counts = (shown, total)
            self.refresh()

    def set_marked(self, count: int) -> None:
        if self._marked != count:
            self._marked = count
            self.refresh()

    def render(self) -> Text:
        """The fullest line that fits: a narrow terminal loses the app's
        name and the label first, then the unlock hint, then the end of a
        long profile name, and never the lock state or the marks."""
        width = self.size.width or 80
        for labels, hint in ((True, True), (False, True), (False, False)):
            line = self._line(self._profile_name, labels=labels, hint=hint)
            if line.cell_len <= width:
                return line

        room = width - self._line("", labels=False, hint=False).cell_len
        name = self._profile_name
        if room >= 4:
            name = name[: room - 1] + "…"
        return self._line(name, labels=False, hint=False)

    def _line(self, name: str, *, labels: bool, hint: bool) -> Text:
        profile = getattr(self.app, "profile", None)
        text = Text.assemble(("kamatui", "bold"), "  profile: ") if labels else Text()
        text.append(name, style="bold")
        if profile is not None and profile.production:
            text.append("  PRODUCTION", style="bold")
        if self._demo:
            text.append(" (demo simulator)" if labels else " (demo)")
        # Whether changes are allowed, and what the power keys would act on,
        # matter more than the counts: they go first, so a narrow terminal
        # cuts the counts instead.
        text.append_text(self._lock_state(hint=hint))
        if self._marked:
            text.append(f"  {self._marked} marked", style="bold")
        if self._counts is not None:
            shown, total = self._counts
            count = f"{total} servers" if shown == total else f"{shown} of {total}"
            text.append(f"  {count}")
        return text

    def _lock_state(self, *, hint: bool) -> Text:
        window = getattr(self.app, "write_window", None)
        if window is None or not window.read_only:
            return Text()
        left = window.remaining()
        if left is None:
            if hint:
                return Text(f"  read-only ({window.unlock_key} unlocks)")
            return Text("  read-only")
        return Text(f"  WRITES OPEN {countdown(left)}", style="bold reverse")
