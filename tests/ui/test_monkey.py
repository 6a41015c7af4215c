"""Random keys on every screen, at random sizes, with random API faults.

The run fails on an unhandled exception (the app would have exited), on a
traceback anywhere on screen or in a message, and on a request that changes
something without a confirmation having allowed it. Leaving the app is
stubbed: quitting, handing the terminal to ssh and writing the clipboard are
recorded instead of done.

Every run prints its seed; ``KAMATUI_MONKEY_SEED=N`` replays one and
``KAMATUI_MONKEY_KEYS=N`` sets how many keys it presses. The default run is
short enough for CI; ``pytest -m slow tests/ui/test_monkey.py`` presses
10,000.
"""

from __future__ import annotations

import os
import random
import string

import httpx
import pytest

from kamatui.api import Credentials
from kamatui.sim import SimClock, Simulator
from kamatui.sim.faults import MODES
from kamatui.ui import ssh
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.confirm_bulk import ConfirmBulk
from kamatui.ui.screens.wizard_review import ReviewStep
from tests.ui.support import app_for, loaded, session_for

SHORT_RUN = 250
LONG_RUN = 10_000

APP_KEYS = list("udRnPcmazDbCTplyewWosSrtUALq:/jkgGxXvh") + [
    "question_mark",
    "colon",
    "slash",
    "space",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "pageup",
    "pagedown",
    "home",
    "end",
    "backspace",
    "f2",
    "f3",
    "ctrl+p",
    "ctrl+q",
    "ctrl+c",
]
"""Keys the app binds, and the ones that move around dialogs and forms."""

TYPED = list(string.ascii_letters + string.digits + "-._~![]:@ ")
"""What lands in forms and the filter."""

FAULT_PATTERNS = [
    "/service/servers",
    "/service/server/*",
    "GET /service/queue/*",
    "PUT /service/server/*/power",
    "POST /service/*",
    "/service/authenticate",
]
FAULT_DELAYS = {"latency": 0.3, "hang": 1.5, "rate_limit": 1.0}
"""In-process requests have no timeout: a hang is a long wait, kept short."""

SIZES = ((60, 200), (20, 60))


class Monkey:
    """Presses keys, changes faults and sizes, and checks after each key."""

    def __init__(self, seed: int, keys: int, sim: Simulator, monkeypatch) -> None:
        self.seed = seed
        self.keys = keys
        self.rng = random.Random(seed)
        self.sim = sim
        self.allowed = 0
        """Changes the confirmations so far allowed; each request uses one."""
        self.mutations_seen = 0
        self.messages: list[str] = []
        self.left: list[str] = []
        """What would have left the app: quit, ssh, clipboard."""
        self.pressed: list[str] = []
        self.screens: set[str] = set()
        """Every screen and dialog the keys reached."""
        self._patch(monkeypatch)

    def _patch(self, monkeypatch) -> None:
        monkey = self

        def allow(count):
            def dismiss(dialog, result=None):
                if result is True:
                    monkey.allowed += count(dialog)
                return original[type(dialog)](dialog, result)

            return dismiss

        original = {
            ConfirmChange: ConfirmChange.dismiss,
            ConfirmBulk: ConfirmBulk.dismiss,
        }
        monkeypatch.setattr(ConfirmChange, "dismiss", allow(lambda dialog: 1))
        monkeypatch.setattr(ConfirmBulk, "dismiss", allow(lambda d: d._count))

        create = ReviewStep._create

        def reviewed_create(step):
            monkey.allowed += 1  # the review step is the create's confirmation
            return create(step)

        monkeypatch.setattr(ReviewStep, "_create", reviewed_create)
        monkeypatch.setattr(
            ssh, "open_shell", lambda app, target, template: self.left.append("ssh")
        )

    def attach(self, app) -> None:
        def quit_stub(*args, **kwargs):
            self.left.append("quit")

        app.action_quit = quit_stub
        app.exit = quit_stub
        app.copy_to_clipboard = lambda text: self.left.append("clipboard")
        original_notify = app.notify

        def notify(message, *args, **kwargs):
            self.messages.append(str(message))
            return original_notify(message, *args, **kwargs)

        app.notify = notify

    def next_keys(self, app) -> list[str]:
        """Mostly one random key. Now and then, in a confirmation, the two
        that confirm it, and elsewhere a way back to the list and a power
        key: single random keys seldom reach a confirmation (most land in a
        field or on another screen), and the check needs changes sent."""
        if isinstance(app.screen, ConfirmChange) and self.rng.random() < 0.3:
            return ["tab", "enter"]
        if self.rng.random() < 0.02:
            return ["escape", "escape", "escape", self.rng.choice("duR")]
        return [self.next_key()]

    def next_key(self) -> str:
        roll = self.rng.random()
        if roll < 0.07:
            return "escape"
        if roll < 0.35:
            return self.rng.choice(TYPED)
        return self.rng.choice(APP_KEYS)

    def change_faults(self) -> None:
        self.sim.faults.clear()
        for _ in range(self.rng.randint(0, 2)):
            mode = self.rng.choice(sorted(MODES))
            self.sim.faults.set(
                self.rng.choice(FAULT_PATTERNS),
                mode,
                probability=self.rng.choice((0.2, 0.5, 1.0)),
                delay=FAULT_DELAYS.get(mode),
            )

    def random_size(self) -> tuple[int, int]:
        (low_w, high_w), (low_h, high_h) = SIZES
        return self.rng.randint(low_w, high_w), self.rng.randint(low_h, high_h)

    def report(self) -> str:
        return (
            f"survived {len(self.pressed)} keys; {self.mutations_seen} changes "
            f"sent, each confirmed; left the app {len(self.left)} times (stubbed); "
            f"screens reached: {', '.join(sorted(self.screens))}"
        )

    def where(self) -> str:
        return f"seed {self.seed}, after {len(self.pressed)} keys: {self.pressed[-12:]}"

    def check_requests(self) -> None:
        mutations = [
            entry
            for entry in self.sim.request_log
            if entry.method in ("POST", "PUT", "DELETE")
            and entry.path != "/service/authenticate"
        ]
        assert len(mutations) <= self.allowed, (
            f"{mutations[-1].method} {mutations[-1].path} sent with no "
            f"confirmation left ({self.allowed} allowed); {self.where()}"
        )
        self.mutations_seen = len(mutations)

    def check_screen(self, app) -> None:
        shown = app.export_screenshot()
        assert "Traceback" not in shown, f"a traceback on screen; {self.where()}"
        for message in self.messages:
            assert "Traceback" not in message, f"{message!r}; {self.where()}"


