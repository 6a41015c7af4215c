"""The account's resources as the simulator stores them."""

import ipaddress
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Disk:
    """One attached disk; the uuid is what the hard disk library lists."""

    uuid: str
    size_gb: int


@dataclass
class Nic:
    """One network interface: the full network name and its addresses."""

    network: str
    ips: list[str]


@dataclass
class Snapshot:
    """One node of a server's snapshot tree, linked to its parent by id."""

    id: int
    name: str
    created: float
    parent: int | None


@dataclass
class Server:
    """A server, including the parts the API never shows (password, image)."""

    id: str
    datacenter: str
    name: str
    cpu: str
    ram: int
    power: str
    disks: list[Disk]
    nics: list[Nic]
    billing: str
    traffic: str
    managed: bool = False
    backup: bool = False
    password: str = ""
    image_id: str = ""
    future_billing: str = ""
    snapshots: list[Snapshot] = field(default_factory=list)
    active_snapshot: int | None = None
    listed: bool = True
    """False while the create command runs: new servers appear near completion."""

    def summary(self) -> dict[str, Any]:
        """The row ``GET /servers`` returns."""
        return {
            "id": self.id,
            "datacenter": self.datacenter,
            "name": self.name,
            "power": self.power,
        }

    def info(self) -> dict[str, Any]:
        """``GET /server/{id}``: exactly the keys the live API sends."""
        return {
            "id": self.id,
            "datacenter": self.datacenter,
            "cpu": self.cpu,
            "name": self.name,
            "ram": self.ram,
            "power": self.power,
            "diskSizes": [disk.size_gb for disk in self.disks],
            "networks": [{"network": n.network, "ips": list(n.ips)} for n in self.nics],
            "billing": self.billing,
            "traffic": self.traffic,
            "managed": "1" if self.managed else "0",
            "backup": "1" if self.backup else "0",
        }


@dataclass
class Lan:
    """A private network of the account in one datacenter."""

    name: str
    datacenter: str
    subnet: ipaddress.IPv4Network
    used: set[str] = field(default_factory=set)

    def free_ips(self) -> list[str]:
        """Unassigned host addresses, skipping the first one (the gateway)."""
        hosts = list(self.subnet.hosts())[1:]
        return [str(ip) for ip in hosts if str(ip) not in self.used]

    def contains(self, ip: str) -> bool:
        try:
            return ipaddress.IPv4Address(ip) in self.subnet
        except ValueError:
            return False
