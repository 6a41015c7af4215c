"""Changes whose answer is lost or garbled, and searches of a queue that fails.

A change that may have been made must never look like a refusal, or the user
sends it again; one that certainly never left must say so, so it may be.
"""

from __future__ import annotations

import httpx
import pytest

from kamatui.api import (
    CreateUnconfirmed,
    Credentials,
    KamateraClient,
    RetryPolicy,
    changes,
)
from kamatui.api.auth import AUTH_TOKEN
from kamatui.api.errors import (
    AnswerUnreadable,
    ConnectionFailed,
    ServiceUnavailable,
    TransportError,
)
from kamatui.sim import SimClock, Simulator
from tests.api.test_conformance import create_request

FAST = RetryPolicy(attempts=3, first_wait=0, max_wait=0, jitter=0)


@pytest.fixture
def sim():
    return Simulator(seed=7, clock=SimClock(frozen=True))


def client_for(sim, **kw) -> KamateraClient:
    kw = {"retry": FAST, "reconcile_wait": 0.05, "reconcile_interval": 0.01} | kw
    return KamateraClient(
        Credentials(sim.client_id, sim.secret),
        base_url="http://localhost/service",
        transport=httpx.ASGITransport(app=sim.app),
        **kw,
    )


def requests_to(sim, method: str, path: str) -> list:
    return [e for e in sim.request_log if (e.method, e.path) == (method, path)]


def powered_on(sim):
    return next(s for s in sim.account.listed() if s.power == "on")


async def test_a_garbled_answer_to_a_change_is_a_lost_answer(sim):
    """The power change was made; its cut-short answer must not read as a no."""
    server = powered_on(sim)
    sim.faults.set("PUT /service/server/*/power", "malformed")
    async with client_for(sim) as client:
        with pytest.raises(AnswerUnreadable) as caught:
            await client.power(server.id, "off")

    assert isinstance(caught.value, TransportError) and not caught.value.nothing_sent
    assert "Power off" in caught.value.message
    assert len(requests_to(sim, "PUT", f"/service/server/{server.id}/power")) == 1


async def test_a_garbled_create_answer_is_looked_for_in_the_queue():
    """A create taken but answered with bad JSON is found, not sent again."""
    sim = Simulator(seed=7, clock=SimClock(speed=50))  # past the queue's 404s
    sim.faults.set("POST /service/server", "malformed")
    async with client_for(sim, reconcile_wait=5) as client:
        request = await create_request(client, name="garbled-create")
        submitted = await client.create_server(request)

    assert "not valid JSON" in submitted.recovered
    assert "found as command" in submitted.recovered
    assert len(requests_to(sim, "POST", "/service/server")) == 1


async def test_a_failed_sign_in_during_a_change_sent_nothing(sim):
    """Signing in drops on the way: the change never left, and says so."""
    server = powered_on(sim)
    sim.faults.set("POST /service/authenticate", "drop")
    async with client_for(sim, auth_mode=AUTH_TOKEN, retry=RetryPolicy(1)) as client:
        with pytest.raises(ConnectionFailed) as caught:
            await client.power(server.id, "off")

    assert caught.value.nothing_sent
    assert caught.value.message.startswith("Sign in:")
    assert requests_to(sim, "PUT", f"/service/server/{server.id}/power") == []


async def test_a_queue_never_readable_is_an_error_not_a_miss(sim):
    """Not one read of the queue worked: that is not "no command found"."""
    sim.faults.set("GET /service/queue", "unavailable")
    async with client_for(sim) as client:
        with pytest.raises(ServiceUnavailable, match="List commands"):
            await client.look_for_command("web-01.shop-prod")


async def test_a_queue_read_once_is_searched_to_the_end(sim):
    """One read worked and found nothing: that is a miss, not an error."""
    sim.faults.script("GET /service/queue", [None, "unavailable", "unavailable"])
    async with client_for(sim) as client:
        assert await client.look_for_command("web-01.shop-prod") is None


async def test_an_unconfirmed_create_says_what_went_wrong_and_what_to_do(sim):
    """The dropped create and the unreadable queue are both in its message."""
    sim.faults.set("POST /service/server", "drop")
    sim.faults.set("GET /service/queue", "unavailable")
    async with client_for(sim) as client:
        request = await create_request(client, name="unconfirmed-create")
        with pytest.raises(CreateUnconfirmed) as caught:
            await client.create_server(request)

    message = caught.value.message
    assert message.startswith("Create server: the connection dropped")
    assert "the queue could not be read" in message and "HTTP 503" in message
    assert "not sent again" in message and "check the server list" in message


