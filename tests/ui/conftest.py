"""Fixtures for the UI tests: a simulator with a frozen clock and an app on it."""

from __future__ import annotations

import httpx
import pytest

from kamatui.api import Credentials
from kamatui.sim import SimClock, Simulator
from kamatui.ui.app import KamatuiApp
from tests.ui.support import app_for, session_for


@pytest.fixture
def sim() -> Simulator:
    return Simulator(seed=7, clock=SimClock(frozen=True))


@pytest.fixture
def app(sim) -> KamatuiApp:
    transport = httpx.ASGITransport(app=sim.app)
    return app_for(session_for(transport, Credentials(sim.client_id, sim.secret)))
