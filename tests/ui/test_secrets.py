"""Secrets never reach the log, the ledger, the state files or the screen."""

from __future__ import annotations

import logging

from textual.widgets import Button, Input

from kamatui.api import Credentials
from kamatui.api.auth import AUTH_TOKEN
from kamatui.config import Profile
from kamatui.logs import setup_logging
from kamatui.paths import resolve_paths
from kamatui.session import profile_session
from kamatui.sim import SimClock, Simulator, serve_in_thread
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.form import FormDialog
from tests.ui.support import (
    app_for,
    loaded,
    record_notifications,
    screen_with,
    wait_until,
)
from tests.ui.test_wizard import (
    choose,
    creates,
    fill_identity,
    open_wizard,
    press,
    set_select,
)

CLIENT_SECRET = "CanaryClientSecret789"
SERVER_PASSWORD = "CanaryServerPw123"
RESET_PASSWORD = "CanaryResetPw456"


async def create_through_the_wizard(pilot, sim, shots: list[str]) -> None:
    """Datacenter, image, CPU, RAM, then on to the name and password."""
    app = pilot.app
    wizard = await open_wizard(pilot)
    await choose(pilot, "#dc-list", "EU ")
    await choose(pilot, "#image-list", "ubuntu_server_24.04")
    await set_select(pilot, "#cpu-cores", "2B")
    await pilot.press("f3")
    await set_select(pilot, "#ram", 2048)
    while wizard.step != "identity":
        await pilot.press("f3")
    await fill_identity(pilot, wizard, "secret-box", SERVER_PASSWORD)
    shots.append(app.export_screenshot())
    await pilot.press("f3")
    shots.append(app.export_screenshot())
    await press(pilot, "#create")
    await wait_until(pilot, lambda: creates(sim))
    await wait_until(pilot, lambda: wizard.command_id is not None)
    shots.append(app.export_screenshot())
    await pilot.press("escape")
    await loaded(pilot)


async def reset_the_password(pilot, shots: list[str]) -> None:
    app = pilot.app
    await pilot.press("P")
    await screen_with(pilot, FormDialog, "#field-password")
    app.screen.query_one("#field-password", Input).value = RESET_PASSWORD
    await pilot.pause()
    shots.append(app.export_screenshot())
    app.screen.query_one("#submit", Button).press()
    await screen_with(pilot, ConfirmChange, "#confirm")
    shots.append(app.export_screenshot())
    app.screen.query_one("#confirm", Button).press()
    await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmChange))


async def test_no_secret_in_logs_ledger_state_screens_or_messages(monkeypatch):
    """Token auth, a wizard create and a reset with passwords, an expired
    token and failing polls: every file, screenshot and message searched,
    zero hits."""
    sim = Simulator(seed=5, clock=SimClock(frozen=True))
    sim.credentials.secret = CLIENT_SECRET  # recognisable wherever it leaks
    paths = resolve_paths()
    setup_logging(paths.log_file, debug=True)
    shots: list[str] = []
    try:
        with serve_in_thread(sim) as url:
            profile = Profile(name="secrets", api_url=url, auth=AUTH_TOKEN)
            session = profile_session(
                profile, Credentials(sim.client_id, CLIENT_SECRET), paths
            )
            app = app_for(session)
            messages = record_notifications(app, monkeypatch)
            async with app.run_test(size=(100, 30)) as pilot:
                await loaded(pilot)
                await create_through_the_wizard(pilot, sim, shots)

                sim.faults.set("/service/servers", "expire_token", times=1)
                await pilot.press("r")
                await reset_the_password(pilot, shots)
                await wait_until(pilot, lambda: len(app.tasks) == 2)

                sim.faults.set("GET /service/queue/*", "server_error")
                await pilot.pause(2.5)
                shots.append(app.export_screenshot())
    finally:
        logging.getLogger().handlers.clear()

    tokens = {
        e.headers["authorization"].split()[-1]
        for e in sim.request_log
        if "authorization" in e.headers
    }
    assert tokens, "token mode should have sent bearer tokens"
    assert any(e.fields.get("password") == SERVER_PASSWORD for e in sim.request_log)
    assert any(e.fields.get("password") == RESET_PASSWORD for e in sim.request_log)

    files = [p for p in paths.log_dir.rglob("*") if p.is_file()]
    files += [p for p in paths.state_dir.rglob("*") if p.is_file()]
    names = {path.name for path in files}
    assert {"kamatui.log", "ledger.jsonl"} <= names, names
    assert "authenticate" in paths.log_file.read_text(), "the debug log is empty"
    assert messages, "the run should have shown messages"

    places = {path.name: path.read_text(errors="replace") for path in files}
    places |= {f"screenshot {i}": shot for i, shot in enumerate(shots)}
    places["messages"] = "\n".join(messages)
    secrets = [CLIENT_SECRET, SERVER_PASSWORD, RESET_PASSWORD, *tokens]
    found = [
        f"{secret[:6]}… in {place}"
        for place, text in places.items()
        for secret in secrets
        if secret in text
    ]
    assert found == []
