"""The one request path: credentials, retries, timeouts, errors, logging.

Every call the client makes goes through ``Connection.call``, so the policy
of what may be retried, the hard deadline and the redacted logging are each
written once.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from typing import Any

import httpx

from . import responses
from .auth import AUTH_TOKEN, Credentials, HeaderAuth, TokenAuth
from .errors import (
    AnswerUnreadable,
    ApiError,
    ApiTimeout,
    AuthError,
    BadResponse,
    ConnectionFailed,
    TransportError,
)
from .models import Token
from .retry import RetryPolicy, retrying

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=10.0, pool=5.0)
DEFAULT_DEADLINE = 60.0
"""Hard limit on one attempt: httpx never times out a server that trickles."""

ENCODING_FORM = "form"
ENCODING_JSON = "json"


class Connection:
    """Owns the ``httpx.AsyncClient`` and the rules every request follows."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        base_url: str,
        auth_mode: str,
        transport: httpx.AsyncBaseTransport | None,
        timeout: httpx.Timeout,
        deadline: float,
        retry: RetryPolicy,
        encoding: str,
        tls: ssl.SSLContext | None = None,
    ):
        self._http = httpx.AsyncClient(
            base_url=base_url + "/",
            transport=transport,
            verify=tls if tls is not None else True,
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": "kamatui"},
        )
        self._deadline = deadline
        self._retry = retry
        self._encoding = encoding
        self._auth: HeaderAuth | TokenAuth = (
            TokenAuth(credentials, self._fetch_token)
            if auth_mode == AUTH_TOKEN
            else HeaderAuth(credentials)
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def call(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        mutating: bool = False,
        retry: RetryPolicy | None = None,
        what: str,
    ) -> Any:
        """Send one request under the retry policy; return its JSON."""
        async for attempt in retrying(retry or self._retry, mutating=mutating):
            with attempt:
                return await self._send_authenticated(
                    method, path, body, what, mutating
                )
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _send_authenticated(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        what: str,
        mutating: bool,
    ) -> Any:
        try:
            return await self._send(method, path, body, what, mutating)
        except AuthError:
            if not self._auth.forget():
                raise
            log.debug("%s %s: 401, fetching a new token once", method, path)
            return await self._send(method, path, body, what, mutating)

    async def _send(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        what: str,
        mutating: bool,
    ) -> Any:
        try:
            headers = await self._auth.headers()
        except TransportError as exc:
            # Signing in failed on the way: none of this request has left.
            exc.nothing_sent = True
            raise
        try:
            return await self._exchange(method, path, body, what, headers)
        except BadResponse as exc:
            # A change was taken, but what it started cannot be read.
            if mutating and _success(exc.status):
                raise AnswerUnreadable(exc.message) from None
            raise

    async def _exchange(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        what: str,
        headers: dict[str, str],
    ) -> Any:
        started = time.monotonic()
        try:
            async with asyncio.timeout(self._deadline):
                response = await self._http.request(
                    method, path, headers=headers, **self._encode(body)
                )
        except TimeoutError:
            log.debug("%s %s: no answer within %.0f s", method, path, self._deadline)
            raise ApiTimeout(f"{what}: no answer in time") from None
        except httpx.TransportError as exc:
            log.debug("%s %s: %s", method, path, type(exc).__name__)
            raise responses.transport_error(exc, what) from None
        except Exception as exc:
            # Anything else (a URL httpx cannot build, a port out of range)
            # is still this request failing, and must reach the UI as such.
            log.exception("%s %s: could not be sent", method, path)
            raise ConnectionFailed(
                f"{what}: the request could not be sent ({type(exc).__name__})"
            ) from None

        log.debug(
            "%s %s -> %s in %.0f ms",
            method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        try:
            error = responses.error_for(response)
            if error is None:
                return responses.decode_json(response)
        except ApiError as exc:
            error = exc
        error.message = f"{what}: {error.message}"
        raise error

    def _encode(self, body: dict[str, Any] | None) -> dict[str, Any]:
        """Form fields by default (proven live); JSON when configured."""
        if body is None:
            return {}
        if self._encoding == ENCODING_JSON:
            return {"json": body}
        return {"data": {key: _form_value(value) for key, value in body.items()}}

    async def _fetch_token(self, credentials: Credentials) -> Token:
        body = {"clientId": credentials.client_id, "secret": credentials.secret}
        payload = await self._exchange(
            "POST", "authenticate", body, "Sign in", headers={}
        )
        return Token.from_api(payload)


def _success(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
