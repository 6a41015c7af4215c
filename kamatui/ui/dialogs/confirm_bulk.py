"""The one confirmation for a power change to every marked server.

It lists each server (name, datacenter, power) with what it gets, the
request sent to each, the servers skipped and why, and the side effects.
The button stays disabled until the number of servers is typed, so a stray
Enter can never power off a fleet. ``y`` copies every request as curl.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..bulk import BulkPlan
from ..mounting import unless_closing
from ..widgets.text_input import TextInput
from .button_keys import BUTTON_KEYS
from .confirm import production_warning


class CountInput(TextInput):
    """A field for a number that leaves every other key to the dialog."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isdigit()


class ConfirmBulk(ModalScreen[bool]):
    # y is a priority key so that it copies even while the count field,
    # which takes digits only, has the focus.
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm_bulk.cancel"),
        Binding(
            "y", "copy_curl", "Copy as curl", priority=True, id="confirm_bulk.curl"
        ),
        *BUTTON_KEYS,
    ]

    def __init__(self, plan: BulkPlan, *, base_url: str) -> None:
        super().__init__()
        self.plan = plan
        self._changes = plan.changes()
        self._base_url = base_url
        self._count = str(len(plan.send))

    def compose(self) -> ComposeResult:
        title = self.plan.operation.title
        body = VerticalScroll(id="bulk-body", classes="dialog", can_focus=False)
        servers = "server" if self._count == "1" else "servers"
        body.border_title = Text(f"{title} {self._count} {servers}?")
        body.border_subtitle = "y copies as curl"
        with body:
            yield from production_warning(self.app)
            yield Static(self._request_text(), id="bulk-request")
            with VerticalScroll(id="bulk-servers"):
                yield Static(self._server_table())
            for effect in self.plan.operation.effects(self.plan.send[0], {}):
                yield Static(Text(f"! {effect}"), classes="confirm-effect")
            yield Label(Text(f"Type {self._count} to confirm:"))
            yield CountInput(
                id="bulk-typed", restrict=r"\d*", max_length=6, compact=True
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    f"{title} {self._count}",
                    id="confirm",
                    variant="error" if self.plan.operation.destructive else "primary",
                    disabled=True,
                    compact=True,
                )

    def _request_text(self) -> Text:
        """The request once, with the server's id as a placeholder."""
        first, target = self._changes[0], self.plan.send[0]
        path = first.path.replace(target.id, "<id>")
        fields = "  ".join(f"{k}={v}" for k, v in first.masked_fields().items())
        return Text.assemble(
            ("Sends: ", "bold"),
            f"{first.method} /service/{path}  {fields}",
            "\n       once to each of the "
            + ("server" if self._count == "1" else f"{self._count} servers")
            + " marked below",
        )

    def _server_table(self) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=30)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column()
        operation = self.plan.operation
        for target in self.plan.send:
            table.add_row(
                Text(target.name),
                target.datacenter,
                target.power,
                Text(f"→ {operation.summary(target, {})}"),
            )
        for target, reason in self.plan.skip:
            table.add_row(
                Text(target.name, style="dim"),
                target.datacenter,
                target.power,
                Text(f"skipped: {reason}", style="italic"),
            )
        return table

    @unless_closing
    def on_mount(self) -> None:
        self.set_focus(self.query_one("#bulk-typed", Input))

    @on(Input.Changed, "#bulk-typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = not self._count_typed()

    def _count_typed(self) -> bool:
        return self.query_one("#bulk-typed", Input).value.strip() == self._count

    @on(Input.Submitted, "#bulk-typed")
    @on(Button.Pressed, "#confirm")
    def _confirmed(self) -> None:
        """Enter in the field confirms too, but only once the count is right."""
        if self._count_typed():
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_copy_curl(self) -> None:
        commands = [change.curl(self._base_url) for change in self._changes]
        self.app.copy_to_clipboard("\n".join(commands))
        self.notify(
            f"Copied {len(commands)} curl commands; set KAMATERA_API_CLIENT_ID "
            "and KAMATERA_API_SECRET before running them.",
            timeout=6,
            markup=False,
        )
