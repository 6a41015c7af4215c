"""Asking before a filled-in form is thrown away."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..mounting import unless_closing
from .button_keys import BUTTON_KEYS


class ConfirmDiscard(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "keep", "Keep editing", id="discard.keep"),
        *BUTTON_KEYS,
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as body:
            body.border_title = "Throw away this new server?"
            yield Static("Everything chosen in the wizard so far will be lost.")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep editing", id="keep", compact=True)
                yield Button("Throw away", id="discard", variant="error", compact=True)

    @unless_closing
    def on_mount(self) -> None:
        self.set_focus(self.query_one("#keep", Button))

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(True)
