"""Asking before quitting would lose something."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..mounting import unless_closing
from .button_keys import BUTTON_KEYS


class ConfirmQuit(ModalScreen[bool]):
    """Lists what quitting now would lose; Stay is focused."""

    BINDINGS = [Binding("escape", "stay", "Stay", id="quit.stay"), *BUTTON_KEYS]

    def __init__(self, losses: list[str]) -> None:
        super().__init__()
        self._losses = losses

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as body:
            body.border_title = "Quit now?"
            for loss in self._losses:
                yield Static(Text(f"! {loss}"), classes="confirm-effect")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Stay", id="stay", compact=True)
                yield Button("Quit", id="quit", variant="error", compact=True)

    @unless_closing
    def on_mount(self) -> None:
        self.set_focus(self.query_one("#stay", Button))

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.dismiss(True)
