"""Typed, frozen values built from the wire, each in exactly one place.

Every ``from_api`` accepts the mixed types the API sends (numbers as strings,
"0"/"1" flags, missing keys, the documented and the observed key names) and
cleans every string of control characters. Nothing above this module sees a
raw dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import BadResponse
from .wire import (
    as_flag,
    as_int,
    as_list,
    as_object,
    as_optional_int,
    as_text,
    clean_text,
    require,
)

POWER_ON = "on"
POWER_OFF = "off"

CPU_TYPE_NAMES = {
    "A": "Availability",
    "B": "General Purpose",
    "T": "Burstable",
    "D": "Dedicated",
}


def _power(value: Any) -> str:
    text = clean_text(value).strip().lower()
    return text if text in (POWER_ON, POWER_OFF) else (text or "unknown")


@dataclass(frozen=True, slots=True)
class ServerSummary:
    """One row of ``GET /servers``."""

    id: str
    name: str
    datacenter: str
    power: str

    @classmethod
    def from_api(cls, raw: Any) -> ServerSummary:
        raw = as_object(raw, "A server")
        return cls(
            id=as_text(require(raw, "id", "A server"), field="server id"),
            name=as_text(raw.get("name", ""), field="server name"),
            datacenter=clean_text(raw.get("datacenter")),
            power=_power(raw.get("power")),
        )


def parse_server_list(payload: Any) -> list[ServerSummary]:
    return [ServerSummary.from_api(item) for item in as_list(payload, field="servers")]


@dataclass(frozen=True, slots=True)
class CpuSpec:
    """A CPU string such as "12B": cores in decimal, then the type letter."""

    cores: int
    type: str

    @classmethod
    def parse(cls, value: Any) -> CpuSpec | None:
        text = clean_text(value).strip().upper()
        digits = text[:-1]
        if len(text) < 2 or not (digits.isascii() and digits.isdigit()):
            return None
        return cls(cores=int(digits, 10), type=text[-1])

    @property
    def type_name(self) -> str:
        return CPU_TYPE_NAMES.get(self.type, self.type)

    def __str__(self) -> str:
        return f"{self.cores}{self.type}"


@dataclass(frozen=True, slots=True)
class NetworkAttachment:
    """One NIC of a server: its network name and addresses."""

    network: str
    ips: tuple[str, ...]

    @property
    def is_public(self) -> bool:
        return self.network.lower().startswith("wan")

    @classmethod
    def from_api(cls, raw: Any) -> NetworkAttachment:
        raw = as_object(raw, "A network")
        ips = raw.get("ips")
        if isinstance(ips, str):
            ips = [ips]
        return cls(
            network=clean_text(raw.get("network") or raw.get("name")),
            ips=tuple(clean_text(ip) for ip in as_list(ips, field="ips")),
        )


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """``GET /server/{id}``: everything the API tells about one server."""

    id: str
    name: str
    datacenter: str
    power: str
    cpu: CpuSpec | None
    ram_mb: int | None
    disk_sizes_gb: tuple[int, ...]
    networks: tuple[NetworkAttachment, ...]
    billing: str
    traffic: str
    managed: bool
    backup: bool

    @classmethod
    def from_api(cls, raw: Any) -> ServerInfo:
        raw = as_object(raw, "Server details")
        disks = raw.get("diskSizes", raw.get("disks"))
        return cls(
            id=as_text(require(raw, "id", "Server details"), field="server id"),
            name=as_text(raw.get("name", ""), field="server name"),
            datacenter=clean_text(raw.get("datacenter")),
            power=_power(raw.get("power")),
            cpu=CpuSpec.parse(raw.get("cpu")),
            ram_mb=as_optional_int(raw.get("ram"), field="ram"),
            disk_sizes_gb=tuple(
                as_int(size, field="disk size")
                for size in as_list(disks, field="disks")
            ),
            networks=tuple(
                NetworkAttachment.from_api(item)
                for item in as_list(raw.get("networks"), field="networks")
            ),
            billing=clean_text(raw.get("billing")),
            traffic=clean_text(raw.get("traffic")),
            managed=as_flag(raw.get("managed")),
            backup=as_flag(raw.get("backup")),
        )

    @property
    def public_ips(self) -> tuple[str, ...]:
        return tuple(ip for nic in self.networks if nic.is_public for ip in nic.ips)

    @property
    def private_ips(self) -> tuple[str, ...]:
        return tuple(ip for nic in self.networks if not nic.is_public for ip in nic.ips)


TERMINAL_STATUSES = frozenset({"complete", "error", "cancelled"})


@dataclass(frozen=True, slots=True)
class QueuedCommand:
    """``GET /queue/{id}``: one command's progress.

    Any status other than complete, error or cancelled counts as still running,
    as every real client treats it.
    """

    id: int
    status: str
    server: str
    description: str
    added: str
    executed: str
    completed: str
    log: str

    @classmethod
    def from_api(cls, raw: Any) -> QueuedCommand:
        raw = as_object(raw, "A queued command")
        return cls(
            id=as_int(require(raw, "id", "A queued command"), field="command id"),
            status=clean_text(raw.get("status")).strip().lower() or "pending",
            server=clean_text(raw.get("server")),
            description=clean_text(raw.get("description")),
            added=clean_text(raw.get("added")),
            executed=clean_text(raw.get("executed")),
            completed=clean_text(raw.get("completed")),
            log=clean_text(raw.get("log"), keep_newlines=True),
        )

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def log_lines(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.strip()]


@dataclass(frozen=True, slots=True)
class Token:
    """A bearer token from ``/authenticate`` and when it stops working."""

    value: str
    expires: float

    @classmethod
    def from_api(cls, raw: Any) -> Token:
        raw = as_object(raw, "The authentication answer")
        value = raw.get("authentication")
        if not isinstance(value, str) or not value:
            raise BadResponse("The authentication answer holds no token")
        return cls(
            value=value, expires=float(as_int(raw.get("expires"), field="expires"))
        )
