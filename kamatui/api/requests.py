"""What creating or cloning a server sends, as typed requests.

A request knows its own wire fields (``disk_size_N``, ``network_name_N``...)
and can check itself against the options catalog, so the wizard, the review
screen and the client agree on one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import ServerOptions
from .models import CpuSpec
from .validation import (
    MAX_DISKS,
    MAX_NICS,
    WAN,
    Problem,
    check_billing,
    check_cpu,
    check_disk_size,
    check_ip,
    check_name,
    check_network_bits,
    check_password,
    check_ram,
)

MASK = "********"


@dataclass(frozen=True, slots=True)
class Nic:
    """One network interface: ``wan`` or a LAN name, with an optional fixed IP."""

    network: str
    ip: str | None = None
    bits: int | None = None


@dataclass(frozen=True, slots=True)
class CreateServerRequest:
    name: str
    datacenter: str
    image_id: str
    cpu: str
    ram_mb: int
    password: str
    disk_sizes_gb: tuple[int, ...]
    """The system disk first, then up to 14 more."""
    nics: tuple[Nic, ...] = (Nic(WAN),)
    billing: str = "hourly"
    traffic: str | None = None
    ssh_key: str = ""
    script: str = ""
    managed: bool = False
    backup: bool = False
    power_on: bool = True

    def __repr__(self) -> str:
        return f"CreateServerRequest({self.masked_form()!r})"

    def form(self) -> dict[str, Any]:
        """The fields ``POST /server`` takes."""
        fields: dict[str, Any] = {
            "name": self.name,
            "datacenter": self.datacenter,
            "disk_src_0": self.image_id,
            "cpu": self.cpu,
            "ram": self.ram_mb,
            "password": self.password,
            "billing": self.billing,
            "managed": self.managed,
            "backup": self.backup,
            "power": self.power_on,
        }
        if self.traffic is not None:
            fields["traffic"] = self.traffic
        for index, size in enumerate(self.disk_sizes_gb):
            fields[f"disk_size_{index}"] = size
        fields.update(nic_fields(self.nics))
        if self.ssh_key:
            fields["selectedSSHKeyValue"] = self.ssh_key
        if self.script:
            fields["script"] = self.script
        return fields

    def masked_form(self) -> dict[str, Any]:
        """The fields with the password hidden, for review screens and logs."""
        return {**self.form(), "password": MASK}

    def problems(self, options: ServerOptions | None = None) -> list[Problem]:
        """Everything the API would refuse, as far as the catalog tells."""
        found = check_name(self.name) + check_password(self.password)
        found += _check_disks_and_nics(self.disk_sizes_gb, self.nics, options)
        if options is None:
            return found + check_cpu(self.cpu)

        found += check_cpu(self.cpu, options.cpus)
        cpu = CpuSpec.parse(self.cpu)
        if cpu is not None:
            found += check_ram(self.ram_mb, cpu.type, options.ram_by_cpu_type)
        if self.datacenter not in options.datacenters:
            found.append(Problem("datacenter", f"{self.datacenter} is not offered"))
        images = {image.id.lower() for image in options.images.get(self.datacenter, ())}
        if self.image_id.lower() not in images:
            found.append(Problem("image", "not an image of this datacenter"))
        packages = tuple(p.id for p in options.traffic.get(self.datacenter, ()))
        found += check_billing(self.billing, self.traffic, packages)
        found += _check_lan_names(self.nics, options, self.datacenter)
        return found


@dataclass(frozen=True, slots=True)
class CloneRequest:
    source_id: str
    name: str
    password: str
    billing: str = "hourly"
    traffic: str | None = None
    cpu: str | None = None
    ram_mb: int | None = None
    extra_disk_sizes_gb: tuple[int, ...] = ()
    """Disks after the system disk, which is always the source's clone."""
    lans: tuple[Nic, ...] = ()
    ssh_key: str = ""
    managed: bool = False
    backup: bool = False
    power_on: bool = True

    def __repr__(self) -> str:
        return f"CloneRequest({self.masked_form()!r})"

    def form(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "source": self.source_id,
            "name": self.name,
            "password": self.password,
            "billing": self.billing,
            "managed": self.managed,
            "backup": self.backup,
            "power": self.power_on,
        }
        optional = {"traffic": self.traffic, "cpu": self.cpu, "ram": self.ram_mb}
        fields.update({k: v for k, v in optional.items() if v is not None})
        for offset, size in enumerate(self.extra_disk_sizes_gb, start=1):
            fields[f"disk_size_{offset}"] = size
        for offset, nic in enumerate(self.lans, start=1):
            fields[f"network_name_{offset}"] = nic.network
            if nic.ip:
                fields[f"network_ip_{offset}"] = nic.ip
        if self.ssh_key:
            fields["selectedSSHKeyValue"] = self.ssh_key
        return fields

    def masked_form(self) -> dict[str, Any]:
        return {**self.form(), "password": MASK}

    def problems(self) -> list[Problem]:
        found = check_name(self.name) + check_password(self.password)
        if self.cpu is not None:
            found += check_cpu(self.cpu)
        for offset, size in enumerate(self.extra_disk_sizes_gb, start=1):
            found += check_disk_size(size, field=f"disk {offset}")
        if len(self.extra_disk_sizes_gb) > MAX_DISKS - 1:
            found.append(Problem("disks", f"at most {MAX_DISKS} disks in all"))
        if any(nic.network == WAN for nic in self.lans):
            found.append(Problem("networks", "the clone has its wan already"))
        return found


def nic_fields(nics: tuple[Nic, ...]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for index, nic in enumerate(nics):
        fields[f"network_name_{index}"] = nic.network
        if nic.ip:
            fields[f"network_ip_{index}"] = nic.ip
        if nic.bits is not None:
            fields[f"network_bits_{index}"] = nic.bits
    return fields


def _check_disks_and_nics(
    sizes: tuple[int, ...], nics: tuple[Nic, ...], options: ServerOptions | None
) -> list[Problem]:
    allowed = options.disk_sizes_gb if options else ()
    found: list[Problem] = []
    if not sizes:
        found.append(Problem("disks", "a system disk is required"))
    if len(sizes) > MAX_DISKS:
        found.append(Problem("disks", f"at most {MAX_DISKS} disks"))
    for index, size in enumerate(sizes):
        found += check_disk_size(size, allowed, field=f"disk {index}")

    if not nics or nics[0].network != WAN:
        found.append(Problem("networks", "the first network must be wan"))
    if len(nics) > MAX_NICS:
        found.append(Problem("networks", f"at most {MAX_NICS} networks"))
    if sum(nic.network == WAN for nic in nics) > 1:
        found.append(Problem("networks", "wan can be used once"))
    for index, nic in enumerate(nics):
        found += check_ip(nic.ip, f"network {index} IP")
        found += check_network_bits(nic.bits, f"network {index}")
    return found


def _check_lan_names(
    nics: tuple[Nic, ...], options: ServerOptions, datacenter: str
) -> list[Problem]:
    """LAN names match exactly: the API refuses a name in the wrong case."""
    offered = {net.name for net in options.networks.get(datacenter, ())}
    return [
        Problem(f"network {index}", f"{nic.network!r} is not a network here")
        for index, nic in enumerate(nics)
        if nic.network != WAN and nic.network not in offered
    ]
