"""The command palette: server operations in it, and safe paging.

Textual 8's palette pages its option list through a line map that exists
only once the list has been laid out; a PageDown arriving in the same burst
as ctrl+p raised KeyError and took the whole app down. Paging here is
skipped until the list can page.
"""

from __future__ import annotations

import contextlib
from functools import partial

from textual.binding import Binding
from textual.command import CommandList, CommandPalette, Hit, Hits, Provider
from textual.markup import escape

from .keys import keys_of
from .operations import OPERATIONS


class SafeCommandPalette(CommandPalette):
    BINDINGS = [
        Binding(
            "pagedown",
            "page('page_down')",
            "Next page",
            show=False,
            id="palette.page_down",
        ),
        Binding(
            "pageup",
            "page('page_up')",
            "Previous page",
            show=False,
            id="palette.page_up",
        ),
    ]

    def action_page(self, action: str) -> None:
        command_list = self.query_one(CommandList)
        with contextlib.suppress(KeyError, IndexError):
            getattr(command_list, f"action_{action}")()


class ServerCommands(Provider):
    """ "Server: Power off" and the rest, for the server the screen has selected."""

    def _commands(self) -> list[tuple[str, str, object]]:
        screen = self.screen
        if not hasattr(screen, "current_target") or screen.current_target() is None:
            return []
        commands = [
            (
                op.palette_title,
                self._key(f"server.{op.id}", op.key),
                partial(screen.action_operate, op.id),
            )
            for op in OPERATIONS
        ]
        commands.append(
            (
                "Server: Snapshots",
                self._key("server.snapshots", "p"),
                screen.action_open_snapshots,
            )
        )
        commands.append(
            (
                "Server: Disk library",
                self._key("server.library", "l"),
                screen.action_open_library,
            )
        )
        return commands

    def _key(self, binding_id: str, default: str) -> str:
        keys = keys_of(self.app, binding_id, default)
        return escape(f"key {keys}") if keys else "no key"

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield Hit(1.0, title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
