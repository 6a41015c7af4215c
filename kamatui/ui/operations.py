"""Every server operation the screens offer: its key, its form, its request.

An ``Operation`` says how to ask for its input (a form whose choices come
from the server's own option endpoints), which ``Change`` that input makes,
how to describe it in the confirmation, and the side effects worth a
warning. ``operation_flow`` runs one from key press to tracked task.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from ..api import CloneRequest, KamateraClient, changes
from ..api.changes import Change
from ..api.models import POWER_ON, ServerInfo, ServerSummary
from ..api.validation import check_name, check_password
from .dialogs.form import CHOICE, SECRET, Field
from .server_rows import format_ram

Answers = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """The server an operation acts on, as far as the screen knows it."""

    id: str
    name: str
    datacenter: str
    power: str
    info: ServerInfo | None = None

    @classmethod
    def of(cls, server: ServerSummary | ServerInfo) -> Target:
        info = server if isinstance(server, ServerInfo) else None
        return cls(server.id, server.name, server.datacenter, server.power, info)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.datacenter}, {self.power})"


FormBuilder = Callable[[KamateraClient, Target, Answers | None], Awaitable[list[Field]]]


@dataclass(frozen=True)
class Operation:
    id: str
    title: str
    key: str
    build: Callable[[Target, Answers], Change]
    summary: Callable[[Target, Answers], str]
    effects: Callable[[Target, Answers], list[str]] = field(
        default=lambda target, answers: []
    )
    form: FormBuilder | None = None
    destructive: bool = False
    type_name: bool = False
    """Ask for the server's name to be typed before confirming."""
    changes_catalog: bool = False
    """When done, the options catalog (private images) is out of date."""

    @property
    def palette_title(self) -> str:
        return f"Server: {self.title}"


# Forms: each builds its fields from the server's own options.


async def _rename_form(client, target: Target, answers):
    value = (answers or {}).get("name", target.name)
    return [Field("name", "New name", value=value, check=field_check(check_name))]


async def _password_form(client, target: Target, answers):
    value = (answers or {}).get("password", "")
    return [
        Field(
            "password", "New password", SECRET, value, check=field_check(check_password)
        )
    ]


async def _cpu_form(client: KamateraClient, target: Target, answers):
    choices = await client.cpu_choices(target.id)
    options = [
        (cpu, cpu)
        for cpu_type in ("A", "B", "T", "D")
        for cpu in choices.get(cpu_type, ())
    ]
    current = str(target.info.cpu) if target.info and target.info.cpu else ""
    value = (answers or {}).get("cpu", current)
    return [Field("cpu", "CPU (cores and type)", CHOICE, value, options)]


async def _ram_form(client: KamateraClient, target: Target, answers):
    info = target.info or await client.server_info(target.id)
    cpu_type = info.cpu.type if info.cpu else "B"
    sizes = (await client.ram_choices(target.id)).get(cpu_type, ())
    options = [(format_ram(mb), mb) for mb in sizes]
    value = (answers or {}).get("ram", info.ram_mb)
    return [
        Field("ram", f"RAM (sizes for CPU type {cpu_type})", CHOICE, value, options)
    ]


async def _add_disk_form(client: KamateraClient, target: Target, answers):
    sizes = await client.disk_sizes(target.id)
    value = (answers or {}).get("size")
    return [
        Field("size", "New disk size", CHOICE, value, [(f"{s} GB", s) for s in sizes])
    ]


async def _disks_of(client: KamateraClient, target: Target) -> tuple[int, ...]:
    info = await client.server_info(target.id)
    return info.disk_sizes_gb


async def _resize_disk_form(client: KamateraClient, target: Target, answers):
    disks = await _disks_of(client, target)
    sizes = await client.disk_sizes(target.id)
    answers = answers or {}
    return [
        Field(
            "index",
            "Disk",
            CHOICE,
            answers.get("index"),
            [(f"disk {i}: {size} GB", i) for i, size in enumerate(disks)],
        ),
        Field(
            "size",
            "New size (disks only grow)",
            CHOICE,
            answers.get("size"),
            [(f"{s} GB", s) for s in sizes],
        ),
    ]


