"""What the app is connected to: a profile name and its API client.

Built before the UI starts (or by the first-run form), so screens only ever
see a ready client. Imports no Textual.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import httpx

from .api import CatalogCache, Credentials, KamateraClient
from .config import Profile
from .logs import secret_filter
from .paths import Paths

DEMO_PROFILE = "demo"
DEMO_SEED = 0
"""The same seed as ``kamatui-sim``'s default, so both show the same account."""
DEMO_BASE_URL = "http://localhost/service"
"""Never dialled: a demo client talks to its simulator in this process."""


@dataclass
class Session:
    profile_name: str
    client: KamateraClient
    is_demo: bool = False
    simulator: object | None = None
    """The in-process simulator behind a demo session, kept alive with it."""
    profile: Profile | None = None
    """The configured profile, for its safety settings; None for a demo."""

    async def aclose(self) -> None:
        await self.client.aclose()


def demo_session(
    *, seed: int = DEMO_SEED, speed: float = 1.0, clock: object | None = None
) -> Session:
    """A session against the simulator, in this process, with no credentials.

    Nothing of a demo is written to disk, not even the catalog cache.
    ``clock`` replaces the simulator's (screenshots freeze it).
    """
    from .sim import SimClock, Simulator

    simulator = Simulator(seed=seed, clock=clock or SimClock(speed=speed))
    client = KamateraClient(
        Credentials(simulator.client_id, simulator.secret),
        base_url=DEMO_BASE_URL,
        transport=httpx.ASGITransport(app=simulator.app),
    )
    return Session(DEMO_PROFILE, client, is_demo=True, simulator=simulator)


def profile_session(
    profile: Profile,
    credentials: Credentials,
    paths: Paths,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    tls: ssl.SSLContext | None = None,
) -> Session:
    """A session for a configured (or command-line) profile.

    ``tls`` is a context already built (see ``kamatui.api.tls``); without
    one, httpx builds its own.
    """
    secret_filter.add(credentials.secret)
    client = KamateraClient(
        credentials,
        base_url=profile.api_url,
        auth_mode=profile.auth,
        transport=transport,
        cache=CatalogCache(paths.cache_dir),
        tls=tls,
    )
    return Session(profile.name, client, profile=profile)
