"""The key reference, opened with ``?`` from any screen.

Keys are looked up by binding id, so the help shows what the config's
``[keys]`` table made of them; the id table at the end lists every binding,
which is what that table needs.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import KnownBinding, keys_of, known_bindings

POWER = ("server.power_on", "server.power_off", "server.restart")

SECTIONS: tuple[tuple[str, tuple[tuple[tuple[str, ...] | str, str], ...]], ...] = (
    (
        "Moving",
        (
            (("table.up", "table.down"), "move the cursor"),
            (("table.page_up", "table.page_down"), "move a page"),
            (("table.first", "table.last"), "first or last server"),
            (("app.jump",), "jump: part of a server's name, or tasks, ledger..."),
        ),
    ),
    (
        "Finding",
        (
            (
                ("servers.filter",),
                "filter: words, ~regex, name: dc: power: cpu: ip:, !negate",
            ),
            (("servers.done",), "from the filter back to the list, keeping it"),
            (("servers.clear_typed",), "while typing the filter: clear it"),
            (("servers.clear",), "clear the filter, close a dialog"),
            (("servers.sort", "servers.reverse"), "sort by the next column, reverse"),
        ),
    ),
    (
        "Marks (server list)",
        (
            (("servers.mark",), "mark or unmark the server, and move down"),
            (("servers.clear",), "clear the marks (after the filter)"),
            (POWER, "with marks: every marked server"),
            ("", "other changes wait until the marks are cleared"),
        ),
    ),
    (
        "Data",
        (
            (("servers.refresh",), "refresh now (the list also refreshes itself)"),
            (("table.activate",), "open the server under the cursor; Esc goes back"),
        ),
    ),
    (
        "Server (list and detail)",
        (
            (POWER, "power on, off, restart"),
            (("server.rename", "server.password"), "rename, reset the password"),
            (("server.cpu", "server.ram"), "change CPU, change RAM"),
            (
                ("server.add_disk", "server.resize_disk", "server.remove_disk"),
                "add, resize, remove a disk",
            ),
            (
                ("server.billing", "server.clone", "server.terminate"),
                "billing, clone, terminate",
            ),
            (("server.snapshots",), "snapshot tree: n new, v revert, x delete"),
            (("server.library",), "disk library: c clones a disk to an image"),
            (
                ("servers.new", "servers.similar", "servers.open_new"),
                "new server wizard, one like this server, open the new one",
            ),
            (("server.copy",), "copy name, id, public IP or the record as JSON"),
            (("server.ssh",), "ssh to the server: runs ssh_command, then returns"),
            (("app.tasks",), "show or hide tasks; Enter shows a log, x dismisses"),
        ),
    ),
    (
        "App",
        (
            (("app.unlock",), "unlock a read-only profile (type its name), relock"),
            (("app.profiles",), "profiles: switch without restarting, a adds one"),
            (("app.ledger",), "action ledger: what was sent; y copies a timeline"),
            (("app.help",), "this help"),
            (("app.palette",), "command palette"),
            (("app.quit",), "quit"),
        ),
    ),
)
"""The overview: binding ids (or words, for what has none) and their meaning."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        known = known_bindings()
        overview = self._grid()
        for index, (title, rows) in enumerate(SECTIONS):
            self._heading(overview, title, first=not index)
            for keys, meaning in rows:
                overview.add_row(Text(self._keys(keys, known)), meaning)

        ids = self._grid()
        ids.add_column()
        for binding_id, entry in known.items():
            ids.add_row(
                Text(binding_id),
                Text(self._keys((binding_id,), known)),
                Text(self._what(entry)),
            )

        body = VerticalScroll(id="help-body")
        body.border_title = "Keys"
        body.border_subtitle = "Esc closes"
        with body:
            yield Static(overview)
            yield Static(
                Text("\nBINDING IDS, FOR [KEYS] IN THE CONFIG FILE", style="underline")
            )
            yield Static(ids)

    @staticmethod
    def _grid() -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        return table

    @staticmethod
    def _heading(table: Table, title: str, first: bool) -> None:
        if not first:
            table.add_row("", "")
        table.add_row(title.upper(), "", style="underline")

    def _keys(self, keys: tuple[str, ...] | str, known: dict[str, KnownBinding]) -> str:
        if isinstance(keys, str):
            return keys
        shown = []
        for binding_id in keys:
            entry = known.get(binding_id)
            default = entry.binding.key if entry else ""
            shown.append(keys_of(self.app, binding_id, default) or "(none)")
        return "  ".join(shown)

    @staticmethod
    def _what(entry: KnownBinding) -> str:
        what = entry.binding.description or entry.binding.action.replace("_", " ")
        return what[:1].upper() + what[1:]
