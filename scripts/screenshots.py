"""Regenerate the SVG screenshots under screenshots/ from the demo.

Run with the project's venv: ``.venv/bin/python scripts/screenshots.py``.
The simulator's clock is frozen and the seed fixed, so the pictures change
only when the app's look does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from kamatui.api import Nic
from kamatui.config import Config
from kamatui.paths import resolve_paths
from kamatui.session import Session, demo_session
from kamatui.sim import SimClock
from kamatui.ui import snapshot_text
from kamatui.ui.app import KamatuiApp
from kamatui.ui.screens.servers import ServersScreen
from kamatui.ui.widgets.virtual_table import VirtualTable

OUT = Path(__file__).resolve().parent.parent / "screenshots"
FROZEN_NOW = datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
"""Ages are counted from here, so pictures do not change with the date."""
SIZES = {"": (80, 24), "-160x48": (160, 48)}


def frozen_demo_session() -> Session:
    return demo_session(clock=SimClock(frozen=True))


async def settle(pilot, app) -> None:
    """Wait until the list and the visible rows' details have arrived."""
    for _ in range(200):
        await pilot.pause(0.02)
        screen = app.screen
        if not isinstance(screen, ServersScreen):
            continue
        table = screen.query_one(VirtualTable)
        visible = [table.rows[i] for i in range(min(table.row_count, 5))]
        if visible and all("…" not in str(row.cells[3]) for row in visible):
            await pilot.pause(0.1)
            return


async def shoot(name: str, size: tuple[int, int], keys: tuple[str, ...] = ()):
    app = KamatuiApp(
        paths=resolve_paths(),
        config=Config(refresh_seconds=3600),
        session=frozen_demo_session(),
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"wrote screenshots/{name}.svg")


async def shoot_wizard() -> None:
    """One picture per wizard step, from a filled-in draft."""
    from kamatui.ui.screens.wizard import CreateWizardScreen
    from kamatui.ui.wizard_draft import STEPS, Draft

    app = KamatuiApp(
        paths=resolve_paths(),
        config=Config(refresh_seconds=3600),
        session=frozen_demo_session(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        options = await app.session.client.server_options()
        image = next(i for i in options.images["IL"] if "ubuntu" in i.description)
        lan = next(n.name for n in options.networks["IL"] if n.name != "wan")
        draft = Draft(
            datacenter="IL",
            image_id=image.id,
            cpu="2B",
            ram_mb=4096,
            disks=[20, 100],
            lans=[Nic(lan)],
            billing="monthly",
            traffic=options.traffic["IL"][0].id,
            name="web-04.shop-prod",
            password="Aa123456123456",
        )
        wizard = CreateWizardScreen(draft)
        app.push_screen(wizard)
        while wizard.options is None:
            await pilot.pause(0.05)
        for number, step in enumerate(STEPS, start=1):
            await wizard.go_to(step)
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"wizard-{number}-{step}.svg", path=str(OUT))
            print(f"wrote screenshots/wizard-{number}-{step}.svg")


async def main() -> None:
    os.environ["TZ"] = "UTC"
    os.environ["KAMATUI_HOME"] = tempfile.mkdtemp(prefix="kamatui-shots-")
    for var in ("NO_COLOR", "TEXTUAL_THEME", "COLORTERM"):
        os.environ.pop(var, None)
    os.environ["TERM"] = "xterm-256color"
    time.tzset()
    snapshot_text.local_now = lambda: FROZEN_NOW
    OUT.mkdir(exist_ok=True)

    for suffix, size in SIZES.items():
        await shoot(f"servers{suffix}", size)
    await shoot("servers-filter", (80, 24), ("slash", "d", "b"))
    await shoot("help", (80, 24), ("question_mark",))
    await shoot("jump", (80, 24), ("colon", *"k8n"))
    await shoot("detail", (80, 24), ("enter",))
    await shoot("confirm-power-off", (80, 24), ("d",))
    await shoot("tasks", (80, 24), ("d", "tab", "enter", "j", "j"))
    deep = ("slash", *"db-primary", "enter", "p")
    await shoot("snapshots", (80, 24), deep)
    await shoot("snapshots-160x48", (160, 48), deep)
    await shoot_wizard()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
