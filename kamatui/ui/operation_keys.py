"""The operation keys, the same on every screen that shows a server."""

from __future__ import annotations

from textual.binding import Binding

from .operation_names import NAMES
from .target import Target

OPERATION_BINDINGS = [
    Binding(key, f"operate('{op_id}')", title, show=False, id=f"server.{op_id}")
    for op_id, (title, key) in NAMES.items()
] + [
    Binding("p", "open_snapshots", "Snapshots", show=False, id="server.snapshots"),
    Binding("l", "open_library", "Disk library", show=False, id="server.library"),
    Binding("y", "copy_server", "Copy", show=False, id="server.copy"),
    Binding("e", "ssh", "SSH", show=False, id="server.ssh"),
]


class OperationKeys:
    """Mixed into a screen that can name its current server (``current_target``).

    The screen adds ``OPERATION_BINDINGS`` to its own ``BINDINGS`` (Textual
    reads bindings only from widget classes, not from mixins).

    Each key hands its operation to the app's one ``OperationRunner``.
    """

    def current_target(self) -> Target | None:
        raise NotImplementedError

    def action_open_snapshots(self) -> None:
        from .screens.snapshots import SnapshotScreen

        target = self.current_target()
        if target is not None:
            self.app.push_screen(SnapshotScreen(target))

    def action_open_library(self) -> None:
        from .screens.disk_library import DiskLibraryScreen

        target = self.current_target()
        if target is not None:
            self.app.push_screen(DiskLibraryScreen(target))

    def action_copy_server(self) -> None:
        from .dialogs.copy import CopyDialog

        target = self.current_target()
        if target is not None:
            self.app.push_screen(CopyDialog(target))

    def action_ssh(self) -> None:
        """Suspend the app and run the config's ``ssh_command`` for the server."""
        from .ssh import open_shell

        open_shell(self.app, self.current_target(), self.app.config.ssh_command)

    def action_operate(self, operation_id: str) -> None:
        target = self.current_target()
        if target is None:
            self.notify("No server selected.", timeout=3)
            return
        from .operations import BY_ID  # with its forms, on first use

        self.app.operations.start(BY_ID[operation_id], target)
