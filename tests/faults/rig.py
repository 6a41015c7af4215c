"""One app over one simulator, built for one fault mode, and what its cells share.

Every mode gets a fresh simulator with a frozen clock (cells move it on when a
command should advance) and one app in token mode, so a sign-in can fail like
any other call. Modes that only a socket can show run the simulator over
loopback; the rest talk to it in-process, which is faster.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import httpx
from textual import events
from textual.widgets import Static

from kamatui.api import Credentials, KamateraClient, RetryPolicy
from kamatui.api.auth import AUTH_TOKEN
from kamatui.config import Config
from kamatui.paths import resolve_paths
from kamatui.session import Session
from kamatui.sim import SimClock, Simulator, serve_in_thread
from kamatui.sim.middleware import LoggedRequest
from kamatui.ui.app import KamatuiApp
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.status_line import StatusLine
from kamatui.ui.widgets.virtual_table import VirtualTable

from .modes import Mode

SEED = 7
PROBE = "wiki.corp"
"""A server no cell changes: renamed behind the app's back to prove a refresh."""
REFRESH_SECONDS = 0.05
"""The app's refresh interval: short, so "the next refresh" comes soon."""
RETRY = RetryPolicy(attempts=2, first_wait=0, max_wait=0, jitter=0)
"""Reads are tried twice at no cost, so the retry policy runs but stays cheap."""
HANG_RETRY = RetryPolicy(attempts=1)
"""A hang costs a whole timeout per try; the policy's retries are tested apart
(tests/api), so here each read waits out one."""
HANG_TIMEOUT = httpx.Timeout(connect=2.0, read=0.6, write=2.0, pool=2.0)
"""For the hang mode only: long enough for loopback, short enough to wait out."""
NORMAL_TIMEOUT = httpx.Timeout(connect=5.0, read=10.0, write=5.0, pool=5.0)
RECONCILE_WAIT = 0.25
"""Long enough for a found command, which a cell lets out of its window at once."""
RECONCILE_INTERVAL = 0.02
HANG_RECONCILE_WAIT = 0.1
"""A hung change never reaches the queue: a few looks at it are enough."""
SAID_IDS = ("form-error", "submit-error", "wizard-error", "wizard-result")
"""Widgets besides status lines in which a screen tells what happened."""
KEY_CHARACTERS = {"slash": "/", "escape": "\x1b", "enter": "\r", "space": " "}
WAIT_LIMIT = 8.0
"""Seconds a cell waits for anything before it counts as failed."""


class RefusingTransport(httpx.AsyncBaseTransport):
    """Sends matching requests to a port nobody listens on: a real refusal.

    The simulator cannot refuse a connection it has already accepted, so the
    refusal happens here, per request, by dialling a closed loopback port.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self._closed_port = _closed_port()
        self.patterns: list[str] = []
        self.refused: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        if any(matches(pattern, method, path) for pattern in self.patterns):
            self.refused.append((method, path))
            request.url = request.url.copy_with(port=self._closed_port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _closed_port() -> int:
    """A loopback port that was free a moment ago and has no listener."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def matches(pattern: str, method: str, path: str) -> bool:
    """The simulator's rule syntax: ``PATH`` or ``METHOD PATH``, shell globs."""
    wanted_method, _, wanted_path = pattern.rpartition(" ")
    if wanted_method and wanted_method.upper() != method:
        return False
    return fnmatchcase(path, wanted_path)


