"""Snapshot trees: what the list shows and how create, revert and delete move it.

Observed behaviour (quirk Q2 and the toolbox tests): a new snapshot's name
gets a suffix, it becomes the active child of the active snapshot, a revert
moves the active mark, and deleting a snapshot removes that node alone, its
children taking its place. Deleting the active one leaves none active.
"""

import time
from typing import Any

from kamatui.sim.model import Server, Snapshot


def tree(server: Server) -> list[dict[str, Any]]:
    """The nested list ``GET /server/{id}/snapshots`` returns."""
    return _children(server, None, 0)


def _children(server: Server, parent: int | None, depth: int) -> list[dict]:
    nodes = sorted(
        (snap for snap in server.snapshots if snap.parent == parent),
        key=lambda snap: snap.id,
    )
    return [
        {
            "id": snap.id,
            "name": snap.name,
            "date": time.strftime("%d/%m/%Y %H:%M:%S", time.gmtime(snap.created)),
            "active": snap.id == server.active_snapshot,
            "depth": depth,
            "child": _children(server, snap.id, depth + 1),
        }
        for snap in nodes
    ]


def find(server: Server, snapshot_id: int) -> Snapshot | None:
    return next((snap for snap in server.snapshots if snap.id == snapshot_id), None)


def add(server: Server, name: str, created: float) -> Snapshot:
    """Take a snapshot under the active one and make it active.

    Ids look like epoch seconds on the live API; two snapshots taken in the
    same second still need distinct ids, so a clash moves the id up.
    """
    snapshot_id = int(created)
    taken = {snap.id for snap in server.snapshots}
    while snapshot_id in taken:
        snapshot_id += 1

    snapshot = Snapshot(snapshot_id, name, created, server.active_snapshot)
    server.snapshots.append(snapshot)
    server.active_snapshot = snapshot.id
    return snapshot


def delete(server: Server, snapshot: Snapshot) -> None:
    """Remove one node; its children move up to its parent."""
    for snap in server.snapshots:
        if snap.parent == snapshot.id:
            snap.parent = snapshot.parent

    server.snapshots.remove(snapshot)
    if server.active_snapshot == snapshot.id:
        server.active_snapshot = None


def suffixed(name: str, created: float) -> str:
    """The stored name: the requested one plus a stamp (quirk Q2)."""
    return f"{name}-{time.strftime('%Y%m%d%H%M%S', time.gmtime(created))}"
