"""A small form in a dialog: text, secret and choice fields, checked as typed.

Each field's problem is shown under it as the user types, and the submit
button stays disabled until every field is acceptable. The answers come
back as a dict; Esc or Cancel give None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...api.validation import generate_password
from ..fields import CHOICE, SECRET, Field
from ..mounting import unless_closing
from ..widgets.choice import Choice
from ..widgets.text_input import TextInput


class FormDialog(ModalScreen[dict | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        *,
        intro: str = "",
        error: str = "",
        submit_label: str = "Review",
    ) -> None:
        super().__init__()
        self._title = title
        self._fields = {field.name: field for field in fields}
        self._intro = intro
        self._error = error
        self._submit_label = submit_label

    def compose(self) -> ComposeResult:
        body = VerticalScroll(id="form-body", classes="dialog", can_focus=False)
        body.border_title = Text(self._title)
        with body:
            if self._intro:
                yield Static(Text(self._intro), classes="form-intro")
            yield Static(Text(self._error), id="form-error")
            for field in self._fields.values():
                yield Label(field.label)
                yield self._widget_for(field)
                if field.kind == SECRET:
                    with Horizontal(classes="secret-tools"):
                        yield Button(
                            "Generate", id=f"generate-{field.name}", compact=True
                        )
                        yield Button("Show", id=f"reveal-{field.name}", compact=True)
                        yield Button("Copy", id=f"copy-{field.name}", compact=True)
                yield Static("", id=f"problem-{field.name}", classes="field-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    self._submit_label, id="submit", variant="primary", compact=True
                )

    def _widget_for(self, field: Field):
        if field.kind == CHOICE:
            value = field.value if field.value not in ("", None) else Select.NULL
            return Choice(
                list(field.options),
                value=value,
                id=f"field-{field.name}",
                allow_blank=value is Select.NULL,
                compact=True,
            )
        return TextInput(
            str(field.value),
            password=field.kind == SECRET,
            id=f"field-{field.name}",
            compact=True,
        )

    @unless_closing
    def on_mount(self) -> None:
        self.query_one("#form-error").display = bool(self._error)
        self._check_all()
        first = next(iter(self._fields))
        self.set_focus(self.query_one(f"#field-{first}"))

    def choices(self, name: str) -> list[Any]:
        """The values a choice field offers."""
        return [value for _label, value in self._fields[name].options]

    def values(self) -> dict[str, Any]:
        answers = {}
        for name, field in self._fields.items():
            widget = self.query_one(f"#field-{name}")
            value = widget.value
            if field.kind == CHOICE and value is Select.NULL:
                value = None
            answers[name] = value
        return answers

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._check_all()

    def _check_all(self) -> bool:
        ok = True
        for name, problem in self._problems().items():
            self.query_one(f"#problem-{name}", Static).update(Text(problem))
            ok = ok and not problem
        self.query_one("#submit", Button).disabled = not ok
        return ok

    def _problems(self) -> dict[str, str]:
        problems = {}
        for name, value in self.values().items():
            field = self._fields[name]
            if field.kind == CHOICE and value is None:
                problems[name] = "choose one"
            elif field.check is not None:
                problems[name] = field.check(value)
            else:
                problems[name] = ""
        return problems

    @on(Button.Pressed, "#submit")
    @on(Input.Submitted)
    def _submit(self) -> None:
        if self._check_all():
            self.dismiss(self.values())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_key(self, event) -> None:
        """A revealed secret is masked again at the next key press."""
        focused_id = self.focused.id if self.focused is not None else None
        if (focused_id or "").startswith("reveal-") and event.key in ("enter", "space"):
            return
        self._mask_secrets()

    def on_descendant_focus(self) -> None:
        """Tab is read by the app before this screen sees it: mask on moving."""
        if not (self.focused and (self.focused.id or "").startswith("reveal-")):
            self._mask_secrets()

    def _mask_secrets(self) -> None:
        for name, field in self._fields.items():
            if field.kind == SECRET:
                widget = self.query_one(f"#field-{name}", Input)
                if not widget.password:
                    widget.password = True
                    self.query_one(f"#reveal-{name}", Button).label = "Show"

    @on(Button.Pressed)
    def _secret_tool(self, event: Button.Pressed) -> None:
        tool, _, name = (event.button.id or "").partition("-")
        if name not in self._fields:
            return
        field = self.query_one(f"#field-{name}", Input)
        if tool == "generate":
            field.value = generate_password()
            self.notify("Generated a password that meets the rules.", timeout=3)
        elif tool == "reveal":
            field.password = not field.password
            event.button.label = "Hide" if not field.password else "Show"
        elif tool == "copy" and field.value:
            self.app.copy_to_clipboard(field.value)
            self.notify("Copied to the clipboard.", timeout=3)
