"""Building the app against an in-process simulator, for the UI tests."""

from __future__ import annotations

import httpx

from kamatui.api import Credentials, KamateraClient, RetryPolicy
from kamatui.config import Config
from kamatui.paths import resolve_paths
from kamatui.session import Session
from kamatui.ui.app import KamatuiApp
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.virtual_table import VirtualTable

SIM_URL = "http://localhost/service"
NO_WAIT = RetryPolicy(attempts=2, first_wait=0, max_wait=0, jitter=0)


def session_for(transport: httpx.AsyncBaseTransport, creds: Credentials) -> Session:
    client = KamateraClient(creds, base_url=SIM_URL, transport=transport, retry=NO_WAIT)
    return Session("test-profile", client)


def app_for(session: Session | None, refresh_seconds: float = 3600) -> KamatuiApp:
    """An app whose timer never fires on its own: tests refresh with `r`."""
    return KamatuiApp(
        paths=resolve_paths(),
        config=Config(refresh_seconds=refresh_seconds),
        session=session,
    )


def table_of(app: KamatuiApp) -> VirtualTable:
    return app.screen.query_one(VirtualTable)


def table_lines(app: KamatuiApp) -> list[str]:
    """The table's lines as drawn, header first."""
    table = table_of(app)
    return [table.render_line(y).text for y in range(table.size.height)]


async def wait_until(pilot, condition, *, tries: int = 1000) -> None:
    """Pause the pilot until ``condition()`` holds; fail after ``tries``."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


async def screen_with(pilot, screen_type, selector: str):
    """The screen in front once it is a ``screen_type`` holding ``selector``.

    A pushed screen can be in front a moment before its widgets are mounted.
    """
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, screen_type) and app.screen.query(selector),
    )
    return app.screen


async def loaded(pilot) -> ServersScreen:
    """Wait for the first list and the visible rows' details."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ServersScreen))
    await wait_until(pilot, lambda: table_of(app).row_count > 0)
    await wait_until(
        pilot,
        lambda: all(
            "…" not in str(table_of(app).rows[i].cells[3])
            for i in range(min(5, table_of(app).row_count))
        ),
    )
    return app.screen


def record_notifications(app: KamatuiApp, monkeypatch) -> list[str]:
    """Every toast message the app shows from now on, as plain text."""
    shown: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        shown.append(str(message))
        return original(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return shown
