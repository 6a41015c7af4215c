"""Wizard steps for disks and networks: rows the user adds and removes."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ...api.requests import Nic
from .. import wizard_draft as model
from ..widgets.choice import Choice
from ..widgets.text_input import TextInput


class HardwareSteps(Screen):
    """Disks and networks; part of ``CreateWizardScreen``."""

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
        return Choice(
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
                Choice(
                    [(name, name) for name in lans],
                    value=nic.network if nic.network in lans else Select.NULL,
                    id=f"lan-name-{index}",
                    compact=True,
                ),
                TextInput(
                    nic.ip or "", placeholder="auto", id=f"lan-ip-{index}", compact=True
                ),
                TextInput(
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
