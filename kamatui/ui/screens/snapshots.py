"""One server's snapshots as the tree the API returns, with the active one marked."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import Worker, WorkerState

from ...api import changes
from ...api.resources import Snapshot
from ...api.validation import check_name
from ..errors import describe_failure
from ..fields import Field
from ..mounting import unless_closing
from ..operation_forms import field_check
from ..operations import Operation, Target
from ..reloading import ReloadsItself
from ..snapshot_text import delete_effects, everything, label_parts, revert_effects
from ..task_follower import ServerChanged
from ..widgets.footer import KeysFooter
from ..widgets.status_line import StatusLine
from ..widgets.task_panel import TaskPanel
from ..widgets.title_bar import TitleBar

TREE_INDENT = 4
"""Cells Textual's tree spends on each level's guide lines."""


class SnapshotScreen(ReloadsItself, Screen):
    view_name = "snapshots"
    """How the view state names this screen; a restart reopens it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="snapshots.back"),
        Binding("n", "new_snapshot", "New", id="snapshots.new"),
        Binding("v", "revert", "Revert", id="snapshots.revert"),
        Binding("x", "delete", "Delete", id="snapshots.delete"),
        Binding("r", "refresh", "Refresh", id="snapshots.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, roots: tuple[Snapshot, ...]) -> None:
            super().__init__()
            self.roots = roots

    def __init__(self, target: Target) -> None:
        super().__init__()
        self.target = target
        self.view_server_id = target.id
        self.roots: tuple[Snapshot, ...] | None = None
        self._known: set[int] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.app.session.profile_name, demo=self.app.session.is_demo)
        yield Static(Text(f"Snapshots of {self.target.name}"), id="snapshots-title")
        tree: Tree[Snapshot] = Tree("snapshots", id="snapshot-tree")
        tree.show_root = False
        tree.guide_depth = TREE_INDENT
        yield tree
        yield StatusLine("Loading snapshots…", id="snapshots-status")
        yield TaskPanel(id="task-panel")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self.query_one(Tree).focus()
        self.start_reloading()

    def on_screen_resume(self) -> None:
        self.app.refresh_task_panels()

    def on_resize(self) -> None:
        if self.roots is not None:
            self._draw(self.roots)

    # Loading

    def action_refresh(self) -> None:
        self._loader = self._load()

    @on(ServerChanged)
    def _server_changed(self, message: ServerChanged) -> None:
        if message.server_id == self.target.id:
            self._loader = self._load()

    @work(exclusive=True, group="snapshots", exit_on_error=False)
    async def _load(self) -> None:
        roots = await self.app.session.client.snapshots(self.target.id)
        self.post_message(self.Loaded(roots))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        ids = {snapshot.id for snapshot in everything(message.roots)}
        if self._known is not None:
            for snapshot in everything(message.roots):
                if snapshot.id not in self._known:
                    self.notify(f"Snapshot taken: {snapshot.name}", markup=False)
        self._known = ids
        if message.roots != self.roots:
            self.roots = message.roots
            self._draw(message.roots)
        self._say(
            ""
            if message.roots
            else "No snapshots yet. Press n to take one before a risky change."
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "snapshots":
            title, message = describe_failure(event.worker.error)
            retry = f"Retrying every {self._refresh_seconds:g} s"
            self._say(f"{title}: {message}. {retry}.")

    def _say(self, text: str) -> None:
        self.query_one("#snapshots-status", StatusLine).say(text)

    # Drawing

    def _draw(self, roots: tuple[Snapshot, ...]) -> None:
        """Rebuild the tree with the cursor on the same snapshot as before,
        or at first on the active one ("you are here")."""
        tree = self.query_one(Tree)
        chosen = self.selected()
        tree.clear()
        for root in roots:
            self._add(tree.root, root)
        tree.root.expand_all()

        nodes = list(self._tree_nodes(tree.root))
        wanted = next(
            (
                line
                for line, node in enumerate(nodes)
                if node.data is not None
                and (node.data.id == chosen.id if chosen else node.data.active)
            ),
            0 if nodes else -1,
        )
        tree.cursor_line = wanted

    def _add(self, parent: TreeNode, snapshot: Snapshot) -> None:
        width = self.size.width - TREE_INDENT * (snapshot.depth + 1) - 2
        name, tail, marker = label_parts(snapshot, width)
        label = Text(name, style="bold" if snapshot.active else "")
        label.append(tail, style="dim")
        label.append(marker, style="bold reverse" if marker else "")
        node = parent.add(label, data=snapshot, expand=True, allow_expand=True)
        for child in snapshot.children:
            self._add(node, child)
        if not snapshot.children:
            node.allow_expand = False

    def _tree_nodes(self, node: TreeNode):
        for child in node.children:
            yield child
            if child.is_expanded:
                yield from self._tree_nodes(child)

    def selected(self) -> Snapshot | None:
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    # Actions: each a small operation through the same confirm-and-track flow

    def action_new_snapshot(self) -> None:
        operation = Operation(
            "snapshot_new",
            "Take snapshot",
            "n",
            lambda target, answers: changes.create_snapshot(target.id, answers["name"]),
            lambda target, answers: f"a new snapshot named {answers['name']}-…",
            lambda target, answers: [
                "Kamatera adds a suffix to the name; the real name shows when done."
            ],
            form=_snapshot_name_form,
        )
        self._run(operation)

    def action_revert(self) -> None:
        snapshot = self.selected()
        if snapshot is None or self.roots is None:
            return
        roots = self.roots
        self._run(
            Operation(
                "snapshot_revert",
                "Revert to snapshot",
                "v",
                lambda target, answers: changes.revert_snapshot(target.id, snapshot.id),
                lambda target, answers: f"revert the disks to {snapshot.name}",
                lambda target, answers: revert_effects(roots, snapshot),
                destructive=True,
            )
        )

    def action_delete(self) -> None:
        snapshot = self.selected()
        if snapshot is None:
            return
        self._run(
            Operation(
                "snapshot_delete",
                "Delete snapshot",
                "x",
                lambda target, answers: changes.delete_snapshot(target.id, snapshot.id),
                lambda target, answers: f"delete {snapshot.name}",
                lambda target, answers: delete_effects(snapshot),
                destructive=True,
            )
        )

    def _run(self, operation: Operation) -> None:
        self.app.operations.start(operation, self.target)


async def _snapshot_name_form(client, target: Target, answers):
    value = (answers or {}).get("name", "before-change")
    return [Field("name", "Snapshot name", value=value, check=field_check(check_name))]
