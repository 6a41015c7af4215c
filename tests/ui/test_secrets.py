"""Secrets never reach the log, the state files or the screen."""

from __future__ import annotations

import logging

from textual.widgets import Button, Input

from kamatui.api import CreateServerRequest, Credentials, Nic
from kamatui.api.auth import AUTH_TOKEN
from kamatui.config import Profile
from kamatui.logs import setup_logging
from kamatui.paths import resolve_paths
from kamatui.session import profile_session
from kamatui.sim import SimClock, Simulator, serve_in_thread
from kamatui.ui.dialogs.confirm import ConfirmChange
from kamatui.ui.dialogs.form import FormDialog
from tests.ui.support import app_for, loaded, screen_with, wait_until

SERVER_PASSWORD = "CanaryServerPw123"
RESET_PASSWORD = "CanaryResetPw456"


async def test_no_secret_in_logs_state_or_screens(tmp_path):
    """Token auth, a create and a reset with passwords, an error: zero hits."""
    sim = Simulator(seed=5, clock=SimClock(frozen=True))
    paths = resolve_paths()
    setup_logging(paths.log_file, debug=True)
    screens: list[str] = []
    try:
        with serve_in_thread(sim) as url:
            profile = Profile(name="secrets", api_url=url, auth=AUTH_TOKEN)
            session = profile_session(
                profile, Credentials(sim.client_id, sim.secret), paths
            )
            app = app_for(session)
            async with app.run_test(size=(100, 30)) as pilot:
                await loaded(pilot)
                options = await session.client.server_options()
                image = options.images["EU"][0]
                await session.client.create_server(
                    CreateServerRequest(
                        name="secret-box",
                        datacenter="EU",
                        image_id=image.id,
                        cpu="2B",
                        ram_mb=2048,
                        password=SERVER_PASSWORD,
                        disk_sizes_gb=(max(20, image.size_gb or 0),),
                        nics=(Nic("wan"),),
                    )
                )
                sim.faults.set("/service/servers", "expire_token", times=1)
                await pilot.press("r")

                await pilot.press("P")
                await screen_with(pilot, FormDialog, "#field-password")
                app.screen.query_one("#field-password", Input).value = RESET_PASSWORD
                await pilot.pause()
                screens.append(app.export_screenshot())
                app.screen.query_one("#submit", Button).press()
                await wait_until(pilot, lambda: isinstance(app.screen, ConfirmChange))
                await wait_until(pilot, lambda: app.screen.query("#confirm"))
                screens.append(app.export_screenshot())
                app.screen.query_one("#confirm", Button).press()
                await wait_until(pilot, lambda: len(app.tasks) == 1)
                sim.faults.set("GET /service/queue/*", "server_error")
                await pilot.pause(2.5)
                screens.append(app.export_screenshot())
    finally:
        logging.getLogger().handlers.clear()

    tokens = {
        e.headers["authorization"].split()[-1]
        for e in sim.request_log
        if "authorization" in e.headers
    }
    assert tokens, "token mode should have sent bearer tokens"
    secrets = [sim.secret, SERVER_PASSWORD, RESET_PASSWORD, *tokens]
    files = [p for p in paths.log_dir.rglob("*") if p.is_file()]
    files += [p for p in paths.state_dir.rglob("*") if p.is_file()]
    assert files, "the run should have written a log and a task file"
    assert "authenticate" in paths.log_file.read_text(), "the debug log is empty"
    for path in files:
        text = path.read_text(errors="replace")
        for secret in secrets:
            assert secret not in text, f"{secret[:6]}… found in {path.name}"
    for screen in screens:
        for secret in secrets:
            assert secret not in screen
    assert any(e.fields.get("password") == RESET_PASSWORD for e in sim.request_log)
