"""The command palette: server operations in it, safe paging and typing ahead.

Textual 8's palette pages its option list through a line map that exists
only once the list has been laid out; a PageDown arriving in the same burst
as ctrl+p raised KeyError and took the whole app down. Paging here is
skipped until the list can page.

Keys that arrive in the same burst as the key opening the palette are sent
to the screen below it, and when they come back unhandled Textual drops
them: over a slow link ``:dbrep`` and Enter sent together did nothing. The
app hands them to the palette's prompt instead, and an Enter that arrives
before the search for what was typed has run waits for it: until then the
list still holds what the empty prompt offered. Keys after that Enter are
dropped, so they cannot change what it opens.
"""

from __future__ import annotations

import contextlib
import weakref
from functools import partial

from textual import events, on
from textual.binding import Binding
from textual.command import (
    CommandInput,
    CommandList,
    CommandPalette,
    Hit,
    Hits,
    Provider,
    SearchIcon,
)
from textual.markup import escape
from textual.widgets import Input
from textual.worker import Worker

from .keys import keys_of
from .operations import OPERATIONS

PROMPT_SIGN = ">"


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

    _enter_waiting = False
    _query_entered = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._keys_seen: weakref.WeakSet[events.Key] = weakref.WeakSet()
        """Keys that passed through the palette on their way to the app."""

    def on_key(self, event: events.Key) -> None:
        self._keys_seen.add(event)

    @on(events.Mount)
    def _plain_prompt_sign(self) -> None:
        """Textual's magnifier is an emoji: two cells wide, or a blank box, in
        many terminals reached over SSH."""
        self.query_one(SearchIcon).icon = PROMPT_SIGN

    @on(Input.Submitted)
    def _enter_when_searched(self, event: Input.Submitted) -> None:
        if self.searching():
            event.prevent_default()
            event.stop()
            self._enter_waiting = True
            self._query_entered = event.value

    @on(Input.Changed)
    def _keep_the_query_entered(self, event: Input.Changed) -> None:
        """Keys after a waiting Enter would change what it was pressed for,
        and which server it opens: they are dropped."""
        if self._enter_waiting and event.value != self._query_entered:
            event.prevent_default()
            event.stop()
            with self.prevent(Input.Changed):
                event.input.value = self._query_entered

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if self._enter_waiting and not self.searching():
            self._enter_waiting = False
            self.enter_searched()

    def searching(self) -> bool:
        """Whether the search for what the prompt holds is still running."""
        return any(
            worker.node is self
            and worker.group == self._GATHER_COMMANDS_GROUP
            and not worker.is_finished
            for worker in self.workers
        )

    def enter_searched(self) -> None:
        """What an Enter that waited for the search does once it has run."""
        self._select_or_command()

    async def take_typed_ahead(self, event: events.Key) -> None:
        """A key that reached the app while the palette is in front. One that
        did not pass through the palette was sent to the screen below, typed
        ahead of the palette opening: a letter or Enter goes to the prompt."""
        prompt = self.query(CommandInput)
        if event in self._keys_seen or not prompt:
            return
        if self._enter_waiting:
            event.prevent_default()
            return
        typed_ahead = prompt.first()
        if event.key == "enter":
            event.prevent_default()
            typed_ahead.focus()
            await typed_ahead.action_submit()
        elif event.is_printable and event.character:
            event.prevent_default()
            typed_ahead.focus()
            typed_ahead.insert_text_at_cursor(event.character)

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