async def _remove_disk_form(client: KamateraClient, target: Target, answers):
    disks = await _disks_of(client, target)
    options = [(f"disk {i}: {size} GB", i) for i, size in enumerate(disks) if i > 0]
    value = (answers or {}).get("index")
    return [
        Field("index", "Disk to remove (the system disk stays)", CHOICE, value, options)
    ]


async def _billing_form(client: KamateraClient, target: Target, answers):
    options = await client.server_options()
    packages = options.traffic.get(target.datacenter, ())
    answers = answers or {}
    return [
        Field(
            "cycle",
            "Billing",
            CHOICE,
            answers.get("cycle"),
            [("hourly", "hourly"), ("monthly", "monthly")],
        ),
        Field(
            "traffic",
            "Traffic package (monthly only)",
            CHOICE,
            answers.get("traffic"),
            [(f"{p.id}: {p.info}", p.id) for p in packages],
        ),
    ]


SAME = "same"
"""A choice that keeps the source server's value."""


async def _clone_form(client: KamateraClient, target: Target, answers):
    answers = answers or {}
    cpus = await client.cpu_choices(target.id)
    cpu_type = target.info.cpu.type if target.info and target.info.cpu else "B"
    rams = (await client.ram_choices(target.id)).get(cpu_type, ())
    return [
        Field(
            "name",
            "Name of the copy",
            value=answers.get("name", f"{target.name}-copy"[:40]),
            check=field_check(check_name),
        ),
        Field(
            "password",
            "Password of the copy",
            SECRET,
            answers.get("password", ""),
            check=field_check(check_password),
        ),
        Field(
            "billing",
            "Billing",
            CHOICE,
            answers.get("billing", "hourly"),
            [("hourly", "hourly"), ("monthly", "monthly")],
        ),
        Field(
            "cpu",
            "CPU",
            CHOICE,
            answers.get("cpu", SAME),
            [("same as the source", SAME)]
            + [(cpu, cpu) for cpu in cpus.get(cpu_type, ())],
        ),
        Field(
            "ram",
            "RAM",
            CHOICE,
            answers.get("ram", SAME),
            [("same as the source", SAME)] + [(format_ram(mb), mb) for mb in rams],
        ),
    ]


def field_check(check) -> Callable[[Any], str]:
    """A field check from a validator: its first problem's message, or ""."""

    def field_check(value: Any) -> str:
        problems = check(value)
        return problems[0].message if problems else ""

    return field_check


# Side effects worth a warning.


def _terminate_effects(target: Target, _answers) -> list[str]:
    effects = ["Permanent: the server and all its disks are deleted."]
    if target.power == POWER_ON:
        effects.append("It is running: it will be forced off first (force=1).")
    return effects


def _clone_change(target: Target, answers: Answers) -> Change:
    request = _clone_request(target, answers)
    return Change(
        "POST",
        "server/clone",
        request.form(),
        "Clone",
        secret_fields=frozenset({"password"}),
    )


