"""CPU, RAM, disks, rename, password, billing and the hard disk library."""

import pytest

from tests.sim.conftest import finish, server_named


@pytest.fixture
def server(sim):
    return server_named(sim, "web-02.shop-prod")


def _refusal(response) -> str:
    assert response.status_code == 500
    return response.json()["errors"][0]["info"]


async def test_option_lists(client, server):
    cpus = (await client.get(f"/server/{server.id}/cpu")).json()
    rams = (await client.get(f"/server/{server.id}/ram")).json()
    disks = (await client.get(f"/server/{server.id}/disk")).json()

    assert set(cpus) == {"A", "B", "D", "T"} and "104B" in cpus["B"]
    assert rams["A"][0] == 1024 and rams["A"][-1] == 131072
    assert disks[:6] == [5, 10, 15, 20, 30, 40]


async def test_change_cpu_and_ram(client, clock, server):
    cpu = await client.put(f"/server/{server.id}/cpu", data={"cpu": "4B"})
    await finish(client, clock, cpu.json())
    ram = await client.put(f"/server/{server.id}/ram", json={"ram": 8192})
    await finish(client, clock, ram.json())

    info = (await client.get(f"/server/{server.id}")).json()
    assert (info["cpu"], info["ram"]) == ("4B", 8192)


async def test_ram_must_suit_the_cpu_type(client, server):
    response = await client.put(f"/server/{server.id}/ram", data={"ram": "8096"})

    assert "not available for CPU type B" in _refusal(response)


async def test_resize_snapshots_silently_and_then_blocks_disk_removal(
    client, clock, sim
):
    """Quirk Q3."""
    server = server_named(sim, "worker-01.shop-prod")
    assert (await client.get(f"/server/{server.id}/snapshots")).json() == []

    resize = await client.put(
        f"/server/{server.id}/disk",
        data={"index": "1", "size": "150", "provision": "1"},
    )
    await finish(client, clock, resize.json())

    assert (await client.get(f"/server/{server.id}")).json()["diskSizes"] == [50, 150]
    assert len((await client.get(f"/server/{server.id}/snapshots")).json()) == 1
    remove = await client.request(
        "DELETE",
        f"/server/{server.id}/disk/remove",
        data={"index": "1", "confirm": "1"},
    )
    assert _refusal(remove) == "server has snapshots"


async def test_resize_size_must_be_a_bare_number(client, server):
    """Quirk Q4."""
    response = await client.put(
        f"/server/{server.id}/disk", data={"index": "0", "size": "30gb"}
    )

    assert response.status_code == 500
    assert response.json() == {
        "errors": [
            {
                "code": 2,
                "info": "Value expected to be 'number', 'string' given.",
                "category": "General Error",
            }
        ]
    }


async def test_add_and_remove_a_disk(client, clock, sim):
    server = server_named(sim, "ci-runner-1")
    added = await client.post(
        f"/server/{server.id}/disk", data={"size": "20", "provision": "1"}
    )
    await finish(client, clock, added.json())
    assert server.info()["diskSizes"] == [80, 20]

    path = f"/server/{server.id}/disk/remove"
    unconfirmed = await client.request("DELETE", path, data={"index": "1"})
    assert "confirm=1" in _refusal(unconfirmed)

    removed = await client.request("DELETE", path, data={"index": "1", "confirm": "1"})
    await finish(client, clock, removed.json())
    assert server.info()["diskSizes"] == [80]


async def test_disk_index_must_exist(client, server):
    response = await client.put(
        f"/server/{server.id}/disk", data={"index": "5", "size": "50"}
    )

    assert _refusal(response) == "Disk index 5 was not found."


async def test_rename_and_password(client, clock, server):
    renamed = await client.put(f"/server/{server.id}/rename", data={"name": "web-2b"})
    await finish(client, clock, renamed.json())
    assert (await client.get(f"/server/{server.id}")).json()["name"] == "web-2b"

    weak = await client.put(f"/server/{server.id}/password", data={"password": "abc"})
    assert "Password" in _refusal(weak)
    bad_name = await client.put(f"/server/{server.id}/rename", data={"name": "a b"})
    assert "Server name" in _refusal(bad_name)

    changed = await client.put(
        f"/server/{server.id}/password", data={"password": "NewPass12345"}
    )
    assert (await finish(client, clock, changed.json()))["status"] == "complete"


async def test_billing_put_answers_with_the_billing_state(client, sim):
    """Quirk Q6."""
    server = server_named(sim, "web-03.shop-prod")
    path = f"/server/{server.id}/billing"
    assert (await client.get(path)).json() == {"active": "hourly", "future": "hourly"}

    monthly = await client.put(path, data={"type": "monthly", "traffic": "t5000"})
    assert monthly.json() == {"active": "monthly", "future": "monthly"}

    hourly = await client.put(path, data={"type": "hourly"})
    assert hourly.json() == {"active": "monthly", "future": "hourly"}

    assert "Traffic package" in _refusal(
        await client.put(path, data={"type": "monthly", "traffic": "zzz"})
    )


async def test_hdlib_sizes_are_bytes_and_cloning_adds_an_image(client, clock, server):
    """Quirk Q7."""
    library = (await client.get(f"/server/{server.id}/hdlib")).json()
    assert library == [
        {"uuid": server.disks[0].uuid, "sizeGB": 40 * 1024**3},
    ]

    cloned = await client.post(
        f"/server/{server.id}/hdlib",
        data={"disk_src_0": library[0]["uuid"], "disk_name_0": "golden-web"},
    )
    await finish(client, clock, cloned.json())

    images = (await client.get("/server")).json()["diskImages"]["EU"]
    golden = next(image for image in images if image["description"] == "golden-web")
    assert golden["sizeGB"] == 40
    assert golden["id"].startswith("EU:6000C29")


async def test_hdlib_clone_of_unknown_disk_is_refused(client, server):
    response = await client.post(
        f"/server/{server.id}/hdlib", data={"disk_src_0": "0" * 32}
    )

    assert _refusal(response) == "disk not found"
