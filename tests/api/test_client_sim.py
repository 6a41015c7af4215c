"""The client against the simulator over a real loopback socket.

Timeouts and dropped connections only show on a socket: the in-process ASGI
transport enforces no timeouts.
"""

from __future__ import annotations

import httpx
import pytest

from kamatui.api import Credentials, KamateraClient, RetryPolicy
from kamatui.api.auth import AUTH_TOKEN
from kamatui.api.errors import (
    ApiTimeout,
    AuthError,
    BadResponse,
    ConnectionFailed,
    NotFound,
    Refused,
    ServiceUnavailable,
)
from kamatui.sim import SimClock, Simulator, serve_in_thread

ONE_TRY = RetryPolicy(attempts=1)
FAST_RETRY = RetryPolicy(attempts=3, first_wait=0, max_wait=0, jitter=0)


@pytest.fixture
def sim():
    return Simulator(seed=7, clock=SimClock(frozen=True))


@pytest.fixture
def base_url(sim):
    with serve_in_thread(sim) as url:
        yield url


def client_for(sim, base_url, **kw) -> KamateraClient:
    kw.setdefault("retry", ONE_TRY)
    return KamateraClient(
        Credentials(sim.client_id, sim.secret), base_url=base_url, **kw
    )


def power_requests(sim) -> int:
    return sum(1 for entry in sim.request_log if entry.path.endswith("/power"))


async def test_list_info_and_options_over_loopback(sim, base_url):
    """The three reads return typed values that match the simulator's state."""
    async with client_for(sim, base_url) as client:
        servers = await client.list_servers()
        assert {s.id for s in servers} == {s.id for s in sim.account.listed()}

        info = await client.server_info(servers[0].id)
        assert info.name == servers[0].name
        assert info.cpu is not None and info.ram_mb and info.disk_sizes_gb

        options = await client.server_options()
        assert "EU" in options.datacenters and options.images["EU"]
        assert set(options.ram_by_cpu_type) >= {"A", "B", "T", "D"}


@pytest.mark.parametrize("auth_mode", ["headers", AUTH_TOKEN])
async def test_both_auth_modes_work(sim, base_url, auth_mode):
    """The header pair and the bearer token both reach the data."""
    async with client_for(sim, base_url, auth_mode=auth_mode) as client:
        assert await client.check_credentials() == len(list(sim.account.listed()))
    sent = sim.request_log[-1].headers
    if auth_mode == AUTH_TOKEN:
        assert sent["authorization"].startswith("Bearer ")
        assert "authsecret" not in sent
    else:
        assert sent["authsecret"] == sim.secret


async def test_expired_token_is_renewed_once(sim, base_url):
    """A 401 on an expired token leads to one new /authenticate and a retry."""
    async with client_for(sim, base_url, auth_mode=AUTH_TOKEN) as client:
        await client.list_servers()
        sim.faults.set("/service/servers", "expire_token", times=1)
        await client.list_servers()
    auths = [e for e in sim.request_log if e.path.endswith("/authenticate")]
    assert len(auths) == 2


async def test_wrong_credentials_are_an_auth_error(sim, base_url):
    """401 with code 1 becomes AuthError with the API's words."""
    client = KamateraClient(Credentials("nobody", "wrong"), base_url=base_url)
    async with client:
        with pytest.raises(AuthError, match="not logged in"):
            await client.list_servers()


async def test_unknown_server_is_refused_or_not_found(sim, base_url):
    """An unknown id gives the client's own error, never a crash."""
    async with client_for(sim, base_url) as client:
        with pytest.raises((Refused, NotFound)):
            await client.server_info("00000000-0000-0000-0000-000000000000")


async def test_power_goes_through_the_queue_with_its_404_window(sim, base_url):
    """Right after submission the queue says 404; then it runs to complete."""
    server = next(s for s in sim.account.listed() if s.power == "on")
    async with client_for(sim, base_url) as client:
        command_id = await client.power(server.id, "off")
        with pytest.raises(NotFound):
            await client.get_command(command_id)

        sim.clock.advance(5)
        running = await client.get_command(command_id)
        assert not running.finished and running.server == server.name

        sim.clock.advance(600)
        done = await client.wait_for_command(command_id, interval=0)
    assert done.status == "complete"
    assert (await _info_power(sim, base_url, server.id)) == "off"


async def _info_power(sim, base_url, server_id):
    async with client_for(sim, base_url) as client:
        return (await client.server_info(server_id)).power


