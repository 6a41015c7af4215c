"""Everything one Kamatera account holds, and how new resources get ids."""

import ipaddress
import random
import uuid
from collections.abc import Iterator

from kamatui.sim import errors
from kamatui.sim.catalog import DATACENTERS
from kamatui.sim.images import DiskImage, image_id, public_images
from kamatui.sim.model import Disk, Lan, Server


class Account:
    """Servers, private networks and images, with seeded id allocation."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.servers: dict[str, Server] = {}
        self.lans: list[Lan] = []
        self.images = public_images()
        self._public_ips: set[str] = set()
        self._public_prefixes = {
            dc: f"{rng.choice([45, 82, 89, 103, 138, 185, 193])}.{rng.randint(2, 250)}"
            for dc in DATACENTERS
        }

    def listed(self) -> Iterator[Server]:
        """Servers that ``GET /servers`` shows."""
        return (server for server in self.servers.values() if server.listed)

    def server(self, server_id: str) -> Server:
        """A listed server by id; unknown, pending and terminated ids are refused."""
        server = self.servers.get(str(server_id).lower())
        if server is None or not server.listed:
            raise errors.not_found("server")

        return server

    def add_server(self, server: Server) -> None:
        self.servers[server.id] = server

    def remove_server(self, server: Server) -> None:
        """Drop a server and give its addresses back."""
        self.servers.pop(server.id, None)
        for nic in server.nics:
            lan = self.lan(server.datacenter, nic.network)
            pool = lan.used if lan else self._public_ips
            pool.difference_update(nic.ips)

    def unique_name(self, wanted: str) -> str:
        """The name a new server really gets: taken names gain -1, -2 (quirk Q1)."""
        taken = {server.name for server in self.servers.values()}
        if wanted not in taken:
            return wanted

        counter = 1
        while f"{wanted}-{counter}" in taken:
            counter += 1

        return f"{wanted}-{counter}"

    def new_uuid(self) -> str:
        """A lowercase uuid for a server."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_disk(self, size_gb: int) -> Disk:
        return Disk(f"{self.rng.getrandbits(128):032x}", size_gb)

    def public_ip(self, datacenter: str) -> str:
        """A fresh public address from the datacenter's range."""
        prefix = self._public_prefixes[datacenter]
        while True:
            ip = f"{prefix}.{self.rng.randint(0, 255)}.{self.rng.randint(2, 254)}"
            if ip not in self._public_ips:
                self._public_ips.add(ip)
                return ip

    def add_lan(self, datacenter: str, name: str, subnet: str) -> Lan:
        lan = Lan(name, datacenter, ipaddress.IPv4Network(subnet))
        self.lans.append(lan)
        return lan

    def lan(self, datacenter: str, name: str) -> Lan | None:
        """A private network by its exact, case-sensitive name."""
        for lan in self.lans:
            if lan.datacenter == datacenter and lan.name == name:
                return lan

        return None

    def find_image(self, datacenter: str, wanted: str) -> DiskImage | None:
        """An image of the datacenter, matching ids without regard to case (Q15)."""
        folded = wanted.strip().casefold()
        for image in self.images.get(datacenter, []):
            if image.id.casefold() == folded:
                return image

        return None

    def add_private_image(self, datacenter: str, name: str, size_gb: int) -> DiskImage:
        """A disk cloned into the library, listed among the datacenter's images."""
        usage = "Private image cloned from a server disk."
        image = DiskImage(image_id(self.rng, datacenter), name, size_gb, usage, name)
        self.images[datacenter].append(image)
        return image
