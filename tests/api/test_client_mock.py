"""Client behaviour against scripted answers (httpx.MockTransport)."""

from __future__ import annotations

import json

import httpx
import pytest

from kamatui.api import CatalogCache, Credentials, KamateraClient, RetryPolicy
from kamatui.api.auth import AUTH_TOKEN
from kamatui.api.errors import (
    ApiTimeout,
    AuthError,
    BadResponse,
    Busy,
    CommandFailed,
    ConnectionFailed,
    NotFound,
    RateLimited,
    Refused,
    ServiceUnavailable,
)
from kamatui.api.urls import UnusableApiUrl

CREDS = Credentials("client-abc", "s3cret-value")
FAST = RetryPolicy(attempts=3, first_wait=0, max_wait=0, jitter=0)


def scripted(*answers, empty_queue_first=True):
    """A transport answering with each item in turn; records every request.

    The queue read a change makes before it leaves (see
    ``kamatui.api.command_floor``) is answered with an empty queue and not
    recorded, unless ``empty_queue_first`` is False.
    """
    seen: list[httpx.Request] = []
    queue = list(answers)
    floor_read = [empty_queue_first]

    def handle(request: httpx.Request) -> httpx.Response:
        if floor_read[0] and request.url.path.endswith("/queue"):
            floor_read[0] = False
            return json_answer([])
        seen.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handle), seen


def json_answer(payload, status=200, **headers):
    return httpx.Response(status, json=payload, headers=headers)


def make_client(transport, **kw):
    return KamateraClient(
        CREDS,
        base_url="http://localhost/service",
        transport=transport,
        retry=FAST,
        **kw,
    )


async def test_header_pair_auth_is_sent():
    """The default mode sends AuthClientId and AuthSecret."""
    transport, seen = scripted(json_answer([]))
    async with make_client(transport) as client:
        await client.list_servers()
    assert seen[0].headers["AuthClientId"] == "client-abc"
    assert seen[0].headers["AuthSecret"] == "s3cret-value"
    assert seen[0].url.path == "/service/servers"


async def test_500_with_errors_body_is_refused_and_not_retried():
    """A 500 is the API saying no; asking again would change nothing."""
    body = {"errors": [{"code": 2, "info": "Value expected", "category": "General"}]}
    transport, seen = scripted(json_answer(body, 500))
    async with make_client(transport) as client:
        with pytest.raises(Refused) as caught:
            await client.server_info("x")
    assert len(seen) == 1
    assert caught.value.code == 2 and "Value expected" in caught.value.message


async def test_busy_server_is_its_own_error():
    """'Existing operation is currently running' reads as Busy."""
    body = {"errors": [{"code": 5, "info": "Existing operation is currently running"}]}
    transport, _ = scripted(json_answer(body, 500))
    async with make_client(transport) as client:
        with pytest.raises(Busy):
            await client.power("x", "off")


async def test_reads_retry_503_then_succeed():
    """A 503 HTML page is retried for a read, and the retry's answer wins."""
    page = httpx.Response(
        503, text="<html>down</html>", headers={"content-type": "text/html"}
    )
    transport, seen = scripted(page, json_answer([{"id": "a", "name": "n"}]))
    async with make_client(transport) as client:
        servers = await client.list_servers()
    assert len(seen) == 2 and servers[0].id == "a"


async def test_429_honours_retry_after(monkeypatch):
    """The wait before the next try is what Retry-After asked for (capped)."""
    waits = []

    async def fake_sleep(seconds):
        waits.append(seconds)

    monkeypatch.setattr("asyncio.sleep", fake_sleep)
    transport, seen = scripted(
        httpx.Response(429, headers={"Retry-After": "3"}), json_answer([])
    )
    policy = RetryPolicy(attempts=3, first_wait=0, max_wait=10, jitter=0)
    async with KamateraClient(
        CREDS, base_url="http://localhost/service", transport=transport, retry=policy
    ) as client:
        await client.list_servers()
    assert len(seen) == 2 and waits == [3.0]


async def test_reads_give_up_after_the_attempts():
    """After the last attempt the last error is raised, typed."""
    transport, seen = scripted(httpx.Response(502, text="bad gateway"))
    async with make_client(transport) as client:
        with pytest.raises(ServiceUnavailable):
            await client.list_servers()
    assert len(seen) == FAST.attempts


async def test_mutation_not_retried_after_a_dropped_connection():
    """The request may have reached the API: never send it twice."""
    transport, seen = scripted(httpx.RemoteProtocolError("dropped"), json_answer(1))
    async with make_client(transport) as client:
        with pytest.raises(ConnectionFailed):
            await client.power("x", "off")
    assert len(seen) == 1


