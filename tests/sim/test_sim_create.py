"""Creating, cloning and terminating servers, with the create rules."""

import re

import pytest

from tests.sim.conftest import finish, server_named

LAN = "lan-82133-x3223f-cluster"


@pytest.fixture
async def image_id(client) -> str:
    catalog = (await client.get("/server")).json()
    return catalog["diskImages"]["IL"][7]["id"]


@pytest.fixture
def create_fields(image_id) -> dict:
    return {
        "datacenter": "IL",
        "name": "new-server-01",
        "cpu": "2B",
        "ram": "4096",
        "password": "Aa123456123456",
        "billing": "monthly",
        "traffic": "9",
        "disk_src_0": image_id,
        "disk_size_0": "20",
        "network_name_0": "wan",
        "power": "1",
    }


async def _create(client, fields: dict, **kwargs) -> int:
    response = await client.post("/server", data=fields, **kwargs)
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    return body[0]


async def test_create_appears_only_around_completion(client, clock, create_fields):
    """Quirk Q17."""
    command_id = await _create(client, create_fields)

    clock.advance(60)
    names = [row["name"] for row in (await client.get("/servers")).json()]
    assert "new-server-01" not in names

    done = await finish(client, clock, command_id)
    assert done["status"] == "complete"
    rows = (await client.get("/servers")).json()
    created = next(row for row in rows if row["name"] == "new-server-01")
    assert created["power"] == "on" and created["datacenter"] == "IL"


async def test_create_takes_minutes(client, clock, create_fields):
    command_id = await _create(client, create_fields)

    clock.advance(60)
    assert (await client.get(f"/queue/{command_id}")).json()["status"] == "progress"


async def test_create_log_names_the_server_and_its_public_ip(
    client, clock, create_fields
):
    command_id = await _create(client, create_fields)
    log = (await finish(client, clock, command_id))["log"]

    assert "Name: new-server-01" in log.splitlines()
    network_line = next(
        line for line in log.splitlines() if line.startswith("Network #1: wan")
    )
    ip = re.search(r" ([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+) ", network_line).group(1)

    rows = (await client.get("/servers")).json()
    server_id = next(row["id"] for row in rows if row["name"] == "new-server-01")
    info = (await client.get(f"/server/{server_id}")).json()
    assert info["networks"] == [{"network": "wan-il", "ips": [ip]}]


async def test_duplicate_names_get_numbered_suffixes(client, clock, create_fields):
    """Quirk Q1."""
    create_fields["name"] = "web-01.shop-prod"
    first = await _create(client, create_fields)
    second = await _create(client, create_fields)

    logs = [(await finish(client, clock, cid))["log"] for cid in (first, second)]
    assert "Name: web-01.shop-prod-1" in logs[0]
    assert "Name: web-01.shop-prod-2" in logs[1]


async def test_create_with_json_body_and_lan(client, clock, create_fields, sim):
    create_fields |= {"network_name_1": LAN, "network_ip_1": "172.16.0.200"}
    create_fields |= {"ram": 4096, "disk_size_0": 20, "power": True, "managed": True}
    command_id = await _create(client, None, json=create_fields)
    await finish(client, clock, command_id)

    server = server_named(sim, "new-server-01")
    assert server.info()["networks"][1] == {"network": LAN, "ips": ["172.16.0.200"]}
    assert server.info()["managed"] == "1"
    assert sim.request_log[-2].encoding == "json"


async def test_create_with_multipart_body_and_extra_disks(
    client, clock, sim, create_fields
):
    create_fields |= {"disk_size_1": "50", "disk_size_2": "100"}
    files = {"selectedSSHKeyValue": ("", b"ssh-ed25519 AAAA demo\n")}
    command_id = await _create(client, create_fields, files=files)
    await finish(client, clock, command_id)

    assert server_named(sim, "new-server-01").info()["diskSizes"] == [20, 50, 100]
    assert sim.request_log[-2].encoding == "multipart"


async def test_image_ids_compare_without_regard_to_case(client, create_fields):
    """Quirk Q15."""
    create_fields["disk_src_0"] = (
        create_fields["disk_src_0"].upper().replace("IL:", "IL:")
    )
    assert await _create(client, create_fields)

    create_fields["disk_src_0"] = (
        create_fields["disk_src_0"].lower().replace("il:", "IL:")
    )
    assert await _create(client, create_fields)


