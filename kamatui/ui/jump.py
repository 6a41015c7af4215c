"""The ``:`` jump prompt: a server by part of its name, or a screen by name.

It is Textual's command palette with one provider of its own. Typing
matches fuzzily (the palette's matcher) against every server's name and the
screen names; the empty prompt offers the history, newest first, then the
screens. What is chosen is kept in the profile's view state, so the history
survives a restart. Enter takes the best match when none is highlighted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.command import CommandList, DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.widgets import Input

from .palette import SafeCommandPalette

SCREENS = {
    "servers": "the server list",
    "tasks": "the task panel: every command this session follows",
    "ledger": "the action ledger: every change sent",
    "wizard": "create a server",
    "profiles": "switch to another profile",
    "help": "every key",
}
"""Screens the prompt can open, with the words shown beside each."""

MATCH_STYLE = "bold underline"
"""The matched letters: readable without colour."""

SERVER_PREFIX = "server:"
SCREEN_PREFIX = "screen:"
"""How the history names what was chosen: a server by id, a screen by name."""


@dataclass(frozen=True, slots=True)
class Destination:
    key: str
    """``server:<id>`` or ``screen:<name>``, as the history keeps it."""
    title: str
    help: str
    go: Callable[[], Awaitable[None]]


class JumpCommands(Provider):
    """Every server and screen, matched against what is typed."""

    def _destinations(self) -> list[Destination]:
        app = self.app
        found = [
            Destination(
                f"{SCREEN_PREFIX}{name}",
                name,
                f"screen: {words}",
                partial(app.jump_to_screen, name),
            )
            for name, words in SCREENS.items()
        ]
        for server in app.known_servers():
            found.append(
                Destination(
                    f"{SERVER_PREFIX}{server.id}",
                    server.name,
                    f"server in {server.datacenter}, {server.power}",
                    partial(app.jump_to_server, server.id),
                )
            )
        return found

    def _history(self, destinations: list[Destination]) -> Iterator[Destination]:
        by_key = {destination.key: destination for destination in destinations}
        for key in self.app.view.state.jumps:
            if key in by_key:
                yield by_key[key]

    async def discover(self) -> Hits:
        destinations = self._destinations()
        recent = list(self._history(destinations))
        for destination in recent:
            yield self._discovery(destination, "recent, ")
        for destination in destinations:
            if destination.key.startswith(SCREEN_PREFIX) and destination not in recent:
                yield self._discovery(destination, "")

    def _discovery(self, destination: Destination, note: str) -> DiscoveryHit:
        return DiscoveryHit(
            Text(destination.title),
            self._chosen(destination),
            text=destination.title,
            help=escape(f"{note}{destination.help}"),
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        recent = set(self.app.view.state.jumps)
        for destination in self._destinations():
            score = matcher.match(destination.title)
            if score <= 0:
                continue
            if destination.key in recent:
                score = min(1.0, score * 1.2)
            yield Hit(
                score,
                highlighted(matcher, destination.title),
                self._chosen(destination),
                text=destination.title,
                help=escape(destination.help),
            )

    def _chosen(self, destination: Destination) -> Callable[[], Awaitable[None]]:
        async def go() -> None:
            self.app.view.remember_jump(destination.key)
            await destination.go()

        return go


def highlighted(matcher: Matcher, candidate: str) -> Text:
    """The candidate with the matched letters marked, read as plain text.

    Textual's own ``Matcher.highlight`` reads the candidate as markup, and
    server names come from the API: ``[/]`` in one stopped the search, and
    in the history it crashed the prompt.
    """
    text = Text(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            text.stylize(MATCH_STYLE, offset, offset + 1)
    return text


class JumpPalette(SafeCommandPalette):
    """The palette, where Enter takes the best match straight away."""

    @on(Input.Submitted)
    def _take_best(self, event: Input.Submitted) -> None:
        commands = self.query_one(CommandList)
        if self.searching() or commands.highlighted is not None:
            return
        if commands.option_count:
            event.prevent_default()
            event.stop()
            self.enter_searched()

    def enter_searched(self) -> None:
        commands = self.query_one(CommandList)
        if commands.option_count:
            commands.highlighted = 0
            commands.action_select()
