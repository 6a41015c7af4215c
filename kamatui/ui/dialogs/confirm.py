"""The confirmation every change goes through, with Cancel focused.

It names the server, says what will change and what will be sent (secrets
masked), and warns of the side effects that matter. ``y`` copies the request
as a curl command whose credentials are environment variables. For the
irreversible, the server's name must be typed first.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...api.changes import Change
from ...wording import listed
from ..mounting import unless_closing
from ..widgets.text_input import TextInput
from .button_keys import BUTTON_KEYS


def production_warning(app) -> ComposeResult:
    """A line saying the change goes to a production account, if it does."""
    profile = getattr(app, "profile", None)
    if profile is not None and profile.production:
        yield Static(
            Text(f"PRODUCTION: profile {profile.name}", style="bold reverse"),
            classes="confirm-production",
        )


class ConfirmChange(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
        Binding("y", "copy_curl", "Copy as curl", id="confirm.curl"),
        *BUTTON_KEYS,
    ]

    def __init__(
        self,
        change: Change,
        *,
        server: str,
        summary: str,
        effects: Sequence[str] = (),
        type_to_confirm: str | None = None,
        base_url: str,
        destructive: bool = False,
    ) -> None:
        super().__init__()
        self.change = change
        self._server = server
        self._summary = summary
        self._effects = effects
        self._type_to_confirm = type_to_confirm
        self._base_url = base_url
        self._destructive = destructive

    def compose(self) -> ComposeResult:
        body = VerticalScroll(id="confirm-body", classes="dialog", can_focus=False)
        body.border_title = Text(f"{self.change.title}?")
        body.border_subtitle = "y copies as curl"
        with body:
            yield from production_warning(self.app)
            yield Static(Text.assemble(("Server: ", "bold"), self._server))
            yield Static(Text.assemble(("Change: ", "bold"), self._summary))
            yield Static(self._request_text(), id="confirm-request")
            for effect in self._effects:
                yield Static(Text(f"! {effect}"), classes="confirm-effect")
            if self._type_to_confirm is not None:
                yield Label(Text(f"Type {self._type_to_confirm!r} to confirm:"))
                yield TextInput(id="confirm-typed", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    self.change.title,
                    id="confirm",
                    variant="error" if self._destructive else "primary",
                    disabled=self._type_to_confirm is not None,
                    compact=True,
                )

    def _request_text(self) -> Text:
        fields = "  ".join(f"{k}={v}" for k, v in self.change.masked_fields().items())
        return Text.assemble(
            ("Sends: ", "bold"),
            f"{self.change.method} /service/{self.change.path}",
            f"\n       {fields}" if fields else "",
        )

    @unless_closing
    def on_mount(self) -> None:
        """Cancel first; for a typed confirmation, the field for the name
        (its button stays disabled until the name matches)."""
        typed = self.query("#confirm-typed")
        self.set_focus(typed.first() if typed else self.query_one("#cancel", Button))

    @on(Input.Changed, "#confirm-typed")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#confirm", Button).disabled = (
            event.value != self._type_to_confirm
        )

    @on(Button.Pressed, "#confirm")
    def _confirmed(self) -> None:
        if not self.query_one("#confirm", Button).disabled:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_copy_curl(self) -> None:
        self.app.copy_to_clipboard(self.change.curl(self._base_url))
        needed = ["KAMATERA_API_CLIENT_ID", "KAMATERA_API_SECRET"]
        needed += [self.change.secret_variable(k) for k in self.change.secret_fields]
        self.notify(
            f"Copied as curl; set {listed(needed)} before running it.",
            timeout=6,
            markup=False,
        )
