"""The options catalog (``GET /server``) as typed values.

The catalog is the only source of choices for a new server: datacenters,
images, CPU and RAM, disk sizes, traffic packages and networks. Older and
newer shapes are both accepted (``datacenter`` or ``datacenters``, a flat RAM
list or one per CPU type, traffic ids as numbers or strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import CPU_TYPE_NAMES
from .wire import (
    as_dict,
    as_int,
    as_list,
    as_object,
    as_optional_int,
    clean_text,
    require,
)


@dataclass(frozen=True, slots=True)
class Image:
    id: str
    datacenter: str
    description: str
    size_gb: int | None

    @classmethod
    def from_api(cls, raw: Any, datacenter: str) -> Image:
        raw = as_object(raw, "A disk image")
        return cls(
            id=clean_text(require(raw, "id", "A disk image")),
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
        raw = as_object(raw, "A traffic package")
        return cls(
            id=clean_text(require(raw, "id", "A traffic package")),
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
        raw = as_object(raw, "A network option")
        ips = raw.get("ips")
        automatic = isinstance(ips, str)
        return cls(
            name=clean_text(require(raw, "name", "A network option")),
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
        raw = as_object(raw, "The server options")
        datacenters = raw.get("datacenters", raw.get("datacenter"))
        return cls(
            datacenters={
                clean_text(code): clean_text(label)
                for code, label in as_dict(datacenters, field="datacenters").items()
            },
            cpus=tuple(clean_text(c) for c in as_list(raw.get("cpu"), field="cpu")),
            ram_by_cpu_type=parse_ram_table(raw.get("ram")),
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


def parse_ram_table(raw: Any) -> dict[str, tuple[int, ...]]:
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
