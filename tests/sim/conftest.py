"""Fixtures for the simulator tests: a frozen clock and an in-process client."""

import httpx
import pytest

from kamatui.sim import SimClock, Simulator

BASE_URL = "http://sim.test/service"


@pytest.fixture
def clock() -> SimClock:
    return SimClock(frozen=True)


@pytest.fixture
def sim(clock: SimClock) -> Simulator:
    return Simulator(seed=7, clock=clock)


def key_headers(sim: Simulator) -> dict[str, str]:
    """The header pair real Kamatera tools send."""
    return {"AuthClientId": sim.client_id, "AuthSecret": sim.secret}


@pytest.fixture
async def client(sim: Simulator):
    """An authenticated client talking to the app without a socket."""
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, headers=key_headers(sim)
    ) as client:
        yield client


@pytest.fixture
async def anonymous(sim: Simulator):
    """A client that sends no credentials."""
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


def server_named(sim: Simulator, name: str):
    """A demo server by name, straight from the simulator's state."""
    return next(s for s in sim.account.servers.values() if s.name == name)


async def finish(client: httpx.AsyncClient, clock: SimClock, command_id: int) -> dict:
    """Advance far enough for any command to end, and return its queue object."""
    clock.advance(600)
    response = await client.get(f"/queue/{command_id}")
    assert response.status_code == 200
    return response.json()
