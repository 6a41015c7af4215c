"""Copying a server's name, id, public IP or whole record.

The text goes through the terminal's clipboard escape (OSC 52), which works
over SSH in terminals that allow it; the toast says what was copied.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..target import Target


def copy_choices(target: Target) -> list[tuple[str, str, str]]:
    """(what, label, text) for each thing worth copying."""
    choices = [
        ("name", f"Name: {target.name}", target.name),
        ("id", f"ID: {target.id}", target.id),
    ]
    info = target.info
    if info is not None and info.public_ips:
        ip = info.public_ips[0]
        choices.append(("public IP", f"Public IP: {ip}", ip))
    record = (
        asdict(info)
        if info is not None
        else {
            "id": target.id,
            "name": target.name,
            "datacenter": target.datacenter,
            "power": target.power,
        }
    )
    choices.append(("record", "The whole record as JSON", json.dumps(record, indent=1)))
    return choices


class CopyDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="copy.close")]

    def __init__(self, target: Target) -> None:
        super().__init__()
        self._choices = copy_choices(target)

    def compose(self) -> ComposeResult:
        body = VerticalScroll(classes="dialog", can_focus=False)
        body.border_title = "Copy"
        body.border_subtitle = "Enter copies, Esc closes"
        with body:
            yield OptionList(
                *(Option(Text(label), id=what) for what, label, _ in self._choices),
                id="copy-list",
            )

    @on(OptionList.OptionSelected)
    def _copy(self, event: OptionList.OptionSelected) -> None:
        what, _label, text = next(c for c in self._choices if c[0] == event.option.id)
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the {what} ({len(text)} characters).", timeout=3)
        self.dismiss(None)
