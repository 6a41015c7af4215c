"""The hand-made demo account: a few dozen servers a person would recognise.

Names, sizes, power states and networks are fixed so screenshots stay
stable; ids, addresses and disk uuids come from the seed.
"""

from kamatui.sim import snapshots
from kamatui.sim.account import Account
from kamatui.sim.model import Nic, Server

DEMO_LANS = [
    ("IL", "lan-82133-x3223f-cluster", "172.16.0.0/24"),
    ("EU", "lan-82145-backend", "10.20.0.0/24"),
    ("US-NY2", "lan-90211-db-private", "10.40.0.0/24"),
    ("EU-FR", "lan-91007-staging", "192.168.50.0/24"),
]

# name, datacenter, cpu, ram MB, disks GB, power, billing, LAN (or "")
DEMO_SERVERS = [
    ("web-01.shop-prod", "EU", "2B", 4096, [40], "on", "monthly", "lan-82145-backend"),
    ("web-02.shop-prod", "EU", "2B", 4096, [40], "on", "monthly", "lan-82145-backend"),
    ("web-03.shop-prod", "EU", "2B", 4096, [40], "off", "hourly", "lan-82145-backend"),
    ("api-01.shop-prod", "EU", "4B", 8192, [50], "on", "monthly", "lan-82145-backend"),
    ("worker-01.shop-prod", "EU", "4T", 8192, [50, 100], "on", "hourly", ""),
    (
        "cache-01.shop-prod",
        "EU",
        "2D",
        16384,
        [20],
        "on",
        "monthly",
        "lan-82145-backend",
    ),
    (
        "db-primary.billing",
        "US-NY2",
        "8D",
        65536,
        [200, 500],
        "on",
        "monthly",
        "lan-90211-db-private",
    ),
    (
        "db-replica.billing",
        "US-NY2",
        "8D",
        65536,
        [200, 500],
        "on",
        "monthly",
        "lan-90211-db-private",
    ),
    (
        "api.billing",
        "US-NY2",
        "4B",
        8192,
        [30],
        "on",
        "monthly",
        "lan-90211-db-private",
    ),
    ("reports.billing", "US-NY2", "2B", 4096, [60], "off", "hourly", ""),
    (
        "k8s-master-1",
        "IL",
        "4B",
        8192,
        [50],
        "on",
        "monthly",
        "lan-82133-x3223f-cluster",
    ),
    (
        "k8s-node-1",
        "IL",
        "8B",
        16384,
        [100],
        "on",
        "monthly",
        "lan-82133-x3223f-cluster",
    ),
    (
        "k8s-node-2",
        "IL",
        "8B",
        16384,
        [100],
        "on",
        "monthly",
        "lan-82133-x3223f-cluster",
    ),
    (
        "k8s-node-3",
        "IL",
        "8B",
        16384,
        [100],
        "off",
        "hourly",
        "lan-82133-x3223f-cluster",
    ),
    (
        "vpn-gateway",
        "IL",
        "1A",
        1024,
        [10],
        "on",
        "monthly",
        "lan-82133-x3223f-cluster",
    ),
    ("monitoring", "IL", "2B", 4096, [80], "on", "monthly", "lan-82133-x3223f-cluster"),
    ("ci-runner-1", "EU-FR", "4T", 8192, [80], "on", "hourly", ""),
    ("ci-runner-2", "EU-FR", "4T", 8192, [80], "on", "hourly", ""),
    ("ci-runner-3", "EU-FR", "4T", 8192, [80], "off", "hourly", ""),
    ("staging-api", "EU-FR", "2B", 4096, [30], "on", "monthly", "lan-91007-staging"),
    ("staging-web", "EU-FR", "2B", 2048, [20], "off", "hourly", "lan-91007-staging"),
    ("staging-db", "EU-FR", "2D", 8192, [100], "on", "monthly", "lan-91007-staging"),
    ("mail.corp", "EU-LO", "2B", 4096, [50], "on", "monthly", ""),
    ("wiki.corp", "EU-LO", "1B", 2048, [20], "on", "monthly", ""),
    ("backup-vault", "EU-LO", "2A", 4096, [1000], "on", "monthly", ""),
    ("dev-box-anna", "US-TX", "2B", 4096, [40], "off", "hourly", ""),
    ("dev-box-omar", "US-TX", "4B", 8192, [40], "on", "hourly", ""),
    ("game-server-eu", "EU", "8B", 32768, [100], "off", "hourly", ""),
    ("edge-proxy-asia", "AS", "1B", 1024, [10], "on", "monthly", ""),
    ("edge-proxy-sg", "AS-SG", "1B", 1024, [10], "on", "monthly", ""),
    ("win-build-01", "US-SC", "4B", 8192, [100], "off", "hourly", ""),
    ("legacy-erp", "IL-TA", "4A", 16384, [150, 300], "on", "monthly", ""),
]

DAY = 86_400.0

# server name -> snapshots as (name, days ago, parent index or None); last is active
DEMO_SNAPSHOTS = {
    "db-primary.billing": [
        ("nightly-base", 40, None),
        ("pre-upgrade-pg16", 12, 0),
        ("post-migration", 3, 1),
    ],
    "web-01.shop-prod": [("before-release-2.3", 6, None)],
    "staging-api": [("clean-install", 30, None), ("seeded-data", 20, None)],
    "legacy-erp": [("year-end-close", 90, None), ("patch-7", 45, 0)],
}


def build_demo(account: Account, now: float) -> None:
    """Fill the account with the demo servers, LANs and snapshot trees."""
    for datacenter, name, subnet in DEMO_LANS:
        account.add_lan(datacenter, name, subnet)

    for row in DEMO_SERVERS:
        server = _server(account, *row)
        account.add_server(server)
        for name, days_ago, parent in DEMO_SNAPSHOTS.get(server.name, []):
            _snapshot(server, name, now - days_ago * DAY, parent)


def _server(
    account: Account,
    name: str,
    datacenter: str,
    cpu: str,
    ram: int,
    disk_sizes: list[int],
    power: str,
    billing: str,
    lan_name: str,
) -> Server:
    nics = [Nic(f"wan-{datacenter.lower()}", [account.public_ip(datacenter)])]
    if lan_name:
        lan = account.lan(datacenter, lan_name)
        ip = lan.free_ips()[0]
        lan.used.add(ip)
        nics.append(Nic(lan_name, [ip]))

    image = account.images[datacenter][7]
    return Server(
        id=account.new_uuid(),
        datacenter=datacenter,
        name=name,
        cpu=cpu,
        ram=ram,
        power=power,
        disks=[account.new_disk(size) for size in disk_sizes],
        nics=nics,
        billing=billing,
        traffic="t5000",
        managed=name.endswith(".billing"),
        backup=billing == "monthly" and power == "on",
        image_id=image.id,
        future_billing=billing,
    )


def _snapshot(server: Server, name: str, created: float, parent: int | None) -> None:
    """Add one snapshot under the given earlier one; the newest stays active."""
    if parent is not None:
        server.active_snapshot = sorted(s.id for s in server.snapshots)[parent]
    else:
        server.active_snapshot = None

    snapshots.add(server, snapshots.suffixed(name, created), created)
