"""Wizard steps for billing and for name, password, SSH key and extras."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...api.validation import check_name, check_password, generate_password
from .. import wizard_draft as model
from ..widgets.choice import Choice
from ..widgets.text_input import TextInput
from ..widgets.tick_box import TickBox


class AccessSteps(Screen):
    """Billing, identity and access; part of ``CreateWizardScreen``."""

    def _step_billing(self):
        packages = model.traffic_packages(self.options, self.draft.datacenter)
        yield Label("Billing")
        yield Choice(
            [("hourly", "hourly"), ("monthly", "monthly")],
            value=self.draft.billing,
            allow_blank=False,
            id="billing",
            compact=True,
        )
        yield Label("Traffic package (monthly billing only)")
        ids = [package_id for package_id, _ in packages]
        yield Choice(
            [(f"{package_id}: {info}", package_id) for package_id, info in packages],
            value=self.draft.traffic if self.draft.traffic in ids else Select.NULL,
            id="traffic",
            compact=True,
            disabled=self.draft.billing != "monthly",
        )

    @on(Select.Changed, "#billing")
    def _billing_changed(self, event: Select.Changed) -> None:
        self.draft.billing = event.value
        self.query_one("#traffic", Select).disabled = event.value != "monthly"

    @on(Select.Changed, "#traffic")
    def _traffic_changed(self, event: Select.Changed) -> None:
        self.draft.traffic = None if event.value is Select.NULL else event.value

    def _step_identity(self):
        yield Label("Name (4-40: letters, digits, . - _)")
        yield TextInput(self.draft.name, id="name", compact=True)
        yield Static("", id="name-problem", classes="field-problem")
        yield Label("Password (never shown unless you press Show)")
        yield TextInput(self.draft.password, password=True, id="password", compact=True)
        yield Horizontal(
            Button("Generate", id="pw-generate", compact=True),
            Button("Show", id="pw-show", compact=True),
            Button("Copy", id="pw-copy", compact=True),
            classes="secret-tools",
        )
        yield Static("", id="password-problem", classes="field-problem")
        keys = model.local_ssh_keys()
        yield Label("SSH public key (one of yours, or paste one)")
        if keys:
            yield Choice(keys, value=Select.NULL, id="ssh-pick", compact=True)
        yield TextInput(
            self.draft.ssh_key,
            placeholder="ssh-ed25519 AAAA…",
            id="ssh-key",
            compact=True,
        )
        yield Label("Startup script (a file to run on first boot)")
        yield TextInput(
            placeholder="path, e.g. ~/setup.sh", id="script-path", compact=True
        )
        yield Static(
            Text(f"{len(self.draft.script)} bytes loaded" if self.draft.script else ""),
            id="script-problem",
            classes="field-problem",
        )
        yield TickBox("Managed services", self.draft.managed, id="managed")
        yield TickBox("Daily backup", self.draft.backup, id="backup")
        yield TickBox("Power on when created", self.draft.power_on, id="power-on")

    @on(Input.Changed, "#name")
    def _name_changed(self, event: Input.Changed) -> None:
        self.draft.name = event.value
        problems = check_name(event.value)
        problem = problems[0].message if problems else ""
        self.query_one("#name-problem", Static).update(Text(problem))

    @on(Input.Changed, "#password")
    def _password_changed(self, event: Input.Changed) -> None:
        self.draft.password = event.value
        problems = check_password(event.value)
        text = "; ".join(p.message for p in problems)
        self.query_one("#password-problem", Static).update(Text(text))

    @on(Input.Changed, "#ssh-key")
    def _ssh_changed(self, event: Input.Changed) -> None:
        self.draft.ssh_key = event.value.strip()

    @on(Select.Changed, "#ssh-pick")
    def _ssh_picked(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.query_one("#ssh-key", Input).value = event.value

    @on(Input.Submitted, "#script-path")
    @on(Input.Blurred, "#script-path")
    def _script_path(self, event) -> None:
        self._read_script(event.value)

    def _read_script(self, path: str) -> None:
        text, problem = model.read_script(path)
        if text or not path.strip():
            self.draft.script = text
        message = problem or (f"{len(text)} bytes loaded" if text else "")
        self.query_one("#script-problem", Static).update(Text(message))

    def take_typed_paths(self) -> None:
        """Read a script path still in its field as the step is left (F2 or
        F3 leave it without the blur that reads it otherwise)."""
        for field in self.query("#script-path").results(Input):
            if field.value.strip():
                self._read_script(field.value)

    @on(Checkbox.Changed)
    def _checkbox(self, event: Checkbox.Changed) -> None:
        field = {"managed": "managed", "backup": "backup", "power-on": "power_on"}
        if event.checkbox.id in field:
            setattr(self.draft, field[event.checkbox.id], event.value)

    @on(Button.Pressed, "#pw-generate")
    def _generate(self) -> None:
        self.query_one("#password", Input).value = generate_password()

    @on(Button.Pressed, "#pw-show")
    def _show_password(self, event: Button.Pressed) -> None:
        field = self.query_one("#password", Input)
        field.password = not field.password
        event.button.label = "Hide" if not field.password else "Show"

    def on_key(self, event) -> None:
        """A revealed password is masked again at the next key press."""
        focused_id = self.focused.id if self.focused is not None else None
        if focused_id == "pw-show" and event.key in ("enter", "space"):
            return
        self._mask_password()

    def on_descendant_focus(self) -> None:
        """Tab is read by the app before this screen sees it: mask on moving."""
        if not (self.focused and self.focused.id == "pw-show"):
            self._mask_password()

    def _mask_password(self) -> None:
        fields = self.query("#password")
        if fields and not fields.first(Input).password:
            fields.first(Input).password = True
            self.query_one("#pw-show", Button).label = "Show"

    @on(Button.Pressed, "#pw-copy")
    def _copy_password(self) -> None:
        if self.draft.password:
            self.app.copy_to_clipboard(self.draft.password)
            self.notify("Password copied to the clipboard.", timeout=3)
