"""The create-server wizard: every choice from the options catalog, step by step.

Each step is drawn from the draft when it is entered and writes every change
straight back into the draft, so moving back and forth keeps every entry.
The review step shows the request (password masked), what is still wrong and
where, and creates the server only when nothing is.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from ...api import ApiError, CreateUnconfirmed, created_server
from ...api.catalog import ServerOptions
from ...api.requests import Nic
from ...api.validation import check_name, check_password, generate_password
from ...tasks import Task
from .. import wizard_draft as model
from ..errors import describe_failure
from ..server_rows import format_ram
from ..task_follower import TaskEnded
from ..widgets.task_panel import TaskPanel
from ..widgets.title_bar import TitleBar
from ..wizard_draft import STEP_TITLES, STEPS, Draft


class ConfirmDiscard(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "keep", "Keep editing")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog") as body:
            body.border_title = "Throw away this new server?"
            yield Static("Everything chosen in the wizard so far will be lost.")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep editing", id="keep", compact=True)
                yield Button("Throw away", id="discard", variant="error", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#keep", Button))

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(True)


class CreateWizardScreen(Screen):
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
        yield Footer()

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

    def on_worker_state_changed(self, event) -> None:
        if event.state.name == "ERROR" and event.worker.group == "wizard-options":
            title, message = describe_failure(event.worker.error)
            body = self.query_one("#wizard-body")
            body.remove_children()
            body.mount(Static(Text(f"{title}: {message}. Esc closes; try again.")))

    # Navigation

    async def action_next(self) -> None:
        index = STEPS.index(self.step)
        if self.command_id is not None:
            return
        if self.options is not None and index < len(STEPS) - 1:
            self.step = STEPS[index + 1]
            await self._show_step()

    async def action_back(self) -> None:
        index = STEPS.index(self.step)
        if self.command_id is not None:
            return
        if self.options is not None and index > 0:
            self.step = STEPS[index - 1]
            await self._show_step()

    async def go_to(self, step: str) -> None:
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
        yield Input(id="dc-filter", placeholder="filter", compact=True)
        yield OptionList(*self._datacenter_options(""), id="dc-list")

    def _datacenter_options(self, query: str) -> list[Option]:
        words = query.lower().split()
        return [
            Option(Text(f"{code:7} {label}"), id=code)
            for code, label in sorted(self.options.datacenters.items())
            if all(w in f"{code} {label}".lower() for w in words)
        ]

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
        yield Input(id="image-filter", placeholder="search", compact=True)
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
        return found

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
        yield Select(
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
        return Select(
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
        yield Select(
            [(format_ram(mb), mb) for mb in sizes],
            value=self.draft.ram_mb if self.draft.ram_mb in sizes else Select.NULL,
            id="ram",
            compact=True,
        )

    @on(Select.Changed, "#ram")
    def _ram_changed(self, event: Select.Changed) -> None:
        self.draft.ram_mb = None if event.value is Select.NULL else event.value

    def _step_disks(self):
        image = self.draft.image(self.options)
        system = model.system_disk_sizes(self.options, image)
        floor = (
            f" (the image needs {image.size_gb} GB)" if image and image.size_gb else ""
        )
        if not self.draft.disks and system:
            self.draft.disks = [system[0]]
        yield Label(f"System disk{floor}")
        yield self._disk_select(0, system)
        for index in range(1, len(self.draft.disks)):
            yield Label(f"Disk {index}")
            yield Horizontal(
                self._disk_select(index, self.options.disk_sizes_gb),
                Button("Remove", id=f"disk-remove-{index}", compact=True),
                classes="wizard-row",
            )
        if len(self.draft.disks) <= model.MAX_EXTRA_DISKS:
            yield Button("Add a disk", id="disk-add", compact=True)

    def _disk_select(self, index: int, sizes) -> Select:
        value = self.draft.disks[index] if index < len(self.draft.disks) else None
        return Select(
            [(f"{size} GB", size) for size in sizes],
            value=value if value in sizes else Select.NULL,
            id=f"disk-{index}",
            compact=True,
        )

    @on(Select.Changed)
    def _disk_changed(self, event: Select.Changed) -> None:
        widget_id = event.select.id or ""
        if widget_id.startswith("disk-") and event.value is not Select.NULL:
            index = int(widget_id.removeprefix("disk-"))
            if index < len(self.draft.disks):
                self.draft.disks[index] = event.value

    @on(Button.Pressed, "#disk-add")
    async def _add_disk(self) -> None:
        self.draft.disks.append(self.options.disk_sizes_gb[0])
        await self._show_step()

    @on(Button.Pressed)
    async def _row_button(self, event: Button.Pressed) -> None:
        """Remove buttons of disk and network rows, and the review's Fix buttons."""
        widget_id = event.button.id or ""
        if widget_id.startswith("goto-"):
            await self.go_to(widget_id.removeprefix("goto-"))
        elif widget_id.startswith("disk-remove-"):
            del self.draft.disks[int(widget_id.removeprefix("disk-remove-"))]
            await self._show_step()
        elif widget_id.startswith("lan-remove-"):
            del self.draft.lans[int(widget_id.removeprefix("lan-remove-"))]
            await self._show_step()

    def _step_network(self):
        lans = model.lan_names(self.options, self.draft.datacenter)
        yield Static("NIC 0: wan, with an automatic public IP")
        for index, nic in enumerate(self.draft.lans):
            yield Label(f"NIC {index + 1}: private network, fixed IP, prefix bits")
            yield Horizontal(
                Select(
                    [(name, name) for name in lans],
                    value=nic.network if nic.network in lans else Select.NULL,
                    id=f"lan-name-{index}",
                    compact=True,
                ),
                Input(
                    nic.ip or "", placeholder="auto", id=f"lan-ip-{index}", compact=True
                ),
                Input(
                    str(nic.bits or ""),
                    placeholder="bits",
                    id=f"lan-bits-{index}",
                    classes="bits",
                    compact=True,
                ),
                Button("Remove", id=f"lan-remove-{index}", compact=True),
                classes="wizard-row",
            )
        if not lans:
            yield Static(f"{self.draft.datacenter} has no private networks.")
        elif len(self.draft.lans) < model.MAX_LANS:
            yield Button("Add a private network", id="lan-add", compact=True)

    @on(Button.Pressed, "#lan-add")
    async def _add_lan(self) -> None:
        lans = model.lan_names(self.options, self.draft.datacenter)
        self.draft.lans.append(Nic(lans[0]))
        await self._show_step()

    @on(Select.Changed)
    def _lan_name_changed(self, event: Select.Changed) -> None:
        widget_id = event.select.id or ""
        if widget_id.startswith("lan-name-") and event.value is not Select.NULL:
            index = int(widget_id.removeprefix("lan-name-"))
            self.draft.lans[index] = replace(
                self.draft.lans[index], network=event.value
            )

    @on(Input.Changed)
    def _lan_field_changed(self, event: Input.Changed) -> None:
        widget_id = event.input.id or ""
        if widget_id.startswith("lan-ip-"):
            index = int(widget_id.removeprefix("lan-ip-"))
            ip = event.value.strip() or None
            self.draft.lans[index] = replace(self.draft.lans[index], ip=ip)
        elif widget_id.startswith("lan-bits-"):
            index = int(widget_id.removeprefix("lan-bits-"))
            text = event.value.strip()
            bits = int(text) if text.isascii() and text.isdigit() else None
            self.draft.lans[index] = replace(self.draft.lans[index], bits=bits)

    def _step_billing(self):
        packages = model.traffic_packages(self.options, self.draft.datacenter)
        yield Label("Billing")
        yield Select(
            [("hourly", "hourly"), ("monthly", "monthly")],
            value=self.draft.billing,
            allow_blank=False,
            id="billing",
            compact=True,
        )
        yield Label("Traffic package (monthly billing only)")
        ids = [package_id for package_id, _ in packages]
        yield Select(
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
        yield Input(self.draft.name, id="name", compact=True)
        yield Static("", id="name-problem", classes="field-problem")
        yield Label("Password (never shown unless you press Show)")
        yield Input(self.draft.password, password=True, id="password", compact=True)
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
            yield Select(keys, value=Select.NULL, id="ssh-pick", compact=True)
        yield Input(
            self.draft.ssh_key,
            placeholder="ssh-ed25519 AAAA…",
            id="ssh-key",
            compact=True,
        )
        yield Label("Startup script (a file to run on first boot)")
        yield Input(placeholder="path, e.g. ~/setup.sh", id="script-path", compact=True)
        yield Static(
            Text(f"{len(self.draft.script)} bytes loaded" if self.draft.script else ""),
            id="script-problem",
            classes="field-problem",
        )
        yield Checkbox("Managed services", self.draft.managed, id="managed")
        yield Checkbox("Daily backup", self.draft.backup, id="backup")
        yield Checkbox("Power on when created", self.draft.power_on, id="power-on")

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
        text, problem = model.read_script(event.value)
        if text or not event.value.strip():
            self.draft.script = text
        message = problem or (f"{len(text)} bytes loaded" if text else "")
        self.query_one("#script-problem", Static).update(Text(message))

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

    def _step_review(self):
        request = self.draft.request()
        problems = self.draft.problems_by_step(self.options)
        image = self.draft.image(self.options)
        lines = [
            ("Datacenter", self.draft.datacenter),
            ("Image", image.description if image else "none"),
            ("CPU", self.draft.cpu),
            ("RAM", format_ram(self.draft.ram_mb) or "none"),
            ("Disks", ", ".join(f"{s} GB" for s in self.draft.disks) or "none"),
            ("Networks", ", ".join(n.network for n in request.nics)),
            ("Billing", f"{self.draft.billing} {request.traffic or ''}".strip()),
            ("Name", self.draft.name),
            ("Password", "set (hidden)" if self.draft.password else "not set"),
            ("SSH key", "yes" if self.draft.ssh_key else "no"),
            (
                "Script",
                f"{len(self.draft.script)} bytes" if self.draft.script else "no",
            ),
            ("Extras", self._extras()),
        ]
        for label, value in lines:
            yield Static(Text.assemble((f"{label:11}", "bold"), value))
        if self._submit_error:
            yield Static(
                Text(self._submit_error), id="submit-error", classes="field-problem"
            )
        for step, messages in problems.items():
            yield Horizontal(
                Button(f"Fix {STEP_TITLES[step]}", id=f"goto-{step}", compact=True),
                Static(Text("; ".join(messages)), classes="field-problem"),
                classes="wizard-row",
            )
        yield Static(
            Text(json.dumps(request.masked_form(), indent=1)), id="review-json"
        )
        yield Horizontal(
            Button("Copy JSON", id="copy-json", compact=True),
            Button(
                "Create",
                id="create",
                variant="primary",
                disabled=bool(problems),
                compact=True,
            ),
            classes="dialog-buttons",
        )

    def _extras(self) -> str:
        chosen = [
            name
            for name, on_ in (
                ("managed", self.draft.managed),
                ("daily backup", self.draft.backup),
                ("power on", self.draft.power_on),
            )
            if on_
        ]
        return ", ".join(chosen) or "none"

    @on(Button.Pressed, "#copy-json")
    def _copy_json(self) -> None:
        self.app.copy_to_clipboard(
            json.dumps(self.draft.request().masked_form(), indent=1)
        )
        self.notify("Request copied as JSON (password masked).", timeout=3)

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.query_one("#create", Button).disabled = True
        self._submit()

    @work(exclusive=True, group="wizard-create", exit_on_error=False)
    async def _submit(self) -> None:
        request = self.draft.request()
        try:
            submitted = await self.app.session.client.create_server(
                request, self.options
            )
        except CreateUnconfirmed as exc:
            await self._failed(exc.message)
            return
        except ApiError as exc:
            await self._failed(f"{exc.title}: {exc.message}")
            return

        self.command_id = submitted.command_id
        self.query_one("#wizard-buttons").display = False
        self.app.follower.track(
            Task(
                command_id=submitted.command_id,
                server_id="",
                server_name=request.name,
                action="Create server",
                submitted_at=time.time(),
                note=submitted.recovered,
                creates=True,
            )
        )
        body = self.query_one("#wizard-body", VerticalScroll)
        await body.remove_children()
        found = f" ({submitted.recovered})" if submitted.recovered else ""
        await body.mount(
            Static(
                Text(
                    f"Creating {request.name}: command {submitted.command_id}{found}. "
                    "Follow it in the task panel; this screen says when it is done."
                ),
                id="wizard-result",
            )
        )

    async def _failed(self, message: str) -> None:
        self._submit_error = message
        await self._show_step()

    @on(TaskEnded)
    async def _task_ended(self, message: TaskEnded) -> None:
        if message.task.command_id != self.command_id:
            return
        body = self.query_one("#wizard-body", VerticalScroll)
        await body.remove_children()
        if not message.task.succeeded:
            await body.mount(
                Static(
                    Text(f"The create ended {message.task.status}:\n{message.task.log}")
                )
            )
            return
        made = created_server(message.task.log)
        open_button = Button(
            "Open it", id="open-created", variant="primary", compact=True
        )
        where = made.public_ip or "no public IP yet"
        await body.mount(Static(Text(f"Created {made.name} at {where}.")), open_button)
        self.created_name = made.name
        self.set_focus(open_button)

    @on(Button.Pressed, "#open-created")
    def _open_created(self) -> None:
        self.app.open_server_named(self.created_name)
