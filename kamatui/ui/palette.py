"""The command palette, hardened against paging before its list is drawn.

Textual 8's palette pages its option list through a line map that exists
only once the list has been laid out; a PageDown arriving in the same burst
as ctrl+p raised KeyError and took the whole app down. Paging here is
skipped until the list can page.
"""

from __future__ import annotations

import contextlib

from textual.binding import Binding
from textual.command import CommandList, CommandPalette


class SafeCommandPalette(CommandPalette):
    BINDINGS = [
        Binding("pagedown", "page('page_down')", show=False),
        Binding("pageup", "page('page_up')", show=False),
    ]

    def action_page(self, action: str) -> None:
        command_list = self.query_one(CommandList)
        with contextlib.suppress(KeyError, IndexError):
            getattr(command_list, f"action_{action}")()
