"""Choosing a period and copying it as a Markdown timeline.

Each period says how many of this profile's actions it holds; empty ones
cannot be chosen. The text goes through the terminal's clipboard escape
(OSC 52), which works over SSH, and the toast says how much was copied.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...api.wire import clean_text
from ...ledger import Action, Ledger
from ...timeline import BY_KEY, PERIODS, in_period, markdown_timeline


class TimelineDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="timeline.close")]

    def __init__(self, actions: list[Action], ledger: Ledger) -> None:
        super().__init__()
        self._profile = ledger.profile
        self._ledger = ledger
        self._now = ledger.now()
        self._chosen = {
            period.key: in_period(
                actions,
                period,
                now=self._now,
                profile=ledger.profile,
                session=ledger.session,
            )
            for period in PERIODS
        }

    def compose(self) -> ComposeResult:
        body = VerticalScroll(classes="dialog", can_focus=False)
        body.border_title = "Copy a timeline"
        body.border_subtitle = "Enter copies, Esc closes"
        with body:
            yield Static(
                Text(
                    f"Actions of profile {clean_text(self._profile)} as Markdown, "
                    "oldest first, times in UTC:"
                ),
                id="timeline-intro",
            )
            yield OptionList(
                *(self._option(period.key) for period in PERIODS),
                id="timeline-periods",
            )

    def _option(self, key: str) -> Option:
        period = BY_KEY[key]
        count = len(self._chosen[key])
        label = f"{period.label.capitalize()} ({count} action{'s' * (count != 1)})"
        return Option(Text(label), id=key, disabled=not count)

    @on(OptionList.OptionSelected)
    def _copy(self, event: OptionList.OptionSelected) -> None:
        period = BY_KEY[event.option.id]
        actions = self._chosen[period.key]
        text = markdown_timeline(
            actions, period, profile=self._profile, now=self._ledger.now()
        )
        self.app.copy_to_clipboard(text)
        self.notify(
            f"Copied {len(actions)} action{'s' * (len(actions) != 1)} of "
            f"{period.label} as a Markdown timeline ({len(text)} characters).",
            timeout=4,
            markup=False,
        )
        self.dismiss(None)