def test_the_disk_clone_is_named_as_the_key_that_sends_it():
    """The request and the operation both say "Clone disk to image"."""
    assert changes.clone_disk("s", "d", "img").title == "Clone disk to image"


async def test_a_gateway_timeout_on_a_change_is_a_lost_answer(sim):
    """The API powered the server off, a proxy answered 504: not a refusal,
    and not sent again."""
    from kamatui.api.errors import GatewayFailed, outcome_unknown

    server = powered_on(sim)
    sim.faults.set("PUT /service/server/*/power", "gateway_timeout")
    async with client_for(sim) as client:
        with pytest.raises(GatewayFailed) as caught:
            await client.power(server.id, "off")

    assert outcome_unknown(caught.value)
    assert "504" in caught.value.message
    assert len(requests_to(sim, "PUT", f"/service/server/{server.id}/power")) == 1
    assert sim.engine.commands, "the API did act on it"


async def test_a_gateway_timeout_on_a_create_is_found_in_the_queue():
    """A create the API took behind a 504 is adopted, never sent twice."""
    sim = Simulator(seed=7, clock=SimClock(speed=50))  # past the queue's 404s
    sim.faults.set("POST /service/server", "gateway_timeout")
    async with client_for(sim, reconcile_wait=5) as client:
        request = await create_request(client, name="behind-a-504")
        submitted = await client.create_server(request)

    assert "504" in submitted.recovered and "found as command" in submitted.recovered
    assert len(requests_to(sim, "POST", "/service/server")) == 1


async def test_a_503_page_is_still_a_plain_refusal(sim):
    """Service unavailable says the API was not reached: nothing to look for."""
    from kamatui.api.errors import outcome_unknown

    server = powered_on(sim)
    sim.faults.set("PUT /service/server/*/power", "unavailable")
    async with client_for(sim) as client:
        with pytest.raises(ServiceUnavailable) as caught:
            await client.power(server.id, "off")
    assert not outcome_unknown(caught.value)


async def test_a_lost_change_is_not_matched_to_an_older_command_of_its_server(sim):
    """The server's earlier command (this run's, another run's, the
    console's) is not the lost change's: only a newer one can be."""
    server = powered_on(sim)
    async with client_for(sim) as earlier_client:
        earlier = await earlier_client.power(server.id, "off")
    sim.clock.advance(600)

    sim.faults.set("PUT /service/server/*/power", "hang")
    async with client_for(sim, deadline=0.3) as client:
        with pytest.raises(TransportError) as lost:
            await client.power(server.id, "on")
        assert lost.value.queue_floor is not None
        assert lost.value.queue_floor >= earlier
        found = await client.look_for_command(
            server.name, newer_than=lost.value.queue_floor
        )
    assert found is None
    assert server.power == "off"


async def test_a_lost_change_that_was_made_is_found_above_the_floor(sim):
    """The API acted, a proxy answered 504: its own command is found, not
    the server's earlier, finished one."""
    server = powered_on(sim)
    async with client_for(sim) as earlier_client:
        earlier = await earlier_client.power(server.id, "off")
    sim.clock.advance(600)

    sim.faults.set("PUT /service/server/*/power", "gateway_timeout")
    async with client_for(sim) as client:
        with pytest.raises(ServiceUnavailable) as lost:
            await client.power(server.id, "on")
        floor = lost.value.queue_floor
        # In its first seconds the new command is not listed yet: the old
        # one is all the queue shows for the server, and it is not taken.
        assert await client.look_for_command(server.name, newer_than=floor) is None
        sim.clock.advance(5)
        found = await client.look_for_command(server.name, newer_than=floor)
    assert found is not None and found.id > earlier
    assert "on" in found.description.lower()


async def test_one_queue_read_serves_a_burst_of_changes(sim):
    """A bulk change reads the queue once before its requests, not per server."""
    servers = [s for s in sim.account.listed() if s.power == "on"][:3]
    async with client_for(sim) as client:
        for server in servers:
            await client.power(server.id, "off")
    assert len(requests_to(sim, "GET", "/service/queue")) == 1
