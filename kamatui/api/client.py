"""The async Kamatera client: one object, one ``httpx.AsyncClient``.

Every request goes through ``_call``, which adds credentials, applies the
retry policy, turns httpx failures into the client's own errors and logs
what it did without the credentials.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from . import responses
from .auth import AUTH_HEADER_PAIR, AUTH_TOKEN, Credentials, HeaderAuth, TokenAuth
from .cache import CatalogCache
from .errors import (
    ApiError,
    AuthError,
    CommandCancelled,
    CommandFailed,
    CommandTimeout,
    NotFound,
)
from .models import (
    QueuedCommand,
    ServerInfo,
    ServerOptions,
    ServerSummary,
    Token,
    parse_server_list,
)
from .retry import RetryPolicy, retrying
from .urls import DEFAULT_API_URL, check_api_url
from .wire import parse_command_id

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=10.0, pool=5.0)
DEFAULT_DEADLINE = 60.0
"""Hard limit on one attempt: httpx never times out a server that trickles."""

POLL_INTERVAL = 2.0
QUEUE_GRACE = 60.0
"""How long a 404 from the queue means "not started yet" rather than unknown."""
COMMAND_TIMEOUT = 40 * 60.0

ENCODING_FORM = "form"
ENCODING_JSON = "json"

ProgressCallback = Callable[[QueuedCommand], Awaitable[None] | None]


class KamateraClient:
    """Talks to the native API at ``base_url`` (default: Kamatera's console)."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        base_url: str = DEFAULT_API_URL,
        auth_mode: str = AUTH_HEADER_PAIR,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        retry: RetryPolicy | None = None,
        encoding: str = ENCODING_FORM,
        cache: CatalogCache | None = None,
    ):
        self.base_url = check_api_url(base_url)
        self.client_id = credentials.client_id
        self._http = httpx.AsyncClient(
            base_url=self.base_url + "/",
            transport=transport,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "kamatui"},
        )
        self._deadline = deadline
        self._retry = retry or RetryPolicy()
        self._encoding = encoding
        self._cache = cache
        self._auth: HeaderAuth | TokenAuth = (
            TokenAuth(credentials, self._fetch_token)
            if auth_mode == AUTH_TOKEN
            else HeaderAuth(credentials)
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> KamateraClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.aclose()

    # Reads

    async def list_servers(self) -> list[ServerSummary]:
        return parse_server_list(
            await self._call("GET", "servers", what="List servers")
        )

    async def server_info(self, server_id: str) -> ServerInfo:
        payload = await self._call("GET", f"server/{server_id}", what="Server details")
        if isinstance(payload, list) and len(payload) == 1:
            payload = payload[0]
        return ServerInfo.from_api(payload)

    async def server_options(self, *, refresh: bool = False) -> ServerOptions:
        """The options catalog, from the file cache while it is fresh."""
        cached = None
        if self._cache and not refresh:
            cached = self._cache.load(self.base_url, self.client_id)
        if cached is not None:
            try:
                return ServerOptions.from_api(cached)
            except ApiError:
                log.warning("cached server options are unusable; fetching anew")

        payload = await self._call("GET", "server", what="Server options")
        options = ServerOptions.from_api(payload)
        if self._cache:
            self._cache.store(self.base_url, self.client_id, payload)
        return options

    async def get_command(self, command_id: int) -> QueuedCommand:
        payload = await self._call(
            "GET", f"queue/{command_id}", what=f"Command {command_id}"
        )
        if isinstance(payload, list) and len(payload) == 1:
            payload = payload[0]
        return QueuedCommand.from_api(payload)

    async def check_credentials(self) -> int:
        """Prove the credentials work; returns how many servers they see."""
        return len(await self.list_servers())

    # Changes

    async def power(self, server_id: str, state: str) -> int:
        """Power a server ``on``, ``off`` or ``restart``; returns the command id."""
        if state not in ("on", "off", "restart"):
            raise ValueError(f"power state must be on, off or restart, not {state!r}")
        payload = await self._call(
            "PUT",
            f"server/{server_id}/power",
            body={"power": state},
            mutating=True,
            what=f"Power {state}",
        )
        return parse_command_id(payload)

    # Following a queued command

    async def wait_for_command(
        self,
        command_id: int,
        *,
        on_progress: ProgressCallback | None = None,
        interval: float = POLL_INTERVAL,
        grace: float = QUEUE_GRACE,
        timeout: float = COMMAND_TIMEOUT,
    ) -> QueuedCommand:
        """Poll until the command ends; raise if it fails, is cancelled or lags.

        A 404 just after submission means the command has not started yet; it
        is taken as such for ``grace`` seconds.
        """
        started = time.monotonic()
        last_seen: QueuedCommand | None = None
        while True:
            elapsed = time.monotonic() - started
            try:
                command = await self.get_command(command_id)
            except NotFound:
                if elapsed > grace:
                    raise
                command = None

            if command is not None and command != last_seen:
                last_seen = command
                if on_progress is not None:
                    result = on_progress(command)
                    if asyncio.iscoroutine(result):
                        await result

            if command is not None and command.finished:
                return _settled(command)

            if elapsed > timeout:
                raise CommandTimeout(
                    f"Command {command_id} has not finished after {timeout:.0f} s",
                    command_id=command_id,
                    log=last_seen.log if last_seen else "",
                )
            await asyncio.sleep(interval)

    # The one request path

    async def _call(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        mutating: bool = False,
        what: str,
    ) -> Any:
        async for attempt in retrying(self._retry, mutating=mutating):
            with attempt:
                return await self._send_authenticated(method, path, body, what)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _send_authenticated(
        self, method: str, path: str, body: dict[str, Any] | None, what: str
    ) -> Any:
        try:
            return await self._send(method, path, body, what)
        except AuthError:
            if not self._auth.forget():
                raise
            log.debug("%s %s: 401, fetching a new token once", method, path)
            return await self._send(method, path, body, what)

    async def _send(
        self, method: str, path: str, body: dict[str, Any] | None, what: str
    ) -> Any:
        headers = await self._auth.headers()
        return await self._exchange(method, path, body, what, headers)

    async def _exchange(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        what: str,
        headers: dict[str, str],
    ) -> Any:
        content = {}
        if body is not None:
            content = (
                {"json": body}
                if self._encoding == ENCODING_JSON
                else {"data": {k: _form_value(v) for k, v in body.items()}}
            )

        started = time.monotonic()
        try:
            async with asyncio.timeout(self._deadline):
                response = await self._http.request(
                    method, path, headers=headers, **content
                )
        except TimeoutError:
            log.debug("%s %s: no answer within %.0f s", method, path, self._deadline)
            raise responses.ApiTimeout(f"{what}: no answer in time") from None
        except httpx.TransportError as exc:
            log.debug("%s %s: %s", method, path, type(exc).__name__)
            raise responses.transport_error(exc, what) from None

        log.debug(
            "%s %s -> %s in %.0f ms",
            method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        error = responses.error_for(response)
        if error is not None:
            error.message = f"{what}: {error.message}"
            raise error
        return responses.decode_json(response)

    async def _fetch_token(self, credentials: Credentials) -> Token:
        body = {"clientId": credentials.client_id, "secret": credentials.secret}
        payload = await self._exchange(
            "POST", "authenticate", body, "Sign in", headers={}
        )
        return Token.from_api(payload)


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _settled(command: QueuedCommand) -> QueuedCommand:
    if command.status == "complete":
        return command
    last = command.log_lines[-1] if command.log_lines else "no log"
    if command.status == "cancelled":
        raise CommandCancelled(
            f"Command {command.id} was cancelled: {last}",
            command_id=command.id,
            log=command.log,
        )
    raise CommandFailed(
        f"Command {command.id} failed: {last}", command_id=command.id, log=command.log
    )
