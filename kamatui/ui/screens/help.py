"""The key reference, opened with ``?`` from any screen."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..operations import BY_ID


def _keys(*operation_ids: str) -> str:
    return "  ".join(BY_ID[operation_id].key for operation_id in operation_ids)


KEYS = (
    ("Moving", ""),
    ("↑ ↓  j k", "move the cursor"),
    ("PgUp PgDn", "move a page"),
    ("g  G  Home End", "first or last server"),
    ("Finding", ""),
    ("/", "filter: words, ~regex, name: dc: power: cpu: ip:, !negate"),
    ("Enter", "from the filter back to the list, keeping the filter"),
    ("Esc", "clear the filter, close a dialog"),
    ("s  S", "sort by the next column, reverse the order"),
    ("Marks (server list)", ""),
    ("space", "mark or unmark the server, and move down"),
    ("Esc", "clear the marks (after the filter)"),
    (_keys("power_on", "power_off", "restart"), "with marks: every marked server"),
    ("", "other changes wait until the marks are cleared"),
    ("Data", ""),
    ("r", "refresh now (the list also refreshes on its own)"),
    ("Enter", "open the server under the cursor; Esc goes back"),
    ("Server (list and detail)", ""),
    (_keys("power_on", "power_off", "restart"), "power on, off, restart"),
    (_keys("rename", "password"), "rename, reset the password"),
    (_keys("cpu", "ram"), "change CPU, change RAM"),
    (_keys("add_disk", "resize_disk", "remove_disk"), "add, resize, remove a disk"),
    (_keys("billing", "clone", "terminate"), "billing, clone, terminate"),
    ("p  l", "snapshot tree (n new, v revert, x delete), disk library"),
    ("w  W  o", "new server wizard, one like this server, open the new one"),
    ("y", "copy the name, id, public IP or the record as JSON (OSC 52)"),
    ("e", "ssh to the server: runs ssh_command, kamatui returns when it exits"),
    ("t", "show or hide tasks; in the panel Enter shows a log, x dismisses"),
    ("App", ""),
    ("U", "unlock a read-only profile for a while (type its name), lock again"),
    ("A", "profiles: switch without restarting, a adds one"),
    ("L", "action ledger: what was sent, how it ended; y copies a timeline"),
    ("?", "this help"),
    ("ctrl+p", "command palette"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for index, (key, meaning) in enumerate(KEYS):
            if meaning:
                table.add_row(key, meaning)
                continue
            if index:
                table.add_row("", "")
            table.add_row(key.upper(), "", style="underline")
        body = VerticalScroll(id="help-body")
        body.border_title = "Keys"
        body.border_subtitle = "Esc closes"
        with body:
            yield Static(table)