async def test_wait_for_command_follows_a_running_command(base_url):
    """With a fast clock the waiter sees progress and then completion."""
    fast = Simulator(seed=7, clock=SimClock(speed=500))
    with serve_in_thread(fast) as url:
        server = next(s for s in fast.account.listed() if s.power == "on")
        statuses = []
        async with client_for(fast, url) as client:
            command_id = await client.power(server.id, "restart")
            done = await client.wait_for_command(
                command_id,
                interval=0.01,
                on_progress=lambda c, _new: statuses.append(c.status),
            )
    assert done.status == "complete" and statuses[-1] == "complete"
    assert done.log_lines


async def test_500_with_errors_body(sim, base_url):
    """The simulator's code-20 refusal arrives as Refused, code and words intact."""
    sim.faults.set("/service/servers", "server_error")
    async with client_for(sim, base_url, retry=FAST_RETRY) as client:
        with pytest.raises(Refused) as caught:
            await client.list_servers()
    assert caught.value.code == 20 and "error occurred" in caught.value.message
    assert sum(e.path == "/service/servers" for e in sim.request_log) == 1


async def test_html_error_page_is_retried_then_reported(sim, base_url):
    """A 503 web page is retried for a read and reported clearly at the end."""
    sim.faults.set("/service/servers", "unavailable")
    async with client_for(sim, base_url, retry=FAST_RETRY) as client:
        with pytest.raises(ServiceUnavailable, match="503"):
            await client.list_servers()
    assert sum(e.path == "/service/servers" for e in sim.request_log) == 3


async def test_a_read_recovers_after_one_bad_gateway(sim, base_url):
    """502 once, then data: the caller only sees the data."""
    sim.faults.script("/service/servers", ["bad_gateway", None])
    async with client_for(sim, base_url, retry=FAST_RETRY) as client:
        assert await client.list_servers()


async def test_malformed_json_is_a_bad_response(sim, base_url):
    """A body cut short is BadResponse, not a decoder traceback."""
    sim.faults.set("/service/servers", "malformed")
    async with client_for(sim, base_url) as client:
        with pytest.raises(BadResponse):
            await client.list_servers()


async def test_a_hanging_request_times_out(sim, base_url):
    """Over a socket the read timeout ends a request that never answers."""
    sim.faults.set("/service/servers", "hang", delay=30)
    timeout = httpx.Timeout(connect=2, read=0.3, write=2, pool=2)
    async with client_for(sim, base_url, timeout=timeout) as client:
        with pytest.raises(ApiTimeout, match="List servers"):
            await client.list_servers()


async def test_a_dropped_mutation_is_not_sent_twice(sim, base_url):
    """The power call may have landed; the client must not repeat it."""
    server = next(iter(sim.account.listed()))
    sim.faults.set("PUT /service/server/*/power", "drop", times=1)
    async with client_for(sim, base_url, retry=FAST_RETRY) as client:
        with pytest.raises(ConnectionFailed):
            await client.power(server.id, "off" if server.power == "on" else "on")
    assert power_requests(sim) == 1


async def test_a_refused_connection_is_retried_for_reads_and_says_so():
    """Nobody listening: reads try again, then report a connection failure."""
    client = KamateraClient(
        Credentials("a", "b"), base_url="http://127.0.0.1:9/service", retry=FAST_RETRY
    )
    async with client:
        with pytest.raises(ConnectionFailed, match="could not connect") as caught:
            await client.list_servers()
    assert caught.value.nothing_sent


async def test_markup_and_escapes_in_a_name_arrive_clean(sim, base_url):
    """Control characters are replaced at the model; markup stays literal text."""
    server = next(iter(sim.account.listed()))
    server.name = "a[/]b\x1b]0;owned\x07[bold]x\x9b2J"
    async with client_for(sim, base_url) as client:
        listed = {s.id: s for s in await client.list_servers()}
        info = await client.server_info(server.id)
    for name in (listed[server.id].name, info.name):
        assert "a[/]b" in name and "[bold]x" in name
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in name)


async def test_rate_limit_is_waited_out_then_retried(sim, base_url):
    """429 with Retry-After: the read waits as asked (capped) and succeeds."""
    sim.faults.set("/service/servers", "rate_limit", times=1, delay=0)
    policy = RetryPolicy(attempts=3, first_wait=0, max_wait=0.05, jitter=0)
    async with client_for(sim, base_url, retry=policy) as client:
        assert await client.list_servers()
    assert sum(e.path == "/service/servers" for e in sim.request_log) == 2


async def test_latency_within_the_timeout_is_just_slower(sim, base_url):
    """Added latency under the timeout changes nothing but the wait."""
    sim.faults.set("/service/servers", "latency", delay=0.2)
    async with client_for(sim, base_url) as client:
        assert await client.list_servers()
