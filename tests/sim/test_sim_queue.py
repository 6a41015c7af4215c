"""The command queue life cycle and power operations."""

from tests.sim.conftest import finish, server_named


async def _power(client, server_id: str, state: str) -> int:
    response = await client.put(f"/server/{server_id}/power", data={"power": state})
    assert response.status_code == 200, response.text
    return response.json()


async def test_power_returns_a_bare_eight_digit_command_id(client, sim):
    server = server_named(sim, "web-01.shop-prod")
    command_id = await _power(client, server.id, "off")

    assert isinstance(command_id, int)
    assert 10_000_000 <= command_id < 100_000_000


async def test_queue_answers_404_right_after_submission(client, sim, clock):
    """Quirk Q11."""
    command_id = await _power(client, server_named(sim, "web-01.shop-prod").id, "off")

    assert (await client.get(f"/queue/{command_id}")).status_code == 404
    clock.advance(2)
    assert (await client.get(f"/queue/{command_id}")).status_code == 200


async def test_life_cycle_pending_progress_complete(client, sim, clock):
    server = server_named(sim, "web-01.shop-prod")
    command_id = await _power(client, server.id, "off")

    clock.advance(2)
    pending = (await client.get(f"/queue/{command_id}")).json()
    assert pending["status"] == "pending"
    assert pending["completed"] == "" and pending["log"] == ""
    assert pending["server"] == "web-01.shop-prod"
    assert pending["description"] == "Power Off Server"
    assert pending["id"] == command_id

    clock.advance(3)
    running = (await client.get(f"/queue/{command_id}")).json()
    assert running["status"] == "progress"
    assert server.power == "on"

    done = await finish(client, clock, command_id)
    assert done["status"] == "complete"
    assert done["completed"] == "2026-01-01 00:00:14"
    assert done["log"].startswith(running["log"])
    assert len(done["log"].splitlines()) > len(running["log"].splitlines())
    info = (await client.get(f"/server/{server.id}")).json()
    assert info["power"] == "off"


async def test_power_takes_seconds_not_minutes(client, sim, clock):
    command_id = await _power(client, server_named(sim, "ci-runner-3").id, "on")

    clock.advance(25)
    assert (await client.get(f"/queue/{command_id}")).json()["status"] == "complete"


async def test_second_operation_on_a_busy_server_is_refused(client, sim, clock):
    """Quirk Q12."""
    server = server_named(sim, "web-01.shop-prod")
    await _power(client, server.id, "off")

    response = await client.put(f"/server/{server.id}/power", data={"power": "on"})
    assert response.status_code == 500
    assert response.json()["errors"][0]["info"] == (
        "Existing operation is currently running"
    )

    clock.advance(60)
    assert (await client.put(f"/server/{server.id}/power", data={"power": "on"})).json()


async def test_restart_of_a_stopped_server_ends_in_error(client, sim, clock):
    command_id = await _power(client, server_named(sim, "ci-runner-3").id, "restart")
    done = await finish(client, clock, command_id)

    assert done["status"] == "error"
    assert "powered off" in done["log"]


async def test_invalid_power_state_is_refused(client, sim):
    server = server_named(sim, "web-01.shop-prod")
    response = await client.put(f"/server/{server.id}/power", data={"power": "up"})

    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == 3


async def test_queue_list_holds_active_and_recent_commands(client, sim, clock):
    first = await _power(client, server_named(sim, "web-01.shop-prod").id, "off")
    second = await _power(client, server_named(sim, "web-02.shop-prod").id, "off")

    assert (await client.get("/queue")).json() == []
    clock.advance(30)
    listed = (await client.get("/queue")).json()
    assert [entry["id"] for entry in listed] == [first, second]
    assert {entry["status"] for entry in listed} == {"complete"}

    clock.advance(7200)
    assert (await client.get("/queue")).json() == []
