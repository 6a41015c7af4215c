"""The hard disk library: a server's disks, and cloning one into an image."""

from starlette.routing import Route

from kamatui.sim import errors, fields, timings
from kamatui.sim.wire import Call, endpoint

_BYTES_PER_GB = 1024**3


def listing(call: Call) -> list[dict]:
    """``sizeGB`` holds a byte count despite its name (quirk Q7)."""
    return [
        {"uuid": disk.uuid, "sizeGB": disk.size_gb * _BYTES_PER_GB}
        for disk in call.server().disks
    ]


def clone_disk(call: Call) -> int:
    """The copy appears among the datacenter's images when the command ends."""
    server = call.server()
    wanted = fields.text(call.fields, "disk_src_0").strip().lower()
    index = next(
        (i for i, disk in enumerate(server.disks) if disk.uuid == wanted), None
    )
    if index is None:
        raise errors.not_found("disk")

    name = fields.text(call.fields, "disk_name_0", default=f"{server.name}-disk{index}")
    size = server.disks[index].size_gb
    server = call.idle_server()

    def apply(_finished: float) -> None:
        call.sim.account.add_private_image(server.datacenter, name, size)

    steps = [f"Clone disk #{index} to library as {name}", "Copying disk"]
    return call.submit(server, "Clone Disk", timings.DISK_CLONE, steps, apply)


ROUTES = [
    Route("/server/{id}/hdlib", endpoint(listing), methods=["GET"]),
    Route("/server/{id}/hdlib", endpoint(clone_disk), methods=["POST"]),
]
