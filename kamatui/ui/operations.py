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
from ..api.models import POWER_ON
from . import operation_forms as forms
from .fields import Field
from .operation_names import NAMES
from .server_rows import format_ram
from .target import Target

Answers = dict[str, Any]


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
    cpu, ram = answers.get("cpu", forms.SAME), answers.get("ram", forms.SAME)
    return CloneRequest(
        source_id=target.id,
        name=answers["name"],
        password=answers["password"],
        billing=answers.get("billing", "hourly"),
        cpu=None if cpu == forms.SAME else cpu,
        ram_mb=None if ram == forms.SAME else ram,
    )


def _on_server(operation_id: str, *args: Any, **kwargs: Any) -> Operation:
    """An operation of the server keys, named as ``operation_names`` has it."""
    title, key = NAMES[operation_id]
    return Operation(operation_id, title, key, *args, **kwargs)


OPERATIONS: tuple[Operation, ...] = (
    _on_server(
        "power_on",
        lambda t, a: changes.power(t.id, "on"),
        lambda t, a: "power on",
    ),
    _on_server(
        "power_off",
        lambda t, a: changes.power(t.id, "off"),
        lambda t, a: "power off",
        lambda t, a: ["Powering off interrupts everything the server is serving."],
    ),
    _on_server(
        "restart",
        lambda t, a: changes.power(t.id, "restart"),
        lambda t, a: "restart",
        lambda t, a: ["The server is unavailable while it restarts."],
    ),
    _on_server(
        "rename",
        lambda t, a: changes.rename(t.id, a["name"]),
        lambda t, a: f"name {t.name} → {a['name']}",
        form=forms.rename_form,
    ),
    _on_server(
        "password",
        lambda t, a: changes.set_password(t.id, a["password"]),
        lambda t, a: "the administrator password",
        lambda t, a: ["The old password stops working when the command completes."],
        form=forms.password_form,
    ),
    _on_server(
        "cpu",
        lambda t, a: changes.set_cpu(t.id, a["cpu"]),
        lambda t, a: f"CPU → {a['cpu']}",
        lambda t, a: ["The server may be restarted to apply the change."],
        form=forms.cpu_form,
    ),
    _on_server(
        "ram",
        lambda t, a: changes.set_ram(t.id, a["ram"]),
        lambda t, a: f"RAM → {format_ram(a['ram'])}",
        lambda t, a: ["The server may be restarted to apply the change."],
        form=forms.ram_form,
    ),
    _on_server(
        "add_disk",
        lambda t, a: changes.add_disk(t.id, a["size"]),
        lambda t, a: f"a new {a['size']} GB disk",
        lambda t, a: ["The new disk is billed from now on."],
        form=forms.add_disk_form,
    ),
    _on_server(
        "resize_disk",
        lambda t, a: changes.resize_disk(t.id, a["index"], a["size"]),
        lambda t, a: f"disk {a['index']} → {a['size']} GB",
        lambda t, a: [
            "Kamatera takes a snapshot of the server before resizing.",
            "While snapshots exist, no disk can be removed.",
        ],
        form=forms.resize_disk_form,
    ),
    _on_server(
        "remove_disk",
        lambda t, a: changes.remove_disk(t.id, a["index"]),
        lambda t, a: f"remove disk {a['index']}",
        lambda t, a: [
            "Everything on that disk is destroyed.",
            "Refused while the server has snapshots.",
        ],
        form=forms.remove_disk_form,
        destructive=True,
    ),
    _on_server(
        "billing",
        lambda t, a: changes.set_billing(
            t.id, a["cycle"], a["traffic"] if a["cycle"] == "monthly" else None
        ),
        lambda t, a: f"billing → {a['cycle']}",
        lambda t, a: ["Billing changes may take effect from the next period."],
        form=forms.billing_form,
    ),
    _on_server(
        "clone",
        _clone_change,
        lambda t, a: f"a new server {a['name']!r} copied from {t.name}",
        lambda t, a: ["The copy is a new server, billed from its creation."],
        form=forms.clone_form,
    ),
    _on_server(
        "terminate",
        lambda t, a: changes.terminate(t.id, force=t.power == POWER_ON),
        lambda t, a: f"delete {t.name} for good",
        _terminate_effects,
        destructive=True,
        type_name=True,
    ),
)

BY_ID = {operation.id: operation for operation in OPERATIONS}


async def send(client: KamateraClient, operation: Operation, target, answers):
    """Send the change once: the command id (None for billing's answer), and
    how a clone's lost answer was recovered ("" when it was not lost)."""
    if operation.id == "clone":
        submitted = await client.clone_server(_clone_request(target, answers))
        return submitted.command_id, submitted.recovered
    change = operation.build(target, answers)
    if not change.returns_command:
        await client.set_billing(
            target.id, answers["cycle"], change.fields.get("traffic")
        )
        return None, ""
    return await client.send(change), ""
