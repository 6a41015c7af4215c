"""Request counts by route, for benchmarks that run the simulator apart."""

import httpx

from kamatui.sim import serve_in_thread
from tests.sim.conftest import key_headers, server_named

COUNTS = "http://sim.test/_sim/requests"
QUEUE_POLL = "GET /service/queue/{id}"


async def test_requests_are_counted_by_method_and_route(client, sim):
    web = server_named(sim, "web-01.shop-prod")
    await client.get("/servers")
    await client.get("/servers")
    await client.get(f"/server/{web.id}")
    await client.put(f"/server/{web.id}/power", data={"power": "restart"})
    await client.post("/server/clone", data={})
    await client.get("/no/such/route")

    counts = (await client.get(COUNTS)).json()

    assert counts["by_route"] == {
        "GET /service/servers": 2,
        "GET /service/server/{id}": 1,
        "PUT /service/server/{id}/power": 1,
        "POST /service/server/clone": 1,
        "GET (no route)": 1,
    }
    assert counts["total"] == 6
    assert "by_path" not in counts


async def test_paths_are_listed_for_the_route_asked_for(client, sim):
    for command_id in (11, 11, 11, 12):
        await client.get(f"/queue/{command_id}")
    await client.get("/queue")

    counts = (await client.get(COUNTS, params={"paths": QUEUE_POLL})).json()

    assert counts["by_route"] == {QUEUE_POLL: 4, "GET /service/queue": 1}
    assert counts["by_path"] == {"/service/queue/11": 3, "/service/queue/12": 1}


def test_counts_over_a_socket_leave_the_control_requests_out(sim):
    """Asking for the counts is not itself counted, nor are other controls."""
    with serve_in_thread(sim) as base_url:
        root = base_url.removesuffix("/service")
        httpx.get(f"{base_url}/servers", headers=key_headers(sim))
        httpx.get(f"{root}/_sim/faults")
        httpx.get(f"{root}/_sim/requests")
        counts = httpx.get(f"{root}/_sim/requests").json()

    assert counts == {"total": 1, "by_route": {"GET /service/servers": 1}}
