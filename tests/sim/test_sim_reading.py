"""Shapes and types of the server list, server info and options catalog."""

import re

import pytest

from kamatui.sim import SimClock, Simulator

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INFO_KEYS = {
    "id",
    "datacenter",
    "cpu",
    "name",
    "ram",
    "power",
    "diskSizes",
    "networks",
    "billing",
    "traffic",
    "managed",
    "backup",
}


async def test_server_list_rows(client):
    servers = (await client.get("/servers")).json()

    assert 24 <= len(servers) <= 48
    assert all(set(row) == {"id", "datacenter", "name", "power"} for row in servers)
    assert {row["power"] for row in servers} == {"on", "off"}
    assert len({row["datacenter"] for row in servers}) >= 4


async def test_server_info_has_exactly_the_observed_keys_and_types(client):
    servers = (await client.get("/servers")).json()
    for row in servers:
        info = (await client.get(f"/server/{row['id']}")).json()

        assert set(info) == INFO_KEYS
        assert UUID.fullmatch(info["id"])
        assert re.fullmatch(r"\d+[ABDT]", info["cpu"])
        assert isinstance(info["ram"], int)
        assert all(isinstance(size, int) for size in info["diskSizes"])
        assert info["managed"] in ("0", "1") and info["backup"] in ("0", "1")
        assert isinstance(info["traffic"], str)
        assert info["networks"][0]["network"] == f"wan-{info['datacenter'].lower()}"


async def test_hourly_servers_still_report_a_traffic_package(client, sim):
    """Quirk Q9."""
    hourly = [s for s in sim.account.servers.values() if s.billing == "hourly"]
    info = (await client.get(f"/server/{hourly[0].id}")).json()

    assert info["billing"] == "hourly"
    assert info["traffic"] == "t5000"


async def test_some_servers_sit_on_a_lan_with_private_addresses(client, sim):
    lan_servers = [s for s in sim.account.servers.values() if len(s.nics) > 1]
    info = (await client.get(f"/server/{lan_servers[0].id}")).json()

    assert info["networks"][1]["network"].startswith("lan-")
    assert re.match(r"(10|172|192)\.", info["networks"][1]["ips"][0])


async def test_unknown_server_is_refused_in_the_error_shape(client):
    response = await client.get("/server/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["info"] == "server not found"
    assert error["category"] == "General Error"


async def test_catalog_shape(client):
    response = await client.get("/server")
    catalog = response.json()

    assert len(response.content) > 100_000
    assert set(catalog) == {
        "datacenters",
        "cpu",
        "ram",
        "disk",
        "diskImages",
        "traffic",
        "networks",
        "billing",
    }
    assert catalog["datacenters"]["EU"] == "EU: The Netherlands"
    assert {"IL", "US-NY2", "EU-FR", "CA-TR", "AS"} <= set(catalog["datacenters"])
    assert "2B" in catalog["cpu"] and "104B" in catalog["cpu"]
    assert set(catalog["ram"]) == {"A", "B", "T", "D"}
    assert catalog["ram"]["A"][-1] == 131072
    assert catalog["disk"][:4] == [5, 10, 15, 20]
    assert catalog["billing"] == ["monthly", "hourly"]


async def test_catalog_images(client):
    images = (await client.get("/server")).json()["diskImages"]

    for datacenter, entries in images.items():
        for image in entries:
            assert re.fullmatch(rf"{datacenter}:6000C29[0-9a-fA-F]{{25}}", image["id"])
            assert set(image) == {
                "description",
                "id",
                "sizeGB",
                "usageInfo",
                "guestDescription",
                "freeTextOne",
                "freeTextTwo",
                "additionalDisks",
            }


async def test_traffic_ids_are_numbers_in_old_datacenters_and_codes_in_new(client):
    """Quirk Q9."""
    traffic = (await client.get("/server")).json()["traffic"]

    assert all(isinstance(entry["id"], int) for entry in traffic["EU"])
    assert {entry["id"] for entry in traffic["EU-FR"]} >= {"b20", "t5000"}


async def test_catalog_networks(client):
    networks = (await client.get("/server")).json()["networks"]

    assert networks["EU"][0] == {"name": "wan", "ips": "auto"}
    lan = next(n for n in networks["IL"] if n["name"].startswith("lan-"))
    assert isinstance(lan["ips"], list) and lan["ips"]
    assert networks["DEV"] == []


def test_same_seed_same_account():
    first = Simulator(seed=11, clock=SimClock(frozen=True))
    again = Simulator(seed=11, clock=SimClock(frozen=True))

    assert [s.info() for s in first.account.servers.values()] == [
        s.info() for s in again.account.servers.values()
    ]


def test_demo_has_a_snapshot_tree_three_levels_deep(sim):
    from kamatui.sim import snapshots

    deepest = max(
        _depth(snapshots.tree(server)) for server in sim.account.servers.values()
    )
    assert deepest == 3


def _depth(nodes: list[dict]) -> int:
    return max((1 + _depth(node["child"]) for node in nodes), default=0)


@pytest.mark.parametrize("count", [0, 1, 5000])
def test_generated_accounts_are_fast_and_exact(count):
    import time

    started = time.perf_counter()
    sim = Simulator(seed=2, servers=count, clock=SimClock(frozen=True))

    assert time.perf_counter() - started < 1.5
    assert len(list(sim.account.listed())) == count
