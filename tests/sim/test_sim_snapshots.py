"""Snapshot trees: create, revert and delete (quirk Q2 and the toolbox tests)."""

import re

import pytest

from tests.sim.conftest import finish, server_named


@pytest.fixture
def server(sim):
    return server_named(sim, "ci-runner-1")


async def _tree(client, server) -> list[dict]:
    return (await client.get(f"/server/{server.id}/snapshots")).json()


async def _snap(client, clock, server, name: str) -> None:
    response = await client.post(f"/server/{server.id}/snapshot", data={"name": name})
    assert isinstance(response.json(), int)
    assert (await finish(client, clock, response.json()))["status"] == "complete"


async def test_create_two_revert_then_delete(client, clock, server):
    await _snap(client, clock, server, "snap1")
    [root] = await _tree(client, server)
    assert root["name"].startswith("snap1-")
    assert (root["active"], root["depth"], root["child"]) == (True, 0, [])
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", root["date"])
    assert isinstance(root["id"], int)

    await _snap(client, clock, server, "snap2")
    [root] = await _tree(client, server)
    [child] = root["child"]
    assert child["name"].startswith("snap2-")
    assert (root["active"], child["active"], child["depth"]) == (False, True, 1)

    revert = await client.put(
        f"/server/{server.id}/snapshot", data={"snapshotId": str(root["id"])}
    )
    assert set(revert.json()) == {"cmdId"}
    await finish(client, clock, revert.json()["cmdId"])
    [root] = await _tree(client, server)
    assert (root["active"], root["child"][0]["active"]) == (True, False)

    delete = await client.request(
        "DELETE", f"/server/{server.id}/snapshot", data={"snapshotId": root["id"]}
    )
    await finish(client, clock, delete.json())
    [left] = await _tree(client, server)
    assert left["name"].startswith("snap2-")
    assert (left["active"], left["depth"]) == (False, 0)


async def test_deleting_a_middle_node_lifts_its_children(client, clock, sim):
    server = server_named(sim, "db-primary.billing")
    [root] = await _tree(client, server)
    middle = root["child"][0]

    response = await client.request(
        "DELETE", f"/server/{server.id}/snapshot", json={"snapshotId": middle["id"]}
    )
    await finish(client, clock, response.json())

    [root] = await _tree(client, server)
    [lifted] = root["child"]
    assert lifted["name"].startswith("post-migration-")
    assert (lifted["depth"], lifted["active"]) == (1, True)


async def test_unknown_snapshot_is_refused(client, server):
    response = await client.put(
        f"/server/{server.id}/snapshot", data={"snapshotId": "12345"}
    )

    assert response.status_code == 500
    assert response.json()["errors"][0]["info"] == "snapshot not found"
