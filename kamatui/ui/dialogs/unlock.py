"""Unlocking a read-only profile: its name must be typed, not just confirmed."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...write_window import minutes
from ..mounting import unless_closing
from ..widgets.text_input import TextInput
from .button_keys import BUTTON_KEYS


class UnlockDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="unlock.cancel"),
        *BUTTON_KEYS,
    ]

    def __init__(self, profile_name: str, minutes: float, production: bool) -> None:
        super().__init__()
        self._profile_name = profile_name
        self._minutes = minutes
        self._production = production

    def compose(self) -> ComposeResult:
        body = VerticalScroll(classes="dialog", can_focus=False)
        body.border_title = "Allow changes?"
        kind = "a production profile" if self._production else "read-only"
        with body:
            yield Static(
                Text(
                    f"{self._profile_name} is {kind}. Unlocking lets every "
                    f"operation send changes for {minutes(self._minutes)}; then "
                    f"it locks itself again. {self.app.write_window.unlock_key} "
                    "locks it sooner."
                )
            )
            yield Label(Text(f"Type {self._profile_name!r} to unlock:"))
            yield TextInput(id="unlock-typed", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    "Unlock", id="unlock", variant="error", disabled=True, compact=True
                )

    @unless_closing
    def on_mount(self) -> None:
        self.set_focus(self.query_one("#unlock-typed", Input))

    @on(Input.Changed, "#unlock-typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#unlock", Button).disabled = event.value != self._profile_name

    @on(Input.Submitted, "#unlock-typed")
    @on(Button.Pressed, "#unlock")
    def _unlock(self) -> None:
        if not self.query_one("#unlock", Button).disabled:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
