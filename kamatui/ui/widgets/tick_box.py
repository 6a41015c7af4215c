"""A checkbox that shows its state in a character, not only in a colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's checkbox draws the same ``X`` on and off and tells them apart
    by colour alone, which is lost under ``NO_COLOR`` and hard to see in 16
    colours. This one leaves the box empty when it is off."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
