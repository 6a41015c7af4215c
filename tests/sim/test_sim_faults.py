"""Fault injection, in-process and over a real socket."""

import json
import time

import httpx
import pytest

from kamatui.sim import serve_in_thread
from tests.sim.conftest import key_headers, server_named


async def test_faults_are_off_by_default(client):
    for _ in range(20):
        assert (await client.get("/servers")).status_code == 200


async def test_server_error(client, sim):
    sim.faults.set("/service/servers", "server_error")
    response = await client.get("/servers")

    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == 20
    assert response.json()["errors"][0]["info"] == "error occurred"


@pytest.mark.parametrize(
    ("mode", "status"), [("bad_gateway", 502), ("unavailable", 503)]
)
async def test_gateway_errors_answer_with_html(client, sim, mode, status):
    sim.faults.set("*", mode)
    response = await client.get("/servers")

    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<html>")


async def test_rate_limit_sends_retry_after(client, sim):
    sim.faults.set("/service/*", "rate_limit", delay=7)
    response = await client.get("/servers")

    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"


async def test_latency_delays_but_answers(client, sim):
    sim.faults.set("/service/servers", "latency", delay=0.2)
    started = time.perf_counter()
    response = await client.get("/servers")

    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.2


async def test_malformed_json_is_cut_short(client, sim):
    sim.faults.set("/service/servers", "malformed")
    response = await client.get("/servers")

    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_expired_tokens_get_401_while_the_key_pair_still_works(
    client, anonymous, sim
):
    credentials = {"clientId": sim.client_id, "secret": sim.secret}
    token = (await anonymous.post("/authenticate", data=credentials)).json()
    bearer = {"Authorization": f"Bearer {token['authentication']}"}
    sim.faults.set("GET /service/servers", "expire_token", times=1)

    assert (await anonymous.get("/servers", headers=bearer)).status_code == 401
    assert (await client.get("/servers")).status_code == 200


async def test_drop_in_process_raises_a_transport_error_after_the_effect(
    client, sim, clock
):
    """The command still runs: a lost answer is why create is never retried."""
    server = server_named(sim, "web-01.shop-prod")
    sim.faults.set("PUT /service/server/*/power", "drop")

    with pytest.raises(httpx.TransportError):
        await client.put(f"/server/{server.id}/power", data={"power": "off"})

    clock.advance(60)
    assert (await client.get(f"/server/{server.id}")).json()["power"] == "off"


async def test_method_in_pattern_limits_the_rule(client, sim):
    sim.faults.set("PUT /service/servers", "server_error")

    assert (await client.get("/servers")).status_code == 200


async def test_times_limits_how_often_a_rule_fires(client, sim):
    sim.faults.set("*", "server_error", times=2)
    statuses = [(await client.get("/servers")).status_code for _ in range(4)]

    assert statuses == [500, 500, 200, 200]


async def test_script_plays_in_order(client, sim):
    sim.faults.script("/service/servers", ["unavailable", None, "server_error"])
    statuses = [(await client.get("/servers")).status_code for _ in range(4)]

    assert statuses == [503, 200, 500, 200]


async def test_probability_is_seeded(sim, clock):
    from kamatui.sim import Simulator

    def pattern(seed: int) -> list[bool]:
        other = Simulator(seed=seed, clock=clock, servers=0)
        other.faults.set("*", "server_error", probability=0.5)
        return [
            other.faults.pick("GET", "/service/servers") is not None for _ in range(40)
        ]

    assert pattern(5) == pattern(5)
    assert 5 < sum(pattern(5)) < 35


def test_unknown_mode_is_refused(sim):
    with pytest.raises(ValueError, match="mode must be one of"):
        sim.faults.set("*", "explode")


def test_drop_over_a_socket_closes_the_connection_mid_response(sim):
    sim.faults.set("/service/server", "drop")
    with serve_in_thread(sim) as base_url, pytest.raises(httpx.RemoteProtocolError):
        httpx.get(f"{base_url}/server", headers=key_headers(sim), timeout=5)


def test_hang_over_a_socket_outlasts_the_client_timeout(sim):
    sim.faults.set("/service/servers", "hang")
    with serve_in_thread(sim) as base_url:
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{base_url}/servers", headers=key_headers(sim), timeout=0.3)

        sim.faults.clear()
        assert (
            httpx.get(f"{base_url}/servers", headers=key_headers(sim)).status_code
            == 200
        )


def test_control_routes_set_list_and_clear_faults(sim):
    with serve_in_thread(sim) as base_url:
        control = base_url.removesuffix("/service") + "/_sim/faults"
        added = httpx.post(
            control, json={"pattern": "/service/servers", "mode": "rate_limit"}
        )
        assert added.json() == {"ok": True}
        assert httpx.get(control).json()["rules"][0]["mode"] == "rate_limit"
        servers = httpx.get(f"{base_url}/servers", headers=key_headers(sim))
        assert servers.status_code == 429

        httpx.post(control, json={"pattern": "*", "script": ["bad_gateway"]})
        httpx.delete(control)
        servers = httpx.get(f"{base_url}/servers", headers=key_headers(sim))
        assert servers.status_code == 200

        refused = httpx.post(control, json={"mode": "explode"})
        assert refused.status_code == 400