async def test_mutation_retried_when_nothing_was_sent():
    """A refused connection sent nothing, so trying again is safe."""
    transport, seen = scripted(httpx.ConnectError("refused"), json_answer(17669724))
    async with make_client(transport) as client:
        assert await client.power("x", "off") == 17669724
    assert len(seen) == 2
    assert seen[1].content == b"power=off"


async def test_mutation_sent_as_json_when_asked():
    """The client can send JSON instead of a form."""
    transport, seen = scripted(json_answer({"cmdId": 5}))
    async with make_client(transport, encoding="json") as client:
        assert await client.power("x", "restart") == 5
    assert json.loads(seen[0].content) == {"power": "restart"}


async def test_html_with_200_is_a_clear_error():
    """A web page where JSON was expected becomes BadResponse."""
    transport, _ = scripted(
        httpx.Response(200, text="<html/>", headers={"content-type": "text/html"})
    )
    async with make_client(transport) as client:
        with pytest.raises(BadResponse, match="text/html"):
            await client.list_servers()


async def test_malformed_json_is_a_clear_error():
    """Truncated JSON becomes BadResponse, not a decoder traceback."""
    transport, _ = scripted(httpx.Response(200, text='[{"id": '))
    async with make_client(transport) as client:
        with pytest.raises(BadResponse):
            await client.list_servers()


async def test_401_with_header_pair_is_an_auth_error():
    """Bad keys are reported, not retried."""
    body = {"errors": [{"code": 1, "info": "you are not logged in"}]}
    transport, seen = scripted(json_answer(body, 401))
    async with make_client(transport) as client:
        with pytest.raises(AuthError, match="not logged in"):
            await client.list_servers()
    assert len(seen) == 1


async def test_token_mode_authenticates_then_reauthenticates_once_on_401():
    """A rejected token is replaced once, then the call is repeated."""
    tokens = iter(["t" * 32, "u" * 32])
    calls = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append((request.url.path, request.headers.get("authorization")))
        if request.url.path.endswith("/authenticate"):
            return json_answer({"authentication": next(tokens), "expires": 4102444800})
        if request.headers["authorization"] == "Bearer " + "t" * 32:
            return json_answer({"errors": [{"code": 1, "info": "expired"}]}, 401)
        return json_answer([])

    async with make_client(httpx.MockTransport(handle), auth_mode=AUTH_TOKEN) as c:
        assert await c.list_servers() == []
    paths = [path for path, _ in calls]
    assert paths == [
        "/service/authenticate",
        "/service/servers",
        "/service/authenticate",
        "/service/servers",
    ]
    assert calls[0][1] is None


async def test_token_is_renewed_before_it_expires():
    """A token within the renewal margin is not used again."""
    fetched = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/authenticate"):
            fetched.append(1)
            return json_answer({"authentication": "x" * 32, "expires": 1})
        return json_answer([])

    async with make_client(httpx.MockTransport(handle), auth_mode=AUTH_TOKEN) as c:
        await c.list_servers()
        await c.list_servers()
    assert len(fetched) == 2


async def test_wait_for_command_treats_early_404_as_not_started():
    """404 in the grace window, then progress, then complete."""
    transport, seen = scripted(
        json_answer({"errors": [{"info": "not found"}]}, 404),
        json_answer({"id": 9, "status": "progress", "log": "Starting"}),
        json_answer({"id": 9, "status": "complete", "log": "Starting\nDone"}),
    )
    progress = []
    async with make_client(transport) as client:
        done = await client.wait_for_command(
            9, interval=0, on_progress=lambda c, _new: progress.append(c.status)
        )
    assert done.status == "complete" and progress == ["progress", "complete"]
    assert len(seen) == 3


async def test_wait_for_command_raises_with_the_log_on_error():
    """A failed command raises CommandFailed carrying the API's log text."""
    transport, _ = scripted(
        json_answer({"id": 9, "status": "error", "log": "Step\nDisk quota exceeded"})
    )
    async with make_client(transport) as client:
        with pytest.raises(CommandFailed, match="Disk quota exceeded") as caught:
            await client.wait_for_command(9, interval=0)
    assert "Step" in caught.value.log


async def test_wait_for_command_404_after_grace_is_not_found():
    """A command the queue never knew is NotFound once the grace is over."""
    transport, _ = scripted(json_answer({"errors": [{"info": "nope"}]}, 404))
    async with make_client(transport) as client:
        with pytest.raises(NotFound):
            await client.wait_for_command(9, interval=0, grace=-1)


