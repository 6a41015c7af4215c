"""Every request that changes a server, built in one place.

A ``Change`` is what will be sent: method, path and fields. The client sends
it; a confirmation dialog shows it (secrets masked) and can copy it as a curl
command first, so what the user approves is exactly what goes out. Builders
check their input with the API's rules and raise ``InvalidInput`` before
anything is sent.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from .validation import (
    check_billing,
    check_cpu,
    check_disk_size,
    check_name,
    check_password,
    raise_if,
)

MASK = "********"
POWER_STATES = ("on", "off", "restart")


@dataclass(frozen=True, slots=True)
class Change:
    method: str
    path: str
    """Relative to the API base URL, e.g. ``server/<id>/power``."""
    fields: dict[str, Any]
    title: str
    """What it does, in a few words: "Power off"."""
    secret_fields: frozenset[str] = frozenset()
    returns_command: bool = True
    """False for the one change that answers at once (billing)."""

    def __repr__(self) -> str:
        return f"Change({self.method} {self.path} {self.masked_fields()!r})"

    def masked_fields(self) -> dict[str, str]:
        """The fields as they go on the wire, secrets replaced by a mask."""
        return {
            key: MASK if key in self.secret_fields else _form(value)
            for key, value in self.fields.items()
        }

    @staticmethod
    def secret_variable(key: str) -> str:
        """The environment variable a copied curl reads a secret field from."""
        return "KAMATUI_" + "".join(ch if ch.isalnum() else "_" for ch in key).upper()

    def curl(self, base_url: str) -> str:
        """A curl command for it; credentials and secrets stay variables."""
        parts = [
            "curl",
            "-X",
            self.method,
            f"{base_url.rstrip('/')}/{self.path}",
            "-H",
            "AuthClientId: $KAMATERA_API_CLIENT_ID",
            "-H",
            "AuthSecret: $KAMATERA_API_SECRET",
        ]
        for key, value in self.fields.items():
            shown = (
                f"${self.secret_variable(key)}" if key in self.secret_fields else value
            )
            parts += ["--data-urlencode", f"{key}={_form(shown)}"]
        return " ".join(_quote(part) for part in parts)


def _form(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _quote(part: str) -> str:
    """Quote for a shell, leaving ``$VARIABLES`` to expand inside double quotes."""
    if "$" in part:
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return shlex.quote(part)


def power(server_id: str, state: str) -> Change:
    if state not in POWER_STATES:
        raise ValueError(f"power state must be on, off or restart, not {state!r}")
    title = {"on": "Power on", "off": "Power off", "restart": "Restart"}[state]
    return Change("PUT", f"server/{server_id}/power", {"power": state}, title)


def terminate(server_id: str, *, force: bool) -> Change:
    fields: dict[str, Any] = {"confirm": 1}
    if force:
        fields["force"] = 1
    return Change("DELETE", f"server/{server_id}/terminate", fields, "Terminate")


def set_cpu(server_id: str, cpu: str) -> Change:
    raise_if(check_cpu(cpu))
    return Change("PUT", f"server/{server_id}/cpu", {"cpu": cpu.upper()}, "Change CPU")


def set_ram(server_id: str, megabytes: int) -> Change:
    return Change("PUT", f"server/{server_id}/ram", {"ram": megabytes}, "Change RAM")


def rename(server_id: str, name: str) -> Change:
    raise_if(check_name(name))
    return Change("PUT", f"server/{server_id}/rename", {"name": name}, "Rename")


def set_password(server_id: str, password: str) -> Change:
    raise_if(check_password(password))
    return Change(
        "PUT",
        f"server/{server_id}/password",
        {"password": password},
        "Reset password",
        secret_fields=frozenset({"password"}),
    )


def add_disk(server_id: str, size_gb: int, *, provision: bool = True) -> Change:
    raise_if(check_disk_size(size_gb))
    fields = {"size": int(size_gb), "provision": provision}
    return Change("POST", f"server/{server_id}/disk", fields, "Add disk")


def resize_disk(server_id: str, index: int, size_gb: int) -> Change:
    raise_if(check_disk_size(size_gb))
    fields = {"index": index, "size": int(size_gb), "provision": True}
    return Change("PUT", f"server/{server_id}/disk", fields, "Resize disk")


def remove_disk(server_id: str, index: int) -> Change:
    fields = {"index": index, "confirm": 1}
    return Change("DELETE", f"server/{server_id}/disk/remove", fields, "Remove disk")


def create_snapshot(server_id: str, name: str) -> Change:
    return Change(
        "POST", f"server/{server_id}/snapshot", {"name": name}, "Take snapshot"
    )


def revert_snapshot(server_id: str, snapshot_id: int) -> Change:
    return Change(
        "PUT",
        f"server/{server_id}/snapshot",
        {"snapshotId": snapshot_id},
        "Revert to snapshot",
    )


def delete_snapshot(server_id: str, snapshot_id: int) -> Change:
    return Change(
        "DELETE",
        f"server/{server_id}/snapshot",
        {"snapshotId": snapshot_id},
        "Delete snapshot",
    )


def set_billing(server_id: str, cycle: str, traffic: str | None) -> Change:
    raise_if(check_billing(cycle, traffic, ()))
    fields: dict[str, Any] = {"type": cycle}
    if traffic:
        fields["traffic"] = traffic
    return Change(
        "PUT",
        f"server/{server_id}/billing",
        fields,
        "Change billing",
        returns_command=False,
    )


def clone_disk(server_id: str, disk_uuid: str, image_name: str) -> Change:
    fields = {"disk_src_0": disk_uuid}
    if image_name:
        fields["disk_name_0"] = image_name
    return Change("POST", f"server/{server_id}/hdlib", fields, "Clone disk to image")
