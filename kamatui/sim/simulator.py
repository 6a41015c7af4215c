"""The simulator: one seeded Kamatera account behind a Starlette app."""

import random
import threading
import time
from collections.abc import Callable

from kamatui.sim.account import Account
from kamatui.sim.app import build_app
from kamatui.sim.auth import TOKEN_LIFETIME, Credentials
from kamatui.sim.bulk import build_bulk
from kamatui.sim.clock import SimClock
from kamatui.sim.demo import build_demo
from kamatui.sim.engine import CommandEngine
from kamatui.sim.faults import Faults
from kamatui.sim.middleware import LoggedRequest


class Simulator:
    """A stateful fake of the native Kamatera API.

    Args:
        seed: Everything random (ids, addresses, credentials, fault dice)
            derives from it, so equal seeds give equal accounts.
        servers: None for the hand-made demo account; a number for a
            generated account of that many servers.
        clock: Drives the command queue; a frozen clock suits tests.
        token_lifetime: Seconds a bearer token lives.
        wall_clock: The time source for token expiry, replaceable in tests.
    """

    def __init__(
        self,
        seed: int = 0,
        servers: int | None = None,
        clock: SimClock | None = None,
        token_lifetime: float = TOKEN_LIFETIME,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.seed = seed
        self.clock = clock or SimClock()
        self.lock = threading.RLock()
        self.request_log: list[LoggedRequest] = []
        self.credentials = Credentials(
            random.Random(f"{seed}:credentials"), wall_clock, token_lifetime
        )
        self.account = Account(random.Random(f"{seed}:account"))
        self.engine = CommandEngine(random.Random(f"{seed}:commands"))
        self.faults = Faults(random.Random(f"{seed}:faults"))

        now = self.clock.now()
        if servers is None:
            build_demo(self.account, now)
        else:
            build_bulk(self.account, servers, now)

        self.app = build_app(self)

    @property
    def client_id(self) -> str:
        return self.credentials.client_id

    @property
    def secret(self) -> str:
        return self.credentials.secret
