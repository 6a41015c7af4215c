"""The read cells: each call that fetches something, failing while the user waits.

A read is retried by the client's policy before the user hears of it; a cell
only proves what the user ends up seeing, that what they typed stays, and that
the screen shows fresh data by itself once the fault stops.
"""

from __future__ import annotations

from textual.widgets import Input

from kamatui.sim.model import Disk
from kamatui.ui.screens.disk_library import DiskLibraryScreen
from kamatui.ui.screens.server_detail import ServerDetailScreen
from kamatui.ui.screens.snapshots import SnapshotScreen
from kamatui.ui.screens.wizard import CreateWizardScreen

from .driving import confirm, expect_message, front, on_server, probe_list
from .rig import Rig

FILTER = "corp"
"""Typed into the list's filter before its read fails; the probe server matches."""


async def list_cell(rig: Rig) -> None:
    """The list's own refresh fails; the filter typed before it stays."""
    await rig.press("slash", *FILTER)
    screen = rig.list_screen()
    typed = screen.query_one("#filter", Input)
    await rig.wait(lambda: rig.listed_names() <= _matching(rig), "the filter")

    rig.inject("GET /service/servers")
    await expect_message(rig, ["List servers"], toast=False)
    assert typed.value == FILTER, f"the filter became {typed.value!r}"
    rig.stop_faults()
    await probe_list(rig)
    assert typed.value == FILTER, f"the filter became {typed.value!r}"
    await rig.press("escape")


def _matching(rig: Rig) -> set[str]:
    return {s.name for s in rig.sim.account.listed() if FILTER in s.name}


async def info_cell(rig: Rig) -> None:
    """The detail screen's refresh fails; it keeps the last data and recovers."""
    server = await on_server(rig, "dev-box-anna")
    await rig.press("enter")
    detail = await front(rig, ServerDetailScreen)
    await rig.wait(detail.current_target, "the details")

    rig.inject(f"GET /service/server/{server.id}")
    await expect_message(rig, ["Server details"], toast=False)
    rig.stop_faults()
    with rig.sim.lock:
        server.name = "dev-box-anna-2"
    await rig.wait(
        lambda: detail.current_target().name == "dev-box-anna-2",
        "fresh details on screen",
    )


async def options_cell(rig: Rig) -> None:
    """The wizard cannot read the options catalog; it loads once it can."""
    rig.inject("GET /service/server")
    await rig.press("w")
    wizard = await front(rig, CreateWizardScreen)
    await expect_message(rig, ["Server options"], toast=False)
    rig.stop_faults()
    await rig.wait(lambda: wizard.options is not None, "the catalog to load")
    await rig.wait(lambda: wizard.query("#dc-list"), "the first step")


def choice_cell(key: str, server_name: str, what: str, title: str):
    """A form whose choices come from a read that fails: say so, no form."""

    async def cell(rig: Rig) -> None:
        server = await on_server(rig, server_name)
        rig.inject(f"GET /service/server/{server.id}/{what}")
        await rig.press(key)
        await expect_message(rig, [title, server_name], screen=False)
        rig.stop_faults()
        await probe_list(rig)

    return cell


async def snapshots_cell(rig: Rig) -> None:
    """The snapshot screen opens while its read fails, then fills in by itself."""
    server = await on_server(rig, "legacy-erp")
    rig.inject(f"GET /service/server/{server.id}/snapshots")
    await rig.press("p")
    screen = await front(rig, SnapshotScreen, "#snapshots-status")
    await expect_message(rig, ["Snapshots"], toast=False)
    rig.stop_faults()
    with rig.sim.lock:
        server.snapshots[0].name = "renamed-while-failing"
    await rig.wait(
        lambda: (
            screen.roots
            and any(s.name == "renamed-while-failing" for s in _every(screen.roots))
        ),
        "fresh snapshots on screen",
    )


def _every(roots):
    return [snapshot for root in roots for snapshot in root.walk()]


async def library_cell(rig: Rig) -> None:
    """The disk library opens while its read fails, then fills in by itself."""
    server = await on_server(rig, "dev-box-omar")
    rig.inject(f"GET /service/server/{server.id}/hdlib")
    await rig.press("l")
    screen = await front(rig, DiskLibraryScreen, "#library-status")
    await expect_message(rig, ["Disk library"], toast=False)
    rig.stop_faults()
    with rig.sim.lock:
        server.disks.append(Disk("f" * 32, 30))
    await rig.wait(lambda: len(screen.disks) == 2, "fresh disks on screen")


async def auth_cell(rig: Rig) -> None:
    """The token lapses and signing in again fails; the list says so, then heals."""
    rig.inject("POST /service/authenticate")
    with rig.sim.lock:
        rig.sim.credentials.expire_all()
    await expect_message(rig, ["Sign in"], toast=False)
    rig.stop_faults()
    await probe_list(rig)


async def queue_cell(rig: Rig) -> None:
    """Following a command fails for a while; the task goes on to its end."""
    server = await on_server(rig, "k8s-node-3")
    await rig.press("u")
    await confirm(rig)
    task = await rig.wait(lambda: _task_of(rig, server.id), "the task")
    path = f"/service/queue/{task.command_id}"
    if rig.mode.id != "window":
        rig.inject(f"GET {path}")
        rig.advance(3)
    await expect_message(rig, ["Power on", "k8s-node-3"], tasks=True)
    assert rig.fault_fired(f"GET {path}"), "the fault never hit the queue"
    rig.stop_faults()
    rig.advance(600)
    await rig.wait(
        lambda: _task_of(rig, server.id).status == "complete", "the task to complete"
    )
    await rig.wait(lambda: _power_shown(rig, server.id) == "on", "the server on")


def _task_of(rig: Rig, server_id: str):
    return next((t for t in rig.app.tasks if t.server_id == server_id), None)


def _power_shown(rig: Rig, server_id: str) -> str:
    row = next(r for r in rig.list_table().rows if r.key == server_id)
    return str(row.cells[2])
