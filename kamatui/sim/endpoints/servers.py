"""Reading the account: the server list, one server, the options catalog."""

from starlette.routing import Route

from kamatui.sim import catalog
from kamatui.sim.wire import Call, endpoint


def list_servers(call: Call) -> list[dict]:
    return [server.summary() for server in call.sim.account.listed()]


def server_info(call: Call) -> dict:
    return call.server().info()


def options(call: Call) -> dict:
    """The create-server catalog; large, like the real one (quirk Q18)."""
    account = call.sim.account
    return {
        "datacenters": {
            code: f"{code}: {country}" for code, country in catalog.DATACENTERS.items()
        },
        "cpu": catalog.all_cpus(),
        "ram": catalog.RAM_MB,
        "disk": catalog.DISK_GB,
        "diskImages": {
            code: [image.to_api() for image in images]
            for code, images in account.images.items()
        },
        "traffic": {
            code: [
                {"id": package.id, "info": package.info}
                for package in catalog.traffic_packages(code)
            ]
            for code in catalog.DATACENTERS
        },
        "networks": {code: _networks(call, code) for code in catalog.DATACENTERS},
        "billing": catalog.BILLING,
    }


def _networks(call: Call, datacenter: str) -> list[dict]:
    """wan with automatic addresses, then the account's LANs with free addresses.

    The DEV datacenter offers no networks at all, as in old catalog dumps.
    """
    if datacenter == "DEV":
        return []

    lans = [lan for lan in call.sim.account.lans if lan.datacenter == datacenter]
    return [
        {"name": "wan", "ips": "auto"},
        *({"name": lan.name, "ips": lan.free_ips()} for lan in lans),
    ]


ROUTES = [
    Route("/servers", endpoint(list_servers), methods=["GET"]),
    Route("/server", endpoint(options), methods=["GET"]),
    Route("/server/{id}", endpoint(server_info), methods=["GET"]),
]
