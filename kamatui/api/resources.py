"""Typed values for the per-server endpoints: snapshots, billing, disk library.

Like ``models``, each is built from the wire in one place, cleans every
string and accepts the mixed types the API sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import BadResponse
from .wire import (
    as_flag,
    as_int,
    as_list,
    as_object,
    as_optional_int,
    clean_text,
    require,
)

SNAPSHOT_DATE_FORMAT = "%d/%m/%Y %H:%M:%S"
MAX_SNAPSHOT_DEPTH = 200
BYTES_PER_GB = 1024**3
LARGEST_PLAUSIBLE_GB = 1024 * 1024
"""A ``sizeGB`` above this (a petabyte) can only be a byte count."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One node of a server's snapshot tree, with its children."""

    id: int
    name: str
    date_text: str
    active: bool
    depth: int
    children: tuple[Snapshot, ...]

    @classmethod
    def from_api(cls, raw: Any, depth: int = 0) -> Snapshot:
        if depth > MAX_SNAPSHOT_DEPTH:
            raise BadResponse(f"the snapshot tree is over {MAX_SNAPSHOT_DEPTH} deep")
        raw = as_object(raw, "A snapshot")
        children = raw.get("child", raw.get("children"))
        return cls(
            id=as_int(require(raw, "id", "A snapshot"), field="snapshot id"),
            name=clean_text(raw.get("name")),
            date_text=clean_text(raw.get("date")),
            active=as_flag(raw.get("active")),
            depth=as_optional_int(raw.get("depth", raw.get("dept")), field="depth")
            or depth,
            children=tuple(
                cls.from_api(child, depth + 1)
                for child in as_list(children, field="child")
            ),
        )

    @property
    def taken_at(self) -> datetime | None:
        """The date as a naive datetime (the API gives no zone), if it parses."""
        try:
            return datetime.strptime(self.date_text, SNAPSHOT_DATE_FORMAT)
        except ValueError:
            return None

    def walk(self):
        """This snapshot and every descendant, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def parse_snapshots(payload: Any) -> tuple[Snapshot, ...]:
    return tuple(
        Snapshot.from_api(item) for item in as_list(payload, field="snapshots")
    )


@dataclass(frozen=True, slots=True)
class BillingState:
    """The billing cycle now and from the next period on."""

    active: str
    future: str

    @classmethod
    def from_api(cls, raw: Any) -> BillingState:
        raw = as_object(raw, "The billing answer")
        active = clean_text(raw.get("active") or raw.get("billing"))
        return cls(active=active, future=clean_text(raw.get("future")) or active)


@dataclass(frozen=True, slots=True)
class LibraryDisk:
    """A disk of a server as the disk library lists it.

    The documented ``sizeGB`` is a byte count (10737418240 for 10 GB), while
    its name promises gigabytes: a value too large to be gigabytes is read
    as bytes.
    """

    uuid: str
    size_gb: float

    @classmethod
    def from_api(cls, raw: Any) -> LibraryDisk:
        raw = as_object(raw, "A library disk")
        size = raw.get("sizeGB", raw.get("size"))
        number = float(as_int(size, field="sizeGB")) if size is not None else 0.0
        if number > LARGEST_PLAUSIBLE_GB:
            number /= BYTES_PER_GB
        return cls(
            uuid=clean_text(require(raw, "uuid", "A library disk")), size_gb=number
        )


def parse_library(payload: Any) -> tuple[LibraryDisk, ...]:
    return tuple(LibraryDisk.from_api(item) for item in as_list(payload, field="disks"))


def parse_cpu_choices(payload: Any) -> dict[str, tuple[str, ...]]:
    """``GET /server/{id}/cpu``: CPU strings per CPU type."""
    raw = as_object(payload, "The CPU options")
    return {
        clean_text(cpu_type): tuple(
            clean_text(cpu) for cpu in as_list(cpus, field="cpu")
        )
        for cpu_type, cpus in raw.items()
    }


def parse_disk_sizes(payload: Any) -> tuple[int, ...]:
    """``GET /server/{id}/disk``: the sizes a disk may have, in GB."""
    return tuple(
        as_int(size, field="disk size") for size in as_list(payload, field="disk")
    )
