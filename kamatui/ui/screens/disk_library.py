"""One server's disks as the disk library sees them, and cloning one to an image."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ...api import changes
from ...api.resources import LibraryDisk
from ...api.validation import check_name
from ..errors import describe_failure
from ..fields import Field
from ..mounting import unless_closing
from ..operation_forms import field_check
from ..operations import Operation, Target
from ..reloading import ReloadsItself
from ..widgets.footer import KeysFooter
from ..widgets.status_line import StatusLine
from ..widgets.task_panel import TaskPanel
from ..widgets.title_bar import TitleBar
from ..widgets.virtual_table import Column, Row, VirtualTable

COLUMNS = (
    Column("disk", "Disk", width=6),
    Column("size", "Size", width=10, align="right"),
    Column("uuid", "Library id", min_width=12),
)


def human_size(gigabytes: float) -> str:
    if gigabytes >= 1024:
        return f"{gigabytes / 1024:.1f} TB"
    if gigabytes == int(gigabytes):
        return f"{int(gigabytes)} GB"
    return f"{gigabytes:.1f} GB"


class DiskLibraryScreen(ReloadsItself, Screen):
    view_name = "library"
    """How the view state names this screen; a restart reopens it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="library.back"),
        Binding("c", "clone", "Clone to image", id="library.clone"),
        Binding("r", "refresh", "Refresh", id="library.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, disks: tuple[LibraryDisk, ...]) -> None:
            super().__init__()
            self.disks = disks

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
        self.view_server_id = target.id
        self.disks: tuple[LibraryDisk, ...] = ()

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.session.profile_name, demo=self.app.session.is_demo)
        yield Static(
            Text(f"Disks of {self.target.name} in the disk library"),
            id="library-title",
        )
        yield VirtualTable(COLUMNS, id="library-table")
        yield StatusLine("Loading…", id="library-status")
        yield TaskPanel(id="task-panel")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self.start_reloading()

    def on_screen_resume(self) -> None:
        self.app.refresh_task_panels()

    def action_refresh(self) -> None:
        self._loader = self._load()

    @work(exclusive=True, group="library", exit_on_error=False)
    async def _load(self) -> None:
        disks = await self.app.session.client.library_disks(self.target.id)
        self.post_message(self.Loaded(disks))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.disks = message.disks
        rows = [
            Row(disk.uuid, (f"{index}", human_size(disk.size_gb), Text(disk.uuid)))
            for index, disk in enumerate(message.disks)
        ]
        self.query_one(VirtualTable).set_rows(rows)
        self._say("" if rows else "The library lists no disks for this server.")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "library":
            title, message = describe_failure(event.worker.error)
            retry = f"Retrying every {self._refresh_seconds:g} s"
            self._say(f"{title}: {message}. {retry}.")

    def _say(self, text: str) -> None:
        self.query_one("#library-status", StatusLine).say(text)

    @on(VirtualTable.RowActivated, "#library-table")
    def _activated(self) -> None:
        self.action_clone()

    def action_clone(self) -> None:
        uuid = self.query_one(VirtualTable).cursor_key
        if uuid is None:
            return
        operation = Operation(
            "library_clone",
            "Clone disk to image",
            "c",
            lambda target, answers: changes.clone_disk(
                target.id, uuid, answers["name"]
            ),
            lambda target, answers: f"a private image {answers['name']!r} from {uuid}",
            lambda target, answers: [
                "The image is stored (and billed) in your private images; the "
                "create wizard offers it in this datacenter once done."
            ],
            form=_image_name_form,
            changes_catalog=True,
        )
        self.app.operations.start(operation, self.target)


async def _image_name_form(client, target: Target, answers):
    value = (answers or {}).get("name", f"{target.name}-image"[:40])
    return [Field("name", "Image name", value=value, check=field_check(check_name))]
