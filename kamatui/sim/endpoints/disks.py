"""Disks: sizes on offer, resize, add and remove.

A resize silently takes a snapshot first (quirk Q3), and a server with any
snapshot refuses disk removal until they are deleted.
"""

from starlette.routing import Route

from kamatui.sim import catalog, errors, fields, snapshots, timings, validate
from kamatui.sim.model import Server
from kamatui.sim.wire import Call, endpoint


def disk_options(call: Call) -> list[int]:
    call.server()
    return catalog.DISK_GB


def resize(call: Call) -> int:
    """``size`` must be a bare number: "30gb" is a type error (quirk Q4)."""
    server = call.server()
    size = validate.disk_size(fields.number(call.fields, "size"))
    index = _disk_index(call, server)
    server = call.idle_server()

    name = snapshots.suffixed(f"before-resize-disk{index}", call.now)
    snapshots.add(server, name, call.now)

    def apply(_finished: float) -> None:
        server.disks[index].size_gb = size

    steps = [f"Resize disk #{index}: {server.disks[index].size_gb}GB to {size}GB"]
    return call.submit(server, "Resize Disk", timings.DISK_RESIZE, steps, apply)


def add(call: Call) -> int:
    server = call.server()
    size = validate.disk_size(fields.number(call.fields, "size"))
    if len(server.disks) >= catalog.MAX_DISKS:
        raise errors.ApiError(f"A server can have at most {catalog.MAX_DISKS} disks.")

    server = call.idle_server()

    def apply(_finished: float) -> None:
        server.disks.append(call.sim.account.new_disk(size))

    steps = [f"Add disk: {size}GB"]
    return call.submit(server, "Add Disk", timings.DISK_ADD, steps, apply)


def remove(call: Call) -> int:
    """Needs ``confirm=1``; the system disk stays, and snapshots block it."""
    server = call.server()
    index = _disk_index(call, server)
    if not fields.flag(call.fields, "confirm"):
        raise errors.ApiError("Disk removal must be confirmed with confirm=1.")

    if index == 0:
        raise errors.ApiError("The system disk cannot be removed.")

    if server.snapshots:
        raise errors.ApiError("server has snapshots")

    server = call.idle_server()
    disk = server.disks[index]

    def apply(_finished: float) -> None:
        server.disks.remove(disk)

    steps = [f"Remove disk #{index}: {disk.size_gb}GB"]
    return call.submit(server, "Remove Disk", timings.DISK_REMOVE, steps, apply)


def _disk_index(call: Call, server: Server) -> int:
    index = fields.number(call.fields, "index")
    if index >= len(server.disks):
        raise errors.ApiError(f"Disk index {index} was not found.")

    return index


ROUTES = [
    Route("/server/{id}/disk", endpoint(disk_options), methods=["GET"]),
    Route("/server/{id}/disk", endpoint(resize), methods=["PUT"]),
    Route("/server/{id}/disk", endpoint(add), methods=["POST"]),
    Route("/server/{id}/disk/remove", endpoint(remove), methods=["DELETE"]),
]
