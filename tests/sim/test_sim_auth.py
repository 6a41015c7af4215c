"""The three credential styles, tokens and their expiry."""

import httpx

from kamatui.sim import Simulator
from tests.sim.conftest import BASE_URL


def _client(sim: Simulator, **headers: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=sim.app)
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=headers)


async def test_header_pair_is_accepted(sim):
    async with _client(sim, AuthClientId=sim.client_id, AuthSecret=sim.secret) as c:
        assert (await c.get("/servers")).status_code == 200


async def test_doc_style_headers_are_accepted(sim):
    async with _client(sim, clientId=sim.client_id, secret=sim.secret) as c:
        assert (await c.get("/servers")).status_code == 200


async def test_missing_credentials_get_the_not_logged_in_body(anonymous):
    response = await anonymous.get("/servers")

    assert response.status_code == 401
    assert response.json() == {"errors": [{"code": 1, "info": "you are not logged in"}]}


async def test_wrong_secret_is_refused(sim):
    async with _client(sim, AuthClientId=sim.client_id, AuthSecret="nope") as c:
        assert (await c.get("/servers")).status_code == 401


async def test_token_from_json_body_authorises_bearer_requests(sim, anonymous):
    response = await anonymous.post(
        "/authenticate", json={"clientId": sim.client_id, "secret": sim.secret}
    )
    body = response.json()

    assert response.status_code == 200
    assert len(body["authentication"]) == 32
    assert isinstance(body["expires"], int)

    bearer = {"Authorization": f"Bearer {body['authentication']}"}
    assert (await anonymous.get("/servers", headers=bearer)).status_code == 200


async def test_token_from_form_and_multipart_bodies(sim, anonymous):
    credentials = {"clientId": sim.client_id, "secret": sim.secret}
    form = await anonymous.post("/authenticate", data=credentials)
    multipart = await anonymous.post(
        "/authenticate", data=credentials, files={"unused": ("", b"")}
    )

    assert form.status_code == 200
    assert multipart.status_code == 200
    assert sim.request_log[-1].encoding == "multipart"


async def test_authenticate_with_bad_secret_is_refused(sim, anonymous):
    response = await anonymous.post(
        "/authenticate", data={"clientId": sim.client_id, "secret": "x"}
    )

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == 1


async def test_token_expires_on_wall_time_not_sim_time(clock):
    wall = [1000.0]
    sim = Simulator(seed=1, clock=clock, token_lifetime=60, wall_clock=lambda: wall[0])
    async with _client(sim) as c:
        body = (
            await c.post(
                "/authenticate", data={"clientId": sim.client_id, "secret": sim.secret}
            )
        ).json()
        bearer = {"Authorization": f"Bearer {body['authentication']}"}
        assert body["expires"] == 1060

        clock.advance(10_000)
        assert (await c.get("/servers", headers=bearer)).status_code == 200

        wall[0] = 1060.0
        assert (await c.get("/servers", headers=bearer)).status_code == 401


async def test_default_token_lifetime_is_one_hour(clock):
    sim = Simulator(seed=1, clock=clock, wall_clock=lambda: 5000.0)
    async with _client(sim) as c:
        body = (
            await c.post(
                "/authenticate", json={"clientId": sim.client_id, "secret": sim.secret}
            )
        ).json()

    assert body["expires"] == 5000 + 3600


def test_credentials_follow_the_seed(clock):
    first, again = Simulator(seed=3, clock=clock), Simulator(seed=3, clock=clock)
    other = Simulator(seed=4, clock=clock)

    assert (first.client_id, first.secret) == (again.client_id, again.secret)
    assert first.client_id != other.client_id