def _clone_request(target: Target, answers: Answers) -> CloneRequest:
    cpu, ram = answers.get("cpu", SAME), answers.get("ram", SAME)
    return CloneRequest(
        source_id=target.id,
        name=answers["name"],
        password=answers["password"],
        billing=answers.get("billing", "hourly"),
        cpu=None if cpu == SAME else cpu,
        ram_mb=None if ram == SAME else ram,
    )


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "power_on",
        "Power on",
        "u",
        lambda t, a: changes.power(t.id, "on"),
        lambda t, a: "power on",
    ),
    Operation(
        "power_off",
        "Power off",
        "d",
        lambda t, a: changes.power(t.id, "off"),
        lambda t, a: "power off",
        lambda t, a: ["Powering off interrupts everything the server is serving."],
    ),
    Operation(
        "restart",
        "Restart",
        "R",
        lambda t, a: changes.power(t.id, "restart"),
        lambda t, a: "restart",
        lambda t, a: ["The server is unavailable while it restarts."],
    ),
    Operation(
        "rename",
        "Rename",
        "n",
        lambda t, a: changes.rename(t.id, a["name"]),
        lambda t, a: f"name {t.name} → {a['name']}",
        form=_rename_form,
    ),
    Operation(
        "password",
        "Reset password",
        "P",
        lambda t, a: changes.set_password(t.id, a["password"]),
        lambda t, a: "the administrator password",
        lambda t, a: ["The old password stops working when the command completes."],
        form=_password_form,
    ),
    Operation(
        "cpu",
        "Change CPU",
        "c",
        lambda t, a: changes.set_cpu(t.id, a["cpu"]),
        lambda t, a: f"CPU → {a['cpu']}",
        lambda t, a: ["The server may be restarted to apply the change."],
        form=_cpu_form,
    ),
    Operation(
        "ram",
        "Change RAM",
        "m",
        lambda t, a: changes.set_ram(t.id, a["ram"]),
        lambda t, a: f"RAM → {format_ram(a['ram'])}",
        lambda t, a: ["The server may be restarted to apply the change."],
        form=_ram_form,
    ),
    Operation(
        "add_disk",
        "Add disk",
        "a",
        lambda t, a: changes.add_disk(t.id, a["size"]),
        lambda t, a: f"a new {a['size']} GB disk",
        lambda t, a: ["The new disk is billed from now on."],
        form=_add_disk_form,
    ),
    Operation(
        "resize_disk",
        "Resize disk",
        "z",
        lambda t, a: changes.resize_disk(t.id, a["index"], a["size"]),
        lambda t, a: f"disk {a['index']} → {a['size']} GB",
        lambda t, a: [
            "Kamatera takes a snapshot of the server before resizing.",
            "While snapshots exist, no disk can be removed.",
        ],
        form=_resize_disk_form,
    ),
    Operation(
        "remove_disk",
        "Remove disk",
        "D",
        lambda t, a: changes.remove_disk(t.id, a["index"]),
        lambda t, a: f"remove disk {a['index']}",
        lambda t, a: [
            "Everything on that disk is destroyed.",
            "Refused while the server has snapshots.",
        ],
        form=_remove_disk_form,
        destructive=True,
    ),
    Operation(
        "billing",
        "Change billing",
        "b",
        lambda t, a: changes.set_billing(
            t.id, a["cycle"], a["traffic"] if a["cycle"] == "monthly" else None
        ),
        lambda t, a: f"billing → {a['cycle']}",
        lambda t, a: ["Billing changes may take effect from the next period."],
        form=_billing_form,
    ),
    Operation(
        "clone",
        "Clone",
        "C",
        _clone_change,
        lambda t, a: f"a new server {a['name']!r} copied from {t.name}",
        lambda t, a: ["The copy is a new server, billed from its creation."],
        form=_clone_form,
    ),
    Operation(
        "terminate",
        "Terminate",
        "T",
        lambda t, a: changes.terminate(t.id, force=t.power == POWER_ON),
        lambda t, a: f"delete {t.name} for good",
        _terminate_effects,
        destructive=True,
        type_name=True,
    ),
)

BY_ID = {operation.id: operation for operation in OPERATIONS}


async def send(client: KamateraClient, operation: Operation, target, answers):
    """Send the change once; the command id, or None for billing's answer."""
    if operation.id == "clone":
        submitted = await client.clone_server(_clone_request(target, answers))
        return submitted.command_id
    change = operation.build(target, answers)
    if not change.returns_command:
        await client.set_billing(
            target.id, answers["cycle"], change.fields.get("traffic")
        )
        return None
    return await client.send(change)
