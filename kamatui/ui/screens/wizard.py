"""The create-server wizard: every choice from the options catalog, step by step.

Each step is drawn from the draft when it is entered and writes every change
straight back into the draft, so moving back and forth keeps every entry.
The review step shows the request (password masked), what is still wrong and
where, and creates the server only when nothing is.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from ...api.catalog import ServerOptions
from .. import wizard_draft as model
from ..dialogs.discard import ConfirmDiscard
from ..errors import describe_failure
from ..mounting import unless_closing
from ..server_rows import format_ram
from ..widgets.choice import Choice
from ..widgets.footer import KeysFooter
from ..widgets.task_panel import TaskPanel
from ..widgets.text_input import TextInput
from ..widgets.title_bar import TitleBar
from ..wizard_draft import STEP_TITLES, STEPS, Draft
from .wizard_access import AccessSteps
from .wizard_hardware import HardwareSteps
from .wizard_review import ReviewStep


class CreateWizardScreen(ReviewStep, AccessSteps, HardwareSteps, Screen):
    """The wizard; its later steps live in the classes it is built from."""

    holds_typing = True
    """Closing it other than by its own Esc would lose the draft: the jump
    prompt asks for it to be closed first."""

    BINDINGS = [
        Binding("escape", "leave", "Close", id="wizard.close"),
        Binding("f2", "back", "Back", id="wizard.back"),
        Binding("f3", "next", "Next", id="wizard.next"),
    ]

    def __init__(self, draft: Draft | None = None) -> None:
        super().__init__()
        self.draft = draft or Draft()
        self.options: ServerOptions | None = None
        self.step = STEPS[0]
        self.command_id: int | None = None
        self._submit_error = ""

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.session.profile_name, demo=self.app.session.is_demo)
        yield Static("", id="wizard-steps")
        yield VerticalScroll(id="wizard-body")
        with Horizontal(id="wizard-buttons"):
            yield Button("Back (F2)", id="back", compact=True)
            yield Button("Next (F3)", id="next", variant="primary", compact=True)
        yield TaskPanel(id="task-panel")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self.query_one("#wizard-body").mount(Static("Loading the options catalog…"))
        self._load_options()

    def on_screen_resume(self) -> None:
        self.app.refresh_task_panels()

    @work(exclusive=True, group="wizard-options", exit_on_error=False)
    async def _load_options(self) -> None:
        self.options = await self.app.session.client.server_options()
        if self.draft.datacenter and self.draft.cpu:
            self.step = "image"
        await self._show_step()

    async def on_worker_state_changed(self, event) -> None:
        """The catalog did not load: say why, and try again by itself."""
        if event.state.name == "ERROR" and event.worker.group == "wizard-options":
            title, message = describe_failure(event.worker.error)
            seconds = self.app.config.refresh_seconds
            body = self.query_one("#wizard-body")
            await body.remove_children()
            retry = f"Retrying every {seconds:g} s; Esc closes"
            text = Text(f"{title}: {message}. {retry}.")
            await body.mount(Static(text, id="wizard-error"))
            self.set_timer(seconds, self._load_options)

    # Navigation

    async def action_next(self) -> None:
        index = STEPS.index(self.step)
        if self.command_id is not None:
            return
        self.take_typed_paths()
        if self.options is not None and index < len(STEPS) - 1:
            self.step = STEPS[index + 1]
            await self._show_step()

    async def action_back(self) -> None:
        index = STEPS.index(self.step)
        if self.command_id is not None:
            return
        self.take_typed_paths()
        if self.options is not None and index > 0:
            self.step = STEPS[index - 1]
            await self._show_step()

    async def go_to(self, step: str) -> None:
        self.take_typed_paths()
        self.step = step
        await self._show_step()

    @on(Button.Pressed, "#next")
    async def _next_pressed(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#back")
    async def _back_pressed(self) -> None:
        await self.action_back()

    def action_leave(self) -> None:
        if self.command_id is not None or not self.draft.touched():
            self.app.pop_screen()
            return

        def leave(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDiscard(), leave)

    async def _show_step(self) -> None:
        self._draw_progress()
        body = self.query_one("#wizard-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(list(getattr(self, f"_step_{self.step}")()))
        self.query_one("#back", Button).disabled = self.step == STEPS[0]
        self.query_one("#next", Button).display = self.step != "review"
        focusable = [
            w for w in body.query("Input, OptionList, Select, Button, Checkbox")
        ]
        if focusable:
            self.set_focus(focusable[0])

    def _draw_progress(self) -> None:
        parts = Text("Step ")
        for number, step in enumerate(STEPS, start=1):
            if step == self.step:
                parts.append(f" {number} {STEP_TITLES[step]} ", style="bold reverse")
            else:
                parts.append(f" {number} ", style="dim")
        self.query_one("#wizard-steps", Static).update(parts)

    # Steps: each yields its widgets, filled from the draft

    def _step_datacenter(self):
        yield Label("Datacenter (type to filter, Enter to choose)")
        yield TextInput(id="dc-filter", placeholder="filter", compact=True)
        yield OptionList(*self._datacenter_options(""), id="dc-list")

    def _datacenter_options(self, query: str) -> list[Option]:
        words = query.lower().split()
        found = [
            Option(Text(f"{code:7} {label}"), id=code)
            for code, label in sorted(self.options.datacenters.items())
            if all(w in f"{code} {label}".lower() for w in words)
        ]
        return found or [_nothing_matches("datacenter", query)]

    @on(Input.Changed, "#dc-filter")
    def _filter_datacenters(self, event: Input.Changed) -> None:
        listing = self.query_one("#dc-list", OptionList)
        listing.clear_options()
        listing.add_options(self._datacenter_options(event.value))

    @on(Input.Submitted, "#dc-filter")
    @on(Input.Submitted, "#image-filter")
    async def _choose_first(self, event: Input.Submitted) -> None:
        """Enter in a filter takes the first match, as a search box would."""
        listing = self.query_one(
            "#dc-list" if event.input.id == "dc-filter" else "#image-list", OptionList
        )
        for index in range(listing.option_count):
            if not listing.get_option_at_index(index).disabled:
                listing.highlighted = index
                listing.action_select()
                return

    @on(OptionList.OptionSelected, "#dc-list")
    async def _datacenter_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id != self.draft.datacenter:
            self.draft = replace(
                self.draft,
                datacenter=event.option.id,
                image_id="",
                lans=[],
                traffic=None,
            )
        await self.action_next()

    def _step_image(self):
        yield Label(f"Image in {self.draft.datacenter} (type to search)")
        yield TextInput(id="image-filter", placeholder="search", compact=True)
        yield OptionList(*self._image_options(""), id="image-list")

    def _image_options(self, query: str) -> list[Option]:
        images = self.options.images.get(self.draft.datacenter, ())
        found = []
        for group, members in model.grouped_images(images, query):
            found.append(Option(Text(group.upper(), style="bold"), disabled=True))
            for image in members:
                size = f"{image.size_gb} GB" if image.size_gb else ""
                mark = "● " if image.id == self.draft.image_id else "  "
                found.append(
                    Option(Text(f"{mark}{image.description}  {size}"), id=image.id)
                )
        return found or [_nothing_matches("image", query)]

    @on(Input.Changed, "#image-filter")
    def _filter_images(self, event: Input.Changed) -> None:
        listing = self.query_one("#image-list", OptionList)
        listing.clear_options()
        listing.add_options(self._image_options(event.value))

    @on(OptionList.OptionSelected, "#image-list")
    async def _image_chosen(self, event: OptionList.OptionSelected) -> None:
        self.draft.image_id = event.option.id
        image = self.draft.image(self.options)
        floor = model.system_disk_sizes(self.options, image)
        if floor and (not self.draft.disks or self.draft.disks[0] < floor[0]):
            self.draft.disks = [floor[0], *self.draft.disks[1:]]
        await self.action_next()

    def _step_cpu(self):
        types = model.cpu_types(self.options)
        yield Label("CPU type")
        yield Choice(
            [(model.CPU_TYPE_HELP[t], t) for t in types],
            value=self.draft.cpu_type if self.draft.cpu_type in types else types[0],
            allow_blank=False,
            id="cpu-type",
            compact=True,
        )
        yield Label("Cores")
        yield self._cores_select()

    def _cores_select(self) -> Select:
        choices = model.cpu_choices(self.options, self.draft.cpu_type)
        return Choice(
            [(c, c) for c in choices],
            value=self.draft.cpu if self.draft.cpu in choices else Select.NULL,
            id="cpu-cores",
            compact=True,
        )

    @on(Select.Changed, "#cpu-type")
    async def _cpu_type_changed(self, event: Select.Changed) -> None:
        if event.value != self.draft.cpu_type and event.value is not Select.NULL:
            self.draft = model.with_cpu_type(self.draft, self.options, event.value)
            await self.query_one("#cpu-cores").remove()
            await self.query_one("#wizard-body").mount(self._cores_select())

    @on(Select.Changed, "#cpu-cores")
    def _cores_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.draft.cpu = event.value

    def _step_ram(self):
        sizes = model.ram_choices(self.options, self.draft.cpu_type)
        yield Label(f"RAM (what CPU type {self.draft.cpu_type} allows)")
        yield Choice(
            [(format_ram(mb), mb) for mb in sizes],
            value=self.draft.ram_mb if self.draft.ram_mb in sizes else Select.NULL,
            id="ram",
            compact=True,
        )

    @on(Select.Changed, "#ram")
    def _ram_changed(self, event: Select.Changed) -> None:
        self.draft.ram_mb = None if event.value is Select.NULL else event.value


def _nothing_matches(what: str, query: str) -> Option:
    """An empty list looks like a list still loading: say why it is empty."""
    return Option(
        Text(f"No {what} matches {query.strip()!r}; Backspace widens the search."),
        disabled=True,
    )
