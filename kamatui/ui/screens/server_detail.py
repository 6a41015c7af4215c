"""Everything the API knows about one server, with every operation on it."""

from __future__ import annotations

import asyncio

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ...api.errors import NotFound
from ...api.models import POWER_ON, ServerInfo
from ...api.resources import Snapshot
from ..errors import describe_failure
from ..mounting import unless_closing
from ..operation_keys import OPERATION_BINDINGS, OperationKeys
from ..server_rows import format_ram
from ..snapshot_text import taken_local
from ..target import Target
from ..task_follower import ServerChanged
from ..widgets.footer import KeysFooter
from ..widgets.status_line import StatusLine
from ..widgets.task_panel import TaskPanel
from ..widgets.title_bar import TitleBar


class ServerDetailScreen(OperationKeys, Screen):
    view_name = "detail"
    """How the view state names this screen; a restart reopens it."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("r", "refresh", "Refresh", id="detail.refresh"),
        *OPERATION_BINDINGS,
    ]

    class Loaded(Message):
        def __init__(self, info: ServerInfo, snapshots: tuple[Snapshot, ...]):
            super().__init__()
            self.info = info
            self.snapshots = snapshots

    def __init__(self, server_id: str, name: str, refresh_seconds: float) -> None:
        super().__init__()
        self.server_id = server_id
        self.view_server_id = server_id
        self._name = name
        self._refresh_seconds = refresh_seconds
        self._info: ServerInfo | None = None
        self._shown: tuple | None = None
        self._gone = False

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.session.profile_name, demo=self.app.session.is_demo)
        with VerticalScroll(id="detail-body"):
            yield Static(Text(f"Loading {self._name}…"), id="detail-table")
        yield StatusLine("", id="detail-status")
        yield TaskPanel(id="task-panel")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self._set_status("")
        self._loader = self._load()
        self.set_interval(self._refresh_seconds, self._tick)

    def _tick(self) -> None:
        """A timed reload, skipped while the last is on its way: a newer one
        would cancel it, and a request slower than the interval would then
        never end, nor ever be reported."""
        if self._loader.is_finished:
            self._loader = self._load()

    def on_screen_resume(self) -> None:
        self.app.refresh_task_panels()

    def current_target(self) -> Target | None:
        if self._info is None or self._gone:
            return None
        return Target.of(self._info)

    def action_refresh(self) -> None:
        self._loader = self._load()

    def action_back(self) -> None:
        if not self.app.operations.cancel_loading():
            self.app.pop_screen()

    @on(ServerChanged)
    def _server_changed(self, message: ServerChanged) -> None:
        if message.server_id == self.server_id:
            self._loader = self._load()

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def _load(self) -> None:
        client = self.app.session.client
        info, snapshots = await asyncio.gather(
            client.server_info(self.server_id), client.snapshots(self.server_id)
        )
        self.post_message(self.Loaded(info, snapshots))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        """Redraw only when something changed, so idle refreshes cost nothing."""
        self._info = message.info
        self._set_status("")
        shown = (message.info, message.snapshots)
        if shown != self._shown:
            self._shown = shown
            self.query_one("#detail-table", Static).update(
                detail_table(message.info, message.snapshots)
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.group != "detail":
            return
        if isinstance(event.worker.error, NotFound):
            self._gone = True
            self._set_status("This server no longer exists. Esc goes back.")
            return
        title, message = describe_failure(event.worker.error)
        self._set_status(f"{title}: {message}. Showing the last data; retrying.")

    def _set_status(self, text: str) -> None:
        self.query_one("#detail-status", StatusLine).say(text)


def detail_table(info: ServerInfo, snapshots: tuple[Snapshot, ...]) -> Table:
    """The server as a two-column table; every value is literal text."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()

    def row(label: str, value: str | Text) -> None:
        table.add_row(label, value if isinstance(value, Text) else Text(value))

    row("Name", info.name)
    row("ID", info.id)
    row("Datacenter", info.datacenter)
    power_style = "green" if info.power == POWER_ON else "red"
    row("Power", Text(info.power, style=power_style))
    if info.cpu:
        cores = f"{info.cpu.cores} core{'s' if info.cpu.cores != 1 else ''}"
        row("CPU", f"{cores}, {info.cpu.type_name} ({info.cpu})")
    row("RAM", format_ram(info.ram_mb) or "unknown")
    for index, size in enumerate(info.disk_sizes_gb):
        row(f"Disk {index}", f"{size} GB" + (" (system)" if index == 0 else ""))
    for nic in info.networks:
        kind = "public" if nic.is_public else "private"
        row(f"NIC {nic.network}", f"{', '.join(nic.ips) or 'no address'} ({kind})")
    traffic = f", traffic {info.traffic}" if info.traffic else ""
    row("Billing", f"{info.billing or 'unknown'}{traffic}")
    row("Managed", "yes" if info.managed else "no")
    row("Backup", "daily" if info.backup else "no")
    row("Snapshots", snapshot_summary(snapshots))
    return table


def snapshot_summary(snapshots: tuple[Snapshot, ...]) -> str:
    every = [snapshot for root in snapshots for snapshot in root.walk()]
    if not every:
        return "none"
    active = next((s for s in every if s.active), None)
    taken = taken_local(active) if active else None
    when = taken.strftime("%Y-%m-%d %H:%M") if taken else ""
    where = f"; active: {active.name} ({when or active.date_text})" if active else ""
    return f"{len(every)}{where}"
