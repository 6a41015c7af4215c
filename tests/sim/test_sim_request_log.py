"""The request log says what became of each request: its fault and its status."""

import httpx
import pytest

from kamatui.sim import serve_in_thread
from tests.sim.conftest import key_headers, server_named


async def test_an_answered_request_logs_its_status(client, sim):
    """A plain request is logged with no fault and the status it got."""
    await client.get("/servers")

    (entry,) = sim.request_log
    assert (entry.fault, entry.status) == (None, 200)


async def test_a_faulted_request_logs_the_fault_and_its_status(client, sim):
    """An injected 503 is logged as the fault it was, answered 503."""
    sim.faults.set("/service/servers", "unavailable")
    await client.get("/servers")

    (entry,) = sim.request_log
    assert (entry.fault, entry.status) == ("unavailable", 503)


async def test_an_expired_token_logs_the_401_it_got(anonymous, sim):
    """The 401 that stops a request at the door is in its log entry."""
    credentials = {"clientId": sim.client_id, "secret": sim.secret}
    token = (await anonymous.post("/authenticate", data=credentials)).json()
    sim.faults.set("GET /service/servers", "expire_token")
    headers = {"Authorization": f"Bearer {token['authentication']}"}
    await anonymous.get("/servers", headers=headers)

    entry = sim.request_log[-1]
    assert (entry.fault, entry.status) == ("expire_token", 401)


def test_a_hanging_request_has_no_status_while_it_hangs(sim):
    """Over a socket, a request still waiting for its answer has none yet."""
    server = server_named(sim, "web-01.shop-prod")
    sim.faults.set(f"PUT /service/server/{server.id}/power", "hang")
    with serve_in_thread(sim) as base_url:
        with pytest.raises(httpx.ReadTimeout):
            httpx.put(
                f"{base_url}/server/{server.id}/power",
                data={"power": "off"},
                headers=key_headers(sim),
                timeout=0.2,
            )
        (entry,) = sim.request_log
        assert (entry.fault, entry.status) == ("hang", None)