async def test_doc_style_form_body_labelled_json(client, create_fields):
    """The doc's examples post form fields under a JSON content type."""
    response = await client.post(
        "/server",
        content="&".join(f"{key}={value}" for key, value in create_fields.items()),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 200, response.text


async def test_hourly_create_ignores_traffic(client, clock, sim, create_fields):
    create_fields |= {"billing": "hourly", "traffic": "nonsense"}
    await finish(client, clock, await _create(client, create_fields))

    assert server_named(sim, "new-server-01").info()["traffic"] == "t5000"


def _refusal(response) -> str:
    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["category"] == "General Error"
    return error["info"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": "abc"}, "Server name"),
        ({"name": "x" * 41}, "Server name"),
        ({"name": "bad name!"}, "Server name"),
        ({"password": "Aa1short"}, "Password"),
        ({"password": "alllowercase123"}, "Password"),
        ({"password": "NOLOWERCASE123"}, "Password"),
        ({"password": "NoDigitsHere"}, "Password"),
        ({"password": "Aa1" + "x" * 30}, "Password"),
        ({"ram": "8096"}, "RAM size 8096 MB is not available for CPU type B"),
        ({"cpu": "2A", "ram": "262144"}, "CPU type A"),
        ({"cpu": "3B"}, "CPU '3B'"),
        ({"disk_size_0": "25"}, "Disk size 25 GB"),
        ({"disk_size_1": "33"}, "Disk size 33 GB"),
        ({"network_name_1": "lan-nope"}, "selected network was not found"),
        ({"network_name_1": LAN.upper()}, "selected network was not found"),
        ({"network_name_0": LAN}, "wan network interface is required"),
        ({"disk_size_15": "10"}, "at most 15 disks"),
        ({"network_name_9": "wan"}, "at most 9 network interfaces"),
        ({"datacenter": "XX"}, "Datacenter 'XX'"),
        ({"disk_src_0": "IL:6000C29000000000000000000000000"}, "Disk image"),
        ({"billing": "yearly"}, "Billing cycle"),
        ({"traffic": "t99"}, "Traffic package"),
        ({"network_name_1": LAN, "network_bits_1": "16"}, "Network bits"),
        ({"network_name_1": LAN, "network_ip_1": "10.0.0.9"}, "not available"),
    ],
)
async def test_create_rules(client, create_fields, changes, expected):
    response = await client.post("/server", data=create_fields | changes)

    assert expected in _refusal(response)


async def test_missing_field_and_wrong_type(client, create_fields):
    del create_fields["name"]
    assert "'name'" in _refusal(await client.post("/server", data=create_fields))

    create_fields |= {"name": "new-server-01", "ram": "4gb"}
    response = await client.post("/server", data=create_fields)
    assert _refusal(response) == "Value expected to be 'number', 'string' given."
    assert response.json()["errors"][0]["code"] == 2


async def test_unparseable_json_body_is_refused_not_crashed(client):
    response = await client.post(
        "/server", content=b'{"name": ', headers={"Content-Type": "application/json"}
    )

    assert "Missing required field" in _refusal(response)


async def test_clone_copies_the_source(client, clock, sim):
    source = server_named(sim, "db-primary.billing")
    response = await client.post(
        "/server/clone",
        data={
            "source": source.id,
            "name": "db-copy",
            "password": "Aa123456123456",
            "billing": "hourly",
            "network_name_1": "lan-90211-db-private",
        },
    )
    assert response.status_code == 200, response.text
    done = await finish(client, clock, response.json()[0])

    assert done["description"] == "Clone Server"
    clone = server_named(sim, "db-copy").info()
    assert clone["datacenter"] == source.datacenter
    assert clone["cpu"] == source.cpu and clone["diskSizes"] == [200, 500]
    assert [n["network"] for n in clone["networks"]] == [
        "wan-us-ny2",
        "lan-90211-db-private",
    ]


async def test_clone_of_unknown_source_is_refused(client):
    response = await client.post(
        "/server/clone",
        data={"source": "nope", "name": "copy", "password": "Aa123456123456"},
    )

    assert _refusal(response) == "server not found"


async def test_terminate_needs_confirm_and_force_when_on(client, clock, sim):
    """Quirk Q16."""
    server = server_named(sim, "web-01.shop-prod")
    path = f"/server/{server.id}/terminate"

    no_confirm = await client.request("DELETE", path, data={"force": "1"})
    assert "confirm=1" in _refusal(no_confirm)
    no_force = await client.request("DELETE", path, data={"confirm": "1"})
    assert "force=1" in _refusal(no_force)

    response = await client.request("DELETE", path, json={"confirm": 1, "force": 1})
    assert isinstance(response.json(), int)
    assert sim.request_log[-1].fields == {"confirm": 1, "force": 1}

    await finish(client, clock, response.json())
    assert _refusal(await client.get(f"/server/{server.id}")) == "server not found"
    again = await client.request("DELETE", path, data={"confirm": "1", "force": "1"})
    assert _refusal(again) == "server not found"


async def test_terminate_of_a_stopped_server_needs_no_force(client, clock, sim):
    server = server_named(sim, "ci-runner-3")
    response = await client.request(
        "DELETE", f"/server/{server.id}/terminate", data={"confirm": "1"}
    )

    assert (await finish(client, clock, response.json()))["status"] == "complete"