async def test_hard_deadline_applies_to_a_stalled_answer():
    """asyncio.timeout bounds an attempt even where httpx would wait on."""
    import asyncio

    async def stall(request):
        await asyncio.sleep(5)
        return json_answer([])

    transport = httpx.MockTransport(stall)
    client = KamateraClient(
        CREDS,
        base_url="http://localhost/service",
        transport=transport,
        retry=RetryPolicy(attempts=1),
        deadline=0.05,
    )
    async with client:
        with pytest.raises(ApiTimeout, match="List servers"):
            await client.list_servers()


async def test_rate_limited_error_carries_retry_after():
    """429 with an errors body still exposes Retry-After."""
    transport, _ = scripted(
        httpx.Response(
            429, json={"errors": [{"info": "slow down"}]}, headers={"Retry-After": "2"}
        )
    )
    async with KamateraClient(
        CREDS,
        base_url="http://localhost/service",
        transport=transport,
        retry=RetryPolicy(attempts=1),
    ) as client:
        with pytest.raises(RateLimited) as caught:
            await client.list_servers()
    assert caught.value.retry_after == 2.0


async def test_options_are_cached_on_disk(tmp_path):
    """The second call within the time-to-live reads the file, not the API."""
    transport, seen = scripted(json_answer({"datacenters": {"EU": "EU: NL"}}))
    cache = CatalogCache(tmp_path)
    async with make_client(transport, cache=cache) as client:
        first = await client.server_options()
        second = await client.server_options()
        await client.server_options(refresh=True)
    assert first == second and len(seen) == 2


def test_cloudcli_proxy_url_is_refused_with_a_reason():
    """The proxy has other routes under the same paths; say so."""
    with pytest.raises(UnusableApiUrl, match="cloudcli proxy"):
        KamateraClient(CREDS, base_url="https://cloudcli.cloudwm.com/service")


def test_credentials_repr_hides_the_secret():
    """A secret never shows up in a repr, and so not in a traceback either."""
    assert "s3cret" not in repr(CREDS)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1/service", "not a valid URL"),
        ("http://127.0.0.1:abc/service", "not a valid URL"),
        ("http://127.0.0.1:99999/service", "not a valid URL"),
        ("http://127.0.0.1:1/serv\nice", "not a valid URL"),
        ("http://exa mple.com/service", "unusable host"),
        ("http://user:pw@127.0.0.1:1/service", "user name or password"),
        ("http://console.example.com/service", "unencrypted"),
        ("ftp://x/service", "not an http"),
        ("", "not an http"),
    ],
)
def test_unusable_urls_are_explained(url, reason):
    """Malformed, credential-bearing or cleartext URLs get one clear reason."""
    with pytest.raises(UnusableApiUrl, match=reason):
        KamateraClient(CREDS, base_url=url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765/service", "http://localhost/service", "https://x/s"]
)
def test_loopback_http_and_any_https_are_accepted(url):
    """A local simulator over http and any https endpoint are fine."""
    assert KamateraClient(CREDS, base_url=url).base_url == url


async def test_malformed_json_message_names_the_call():
    """'List servers: ... is not valid JSON', prefixed like every error."""
    transport, _ = scripted(
        httpx.Response(200, text="[1, 2", headers={"content-type": "application/json"})
    )
    async with make_client(transport) as client:
        with pytest.raises(
            BadResponse, match=r"^List servers: the answer .* not valid JSON"
        ):
            await client.list_servers()


async def test_deeply_nested_json_is_a_bad_response_not_a_recursion_error():
    """A hostile body nested a million deep is refused like any bad body."""
    body = "[" * 1_000_000 + "]" * 1_000_000
    transport, _ = scripted(httpx.Response(200, text=body))
    async with make_client(transport) as client:
        with pytest.raises(BadResponse):
            await client.list_servers()


async def test_ids_and_names_that_are_lists_or_objects_are_refused():
    """An id that is an object is not shown as "{'a': 1}": it is refused."""
    transport, _ = scripted(json_answer([{"id": {"a": 1}, "name": ["x"]}]))
    async with make_client(transport) as client:
        with pytest.raises(BadResponse, match="server id should be text"):
            await client.list_servers()


async def test_an_unexpected_failure_inside_httpx_is_still_a_client_error():
    """Whatever breaks while sending reaches callers as ConnectionFailed."""

    def explode(request):
        raise OverflowError("port must be 0-65535")

    async with make_client(httpx.MockTransport(explode)) as client:
        with pytest.raises(ConnectionFailed, match="could not be sent"):
            await client.list_servers()


def test_forgetting_the_catalog_cache_makes_the_next_read_fetch(tmp_path):
    """After a new private image, the cached catalog is dropped."""
    cache = CatalogCache(tmp_path)
    cache.store("u", "c", {"datacenters": {}})
    assert cache.load("u", "c") is not None
    cache.forget("u", "c")
    assert cache.load("u", "c") is None
