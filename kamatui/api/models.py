"""Typed, frozen values built from the wire, each in exactly one place.

Every ``from_api`` accepts the mixed types the API sends (numbers as strings,
"0"/"1" flags, missing keys, the documented and the observed key names) and
cleans every string of control characters. Nothing above this module sees a
raw dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import BadResponse
from .wire import as_dict, as_flag, as_int, as_list, as_optional_int, clean_text

POWER_ON = "on"
POWER_OFF = "off"

CPU_TYPE_NAMES = {
    "A": "Availability",
    "B": "General Purpose",
    "T": "Burstable",
    "D": "Dedicated",
}


def _require(raw: dict, key: str, what: str) -> Any:
    if key not in raw or raw[key] is None:
        raise BadResponse(f"{what} has no {key!r}")
    return raw[key]


def _object(raw: Any, what: str) -> dict:
    if not isinstance(raw, dict):
        raise BadResponse(f"{what} should be an object, got {type(raw).__name__}")
    return raw


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
        raw = _object(raw, "A server")
        return cls(
            id=clean_text(_require(raw, "id", "A server")),
            name=clean_text(raw.get("name")),
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
        if len(text) < 2 or not digits.isdigit():
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
        raw = _object(raw, "A network")
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
        raw = _object(raw, "Server details")
        disks = raw.get("diskSizes", raw.get("disks"))
        return cls(
            id=clean_text(_require(raw, "id", "Server details")),
            name=clean_text(raw.get("name")),
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
        raw = _object(raw, "A queued command")
        return cls(
            id=as_int(_require(raw, "id", "A queued command"), field="command id"),
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
        raw = _object(raw, "The authentication answer")
        value = raw.get("authentication")
        if not isinstance(value, str) or not value:
            raise BadResponse("The authentication answer holds no token")
        return cls(
            value=value, expires=float(as_int(raw.get("expires"), field="expires"))
        )


@dataclass(frozen=True, slots=True)
class Image:
    id: str
    datacenter: str
    description: str
    size_gb: int | None

    @classmethod
    def from_api(cls, raw: Any, datacenter: str) -> Image:
        raw = _object(raw, "A disk image")
        return cls(
            id=clean_text(_require(raw, "id", "A disk image")),
            datacenter=datacenter,
            description=clean_text(raw.get("description")),
            size_gb=as_optional_int(raw.get("sizeGB"), field="image size"),
        )


@dataclass(frozen=True, slots=True)
class TrafficPackage:
    """A monthly traffic package; its id is a number in older datacenters."""

    id: str
    info: str

    @classmethod
    def from_api(cls, raw: Any) -> TrafficPackage:
        raw = _object(raw, "A traffic package")
        return cls(
            id=clean_text(_require(raw, "id", "A traffic package")),
            info=clean_text(raw.get("info") or raw.get("name")),
        )


@dataclass(frozen=True, slots=True)
class NetworkOption:
    """A network a new server can join; wan hands out addresses itself."""

    name: str
    free_ips: tuple[str, ...]
    automatic: bool

    @classmethod
    def from_api(cls, raw: Any) -> NetworkOption:
        raw = _object(raw, "A network option")
        ips = raw.get("ips")
        automatic = isinstance(ips, str)
        return cls(
            name=clean_text(_require(raw, "name", "A network option")),
            free_ips=() if automatic else tuple(clean_text(ip) for ip in ips or []),
            automatic=automatic,
        )


def _per_datacenter(raw: dict, key: str, build) -> dict[str, tuple]:
    return {
        clean_text(dc): tuple(
            build(item, clean_text(dc)) for item in as_list(v, field=key)
        )
        for dc, v in as_dict(raw.get(key), field=key).items()
    }


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """``GET /server``: the catalog a new server is chosen from."""

    datacenters: dict[str, str]
    cpus: tuple[str, ...]
    ram_by_cpu_type: dict[str, tuple[int, ...]]
    disk_sizes_gb: tuple[int, ...]
    images: dict[str, tuple[Image, ...]]
    traffic: dict[str, tuple[TrafficPackage, ...]]
    networks: dict[str, tuple[NetworkOption, ...]]
    billing: tuple[str, ...] = field(default=("monthly", "hourly"))

    @classmethod
    def from_api(cls, raw: Any) -> ServerOptions:
        raw = _object(raw, "The server options")
        datacenters = raw.get("datacenters", raw.get("datacenter"))
        return cls(
            datacenters={
                clean_text(code): clean_text(label)
                for code, label in as_dict(datacenters, field="datacenters").items()
            },
            cpus=tuple(clean_text(c) for c in as_list(raw.get("cpu"), field="cpu")),
            ram_by_cpu_type=_ram_table(raw.get("ram")),
            disk_sizes_gb=tuple(
                as_int(s, field="disk size")
                for s in as_list(raw.get("disk"), field="disk")
            ),
            images=_per_datacenter(raw, "diskImages", Image.from_api),
            traffic=_per_datacenter(
                raw, "traffic", lambda item, _dc: TrafficPackage.from_api(item)
            ),
            networks=_per_datacenter(
                raw, "networks", lambda item, _dc: NetworkOption.from_api(item)
            ),
            billing=tuple(
                clean_text(b) for b in as_list(raw.get("billing"), field="billing")
            )
            or ("monthly", "hourly"),
        )


def _ram_table(raw: Any) -> dict[str, tuple[int, ...]]:
    """RAM choices per CPU type; the older flat list applies to every type."""
    if isinstance(raw, list):
        sizes = tuple(as_int(mb, field="ram") for mb in raw)
        return {cpu_type: sizes for cpu_type in CPU_TYPE_NAMES}

    return {
        clean_text(cpu_type): tuple(
            as_int(mb, field="ram") for mb in as_list(v, field="ram")
        )
        for cpu_type, v in as_dict(raw, field="ram").items()
    }
