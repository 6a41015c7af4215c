"""Body encodings, the request log, and errors that never become tracebacks."""

import pytest

from tests.sim.conftest import server_named


@pytest.mark.parametrize(
    ("kwargs", "encoding"),
    [
        ({"json": {"power": "off"}}, "json"),
        ({"data": {"power": "off"}}, "form"),
        ({"data": {"power": "off"}, "files": {"x": ("", b"")}}, "multipart"),
    ],
)
async def test_every_encoding_reaches_the_handler(client, sim, kwargs, encoding):
    server = server_named(sim, "web-01.shop-prod")
    response = await client.put(f"/server/{server.id}/power", **kwargs)

    assert isinstance(response.json(), int)
    logged = sim.request_log[-1]
    assert (logged.method, logged.path) == ("PUT", f"/service/server/{server.id}/power")
    assert logged.encoding == encoding
    assert logged.fields["power"] == "off"


@pytest.mark.parametrize("encoding", ["json", "form", "multipart"])
async def test_delete_bodies_in_every_encoding(client, sim, encoding):
    server = server_named(sim, "ci-runner-3")
    body = {"confirm": "1"}
    kwargs = {"json": body} if encoding == "json" else {"data": body}
    if encoding == "multipart":
        kwargs["files"] = {"x": ("", b"")}

    response = await client.request(
        "DELETE", f"/server/{server.id}/terminate", **kwargs
    )

    assert isinstance(response.json(), int), response.text
    assert sim.request_log[-1].encoding == encoding


async def test_log_keeps_headers_for_auth_assertions(client, sim):
    await client.get("/servers")

    assert sim.request_log[-1].headers["authclientid"] == sim.client_id


async def test_unknown_path_and_method_answer_in_the_error_shape(client):
    missing = await client.get("/no/such/thing")
    wrong_method = await client.patch("/servers")

    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == 4
    assert wrong_method.status_code == 405
    assert "errors" in wrong_method.json()


async def test_a_bug_in_the_simulator_answers_in_the_error_shape(
    client, sim, monkeypatch
):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(sim.account, "listed", broken)
    response = await client.get("/servers")

    assert response.status_code == 500
    assert response.json()["errors"][0] == {
        "code": 20,
        "info": "error occurred",
        "category": "General Error",
    }


async def test_structured_value_where_text_is_expected(client, sim):
    server = server_named(sim, "web-01.shop-prod")
    response = await client.put(
        f"/server/{server.id}/rename", json={"name": ["a", "b"]}
    )

    assert response.json()["errors"][0]["info"] == (
        "Value expected to be 'string', 'array' given."
    )


async def test_queue_id_must_be_a_number(client):
    response = await client.get("/queue/abc")

    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == 2


async def test_broken_multipart_body_is_refused_not_crashed(client):
    response = await client.post(
        "/authenticate",
        content=b"--zzz\r\nnot really multipart",
        headers={"Content-Type": "multipart/form-data; boundary=zzz"},
    )

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == 1
