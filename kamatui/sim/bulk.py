"""Large generated accounts for benchmarks: thousands of servers in well under a second.

Everything is drawn from the account's seeded generator, so the same seed
and count always give the same account.
"""

from kamatui.sim import catalog, snapshots
from kamatui.sim.account import Account
from kamatui.sim.model import Nic, Server

_DATACENTERS = ["EU", "IL", "US-NY2", "EU-FR", "AS", "US-TX", "EU-LO", "CA-TR"]
_ROLES = ["web", "api", "worker", "db", "cache", "queue", "batch", "proxy", "ci"]
_PROJECTS = ["shop", "billing", "search", "auth", "media", "analytics", "crm"]
_STAGES = ["prod", "staging", "dev"]
_CPUS = ["1A", "2A", "1B", "2B", "4B", "8B", "2D", "4D", "2T", "4T"]
_RAMS = [1024, 2048, 4096, 8192, 16384]
_DISKS = [10, 20, 30, 40, 50, 80, 100]

_LAN_EVERY = 8
"""One server in this many sits on its datacenter's LAN."""

_SNAPSHOT_EVERY = 25
"""One server in this many has a short snapshot chain."""


def build_bulk(account: Account, count: int, now: float) -> None:
    rng = account.rng
    for datacenter in _DATACENTERS:
        number = rng.randint(80_000, 99_999)
        account.add_lan(datacenter, f"lan-{number}-internal", _subnet(datacenter))

    for index in range(count):
        datacenter = _DATACENTERS[index % len(_DATACENTERS)]
        role, project, stage = (
            rng.choice(_ROLES),
            rng.choice(_PROJECTS),
            rng.choice(_STAGES),
        )
        name = f"{role}-{index + 1:04d}.{project}-{stage}"
        server = _server(account, name, datacenter, on_lan=index % _LAN_EVERY == 0)
        account.add_server(server)

        if index % _SNAPSHOT_EVERY == 0:
            for depth in range(rng.randint(1, 3)):
                created = now - (10 - depth) * 86_400.0
                snapshots.add(
                    server, snapshots.suffixed(f"auto-{depth}", created), created
                )


def _subnet(datacenter: str) -> str:
    return f"10.{_DATACENTERS.index(datacenter) + 10}.0.0/22"


def _server(account: Account, name: str, datacenter: str, on_lan: bool) -> Server:
    rng = account.rng
    nics = [Nic(f"wan-{datacenter.lower()}", [account.public_ip(datacenter)])]
    lan = account.lans[_DATACENTERS.index(datacenter)]
    if on_lan and len(lan.used) < lan.subnet.num_addresses - 3:
        ip = str(lan.subnet.network_address + len(lan.used) + 2)
        lan.used.add(ip)
        nics.append(Nic(lan.name, [ip]))

    cpu = rng.choice(_CPUS)
    billing = rng.choice(catalog.BILLING)
    return Server(
        id=account.new_uuid(),
        datacenter=datacenter,
        name=name,
        cpu=cpu,
        ram=rng.choice(_RAMS),
        power=rng.choice(["on", "on", "off"]),
        disks=[account.new_disk(rng.choice(_DISKS))],
        nics=nics,
        billing=billing,
        traffic="t5000",
        image_id=account.images[datacenter][7].id,
        future_billing=billing,
    )
