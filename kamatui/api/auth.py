"""The two ways the client proves who it is.

The header pair is what every Kamatera-written tool sends; the token mode
trades the secret for a one-hour bearer token and renews it before it lapses.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .models import Token

AUTH_HEADER_PAIR = "headers"
AUTH_TOKEN = "token"
AUTH_MODES = (AUTH_HEADER_PAIR, AUTH_TOKEN)

TOKEN_RENEW_MARGIN = 60.0
"""Seconds before ``expires`` at which a token is renewed rather than used."""


@dataclass(frozen=True, slots=True)
class Credentials:
    client_id: str
    secret: str

    def __repr__(self) -> str:
        return f"Credentials(client_id={self.client_id!r}, secret=***)"


class HeaderAuth:
    """Sends ``AuthClientId`` and ``AuthSecret`` on every request."""

    def __init__(self, credentials: Credentials):
        self._credentials = credentials

    async def headers(self) -> dict[str, str]:
        return {
            "AuthClientId": self._credentials.client_id,
            "AuthSecret": self._credentials.secret,
        }

    def forget(self) -> bool:
        """Nothing to renew: a 401 here means the key itself is wrong."""
        return False


class TokenAuth:
    """Sends ``Authorization: Bearer`` with a token from ``/authenticate``."""

    def __init__(
        self,
        credentials: Credentials,
        fetch: Callable[[Credentials], Awaitable[Token]],
        *,
        clock: Callable[[], float] = time.time,
    ):
        self._credentials = credentials
        self._fetch = fetch
        self._clock = clock
        self._token: Token | None = None
        self._lock = asyncio.Lock()

    async def headers(self) -> dict[str, str]:
        async with self._lock:
            if self._token is None or self._expiring(self._token):
                self._token = await self._fetch(self._credentials)
        return {"Authorization": f"Bearer {self._token.value}"}

    def forget(self) -> bool:
        """Drop the token after a 401 so the next call fetches a new one."""
        self._token = None
        return True

    def _expiring(self, token: Token) -> bool:
        return self._clock() >= token.expires - TOKEN_RENEW_MARGIN
