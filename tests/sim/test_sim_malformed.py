"""The malformed fault always sends a body that is not JSON."""

import json

import pytest

from tests.sim.conftest import server_named


async def test_a_bare_command_id_cut_short_is_not_a_number(client, sim):
    """Half of a command id would be another valid id: the body must not parse."""
    server = server_named(sim, "web-01.shop-prod")
    sim.faults.set("PUT /service/server/*/power", "malformed")
    response = await client.put(f"/server/{server.id}/power", data={"power": "off"})

    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_a_list_cut_short_is_just_its_first_half(client, sim):
    """A body whose half is already broken is sent as that half."""
    whole = (await client.get("/servers")).content
    sim.faults.set("/service/servers", "malformed")
    response = await client.get("/servers")

    assert response.content == whole[: len(whole) // 2]