async def run_monkey(seed: int, keys: int, monkeypatch) -> Monkey:
    print(f"monkey seed {seed}, {keys} keys (KAMATUI_MONKEY_SEED={seed} replays)")
    sim = Simulator(seed=seed % 1000, clock=SimClock(speed=30))
    monkey = Monkey(seed, keys, sim, monkeypatch)
    transport = httpx.ASGITransport(app=sim.app)
    app = app_for(session_for(transport, Credentials(sim.client_id, sim.secret)), 2)
    monkey.attach(app)

    async with app.run_test(size=monkey.random_size()) as pilot:
        await loaded(pilot)
        for number in range(keys):
            if number % 60 == 0:
                monkey.change_faults()
            if number % 90 == 45:
                await pilot.resize_terminal(*monkey.random_size())
            for key in monkey.next_keys(app):
                monkey.pressed.append(key)
                await pilot.press(key)
                monkey.screens.add(type(app.screen).__name__)
            assert app.is_running and app.return_code is None, monkey.where()
            monkey.check_requests()
            if number % 50 == 49:
                monkey.check_screen(app)
        monkey.sim.faults.clear()
        await pilot.pause(0.5)
        monkey.check_requests()
        monkey.check_screen(app)
    return monkey


def chosen_seed() -> int:
    return int(os.environ.get("KAMATUI_MONKEY_SEED") or random.randrange(10**6))


async def test_random_keys_on_every_screen_with_faults(monkeypatch):
    """A short run: no crash, no traceback, no change without a confirmation."""
    keys = int(os.environ.get("KAMATUI_MONKEY_KEYS") or SHORT_RUN)
    monkey = await run_monkey(chosen_seed(), keys, monkeypatch)
    assert len(monkey.pressed) >= keys
    print(monkey.report())


@pytest.mark.slow
async def test_ten_thousand_random_keys(monkeypatch):
    """The long run, by hand: ``pytest -m slow tests/ui/test_monkey.py``."""
    monkey = await run_monkey(chosen_seed(), LONG_RUN, monkeypatch)
    print(monkey.report())


def test_the_check_catches_a_change_nobody_confirmed(monkeypatch):
    """A mutating request beyond what confirmations allowed fails the run."""
    from types import SimpleNamespace

    sim = Simulator(seed=1, clock=SimClock(frozen=True))
    monkey = Monkey(1, 0, sim, monkeypatch)
    sim.request_log.append(SimpleNamespace(method="GET", path="/service/servers"))
    monkey.check_requests()

    sim.request_log.append(SimpleNamespace(method="PUT", path="/service/server/x"))
    with pytest.raises(AssertionError, match="no confirmation"):
        monkey.check_requests()
    monkey.allowed = 1
    monkey.check_requests()
