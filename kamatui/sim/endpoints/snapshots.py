"""Snapshot routes: the tree, create, revert and delete."""

from starlette.routing import Route

from kamatui.sim import errors, fields, snapshots, timings
from kamatui.sim.engine import CommandFailed
from kamatui.sim.model import Server, Snapshot
from kamatui.sim.wire import Call, endpoint


def listing(call: Call) -> list[dict]:
    return snapshots.tree(call.server())


def create(call: Call) -> int:
    """The stored name gets a suffix when the command completes (quirk Q2)."""
    server = call.server()
    name = fields.text(call.fields, "name").strip()
    if not name:
        raise errors.ApiError("Snapshot name is required.")

    server = call.idle_server()

    def apply(finished: float) -> None:
        snapshots.add(server, snapshots.suffixed(name, finished), finished)

    steps = [f"Create snapshot: {name}", "Saving disk state"]
    return call.submit(server, "Create Snapshot", timings.SNAPSHOT_CREATE, steps, apply)


def revert(call: Call) -> dict[str, int]:
    """The one endpoint that wraps its command id: ``{"cmdId": n}``."""
    server = call.server()
    snapshot = _snapshot(call, server)
    server = call.idle_server()

    def apply(_finished: float) -> None:
        _still_there(server, snapshot)
        server.active_snapshot = snapshot.id

    steps = [f"Revert to snapshot: {snapshot.name}", "Restoring disk state"]
    command_id = call.submit(
        server, "Revert Snapshot", timings.SNAPSHOT_REVERT, steps, apply
    )
    return {"cmdId": command_id}


def delete(call: Call) -> int:
    server = call.server()
    snapshot = _snapshot(call, server)
    server = call.idle_server()

    def apply(_finished: float) -> None:
        _still_there(server, snapshot)
        snapshots.delete(server, snapshot)

    steps = [f"Delete snapshot: {snapshot.name}", "Merging disk state"]
    return call.submit(server, "Delete Snapshot", timings.SNAPSHOT_DELETE, steps, apply)


def _snapshot(call: Call, server: Server) -> Snapshot:
    found = snapshots.find(server, fields.number(call.fields, "snapshotId"))
    if found is None:
        raise errors.not_found("snapshot")

    return found


def _still_there(server: Server, snapshot: Snapshot) -> None:
    if snapshot not in server.snapshots:
        raise CommandFailed("Snapshot no longer exists")


ROUTES = [
    Route("/server/{id}/snapshots", endpoint(listing), methods=["GET"]),
    Route("/server/{id}/snapshot", endpoint(create), methods=["POST"]),
    Route("/server/{id}/snapshot", endpoint(revert), methods=["PUT"]),
    Route("/server/{id}/snapshot", endpoint(delete), methods=["DELETE"]),
]