@dataclass
class Rig:
    """The app, its simulator and the fault switch of one mode."""

    mode: Mode
    sim: Simulator
    app: KamatuiApp
    refusals: RefusingTransport | None
    probe_id: str
    """The server renamed behind the app's back to prove a refresh happened."""
    shown: list[str] = field(default_factory=list)
    """Every toast since the cell began, title and message on one line."""
    probes: int = 0

    # Faults

    def inject(self, pattern: str) -> None:
        """Make requests matching ``pattern`` fail this mode's way."""
        if self.mode.sim_mode is not None:
            with self.sim.lock:
                self.sim.faults.set(pattern, self.mode.sim_mode)
        elif self.mode.refuses:
            self.refusals.patterns.append(pattern)

    def stop_faults(self) -> None:
        with self.sim.lock:
            self.sim.faults.clear()
        if self.refusals is not None:
            self.refusals.patterns.clear()

    def fault_fired(self, pattern: str) -> bool:
        """Whether this mode's fault really hit a request matching ``pattern``."""
        if self.mode.refuses:
            return any(matches(pattern, m, p) for m, p in self.refusals.refused)
        if self.mode.sim_mode is None:
            return True
        return any(
            entry.fault == self.mode.sim_mode
            and matches(pattern, entry.method, entry.path)
            for entry in list(self.sim.request_log)
        )

    def advance(self, seconds: float) -> None:
        """Move the simulated clock: commands leave their 404 window, finish."""
        with self.sim.lock:
            self.sim.clock.advance(seconds)

    def requests(self, method: str, path: str) -> list[LoggedRequest]:
        return [
            entry
            for entry in list(self.sim.request_log)
            if entry.method == method and entry.path == path
        ]

    # Waiting and looking

    async def wait(
        self, condition: Callable[[], object], what: str, limit: float = WAIT_LIMIT
    ):
        """Wait until ``condition()`` is true and return its value, or fail."""
        deadline = time.monotonic() + limit
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                front = type(self.app.screen).__name__
                raise AssertionError(
                    f"waited {limit:g} s for {what}; in front: {front}, "
                    f"saying {self.screen_texts()}, toasts {self.shown[-2:]}"
                )
            await asyncio.sleep(0.01)

    async def press(self, *keys: str) -> None:
        """Keys as a terminal sends them, without waiting for the app to idle.

        ``Pilot.press`` waits until the whole process looks idle after every
        key, which costs more than the key itself; each cell waits instead for
        the one thing it needs to see next.
        """
        for key in keys:
            char = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
            event = events.Key(key, char)
            event.set_sender(self.app)
            self.app._driver.send_message(event)
            await asyncio.sleep(0.01)

    def screen_texts(self) -> list[str]:
        """The status lines and form errors on the screen in front."""
        screen = self.app.screen
        texts = [str(line.content) for line in screen.query(StatusLine) if line.display]
        for static in screen.query(Static):
            if static.id in SAID_IDS and static.display:
                texts.append(str(static.content))
        return texts

    def list_screen(self) -> ServersScreen:
        return next(s for s in self.app.screen_stack if isinstance(s, ServersScreen))

    def list_table(self) -> VirtualTable:
        return self.list_screen().query_one("#server-table", VirtualTable)

    def listed_names(self) -> set[str]:
        return {str(row.cells[0]) for row in self.list_table().rows}

    def server(self, name: str):
        return next(s for s in self.sim.account.listed() if s.name == name)


@asynccontextmanager
async def rig_for(mode: Mode) -> AsyncIterator[Rig]:
    """A running app for ``mode``, its list loaded, toasts recorded."""
    sim = Simulator(seed=SEED, clock=SimClock(frozen=True))
    hangs = mode.sim_mode == "hang"
    with _served(sim, mode) as base_url:
        refusals = None
        if base_url == IN_PROCESS_URL:
            transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=sim.app)
        else:
            refusals = RefusingTransport(httpx.AsyncHTTPTransport())
            transport = refusals
        client = KamateraClient(
            Credentials(sim.client_id, sim.secret),
            base_url=base_url,
            auth_mode=AUTH_TOKEN,
            transport=transport,
            retry=HANG_RETRY if hangs else RETRY,
            timeout=HANG_TIMEOUT if hangs else NORMAL_TIMEOUT,
            deadline=0.75 if hangs else 10.0,
            reconcile_wait=HANG_RECONCILE_WAIT if hangs else RECONCILE_WAIT,
            reconcile_interval=RECONCILE_INTERVAL,
        )
        app = KamatuiApp(
            paths=resolve_paths(),
            config=Config(refresh_seconds=REFRESH_SECONDS, bell=False),
            session=Session("fault-matrix", client),
        )
        async with app.run_test(size=(80, 24)):
            probe_id = next(s.id for s in sim.account.listed() if s.name == PROBE)
            rig = Rig(mode, sim, app, refusals, probe_id)
            _record_toasts(rig)
            await rig.wait(
                lambda: (
                    isinstance(app.screen, ServersScreen) and rig.list_table().row_count
                ),
                "the first list",
            )
            yield rig


IN_PROCESS_URL = "http://localhost/service"


def _served(sim: Simulator, mode: Mode):
    if mode.socket:
        return serve_in_thread(sim)
    return nullcontext(IN_PROCESS_URL)


def _record_toasts(rig: Rig) -> None:
    original = rig.app.notify

    def notify(message, *args, **kwargs):
        title = kwargs.get("title") or (args[0] if args else "")
        rig.shown.append(f"{title}: {message}" if title else str(message))
        return original(message, *args, **kwargs)

    rig.app.notify = notify
