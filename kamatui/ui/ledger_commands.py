"""The ledger in the command palette: show it, or copy a timeline from it."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider


class LedgerCommands(Provider):
    """ "Ledger: Show actions sent" and "Ledger: Copy a timeline"."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app = self.app
        if getattr(app, "ledger", None) is None:
            return []
        return [
            ("Ledger: Show actions sent", "key L", app.action_open_ledger),
            (
                "Ledger: Copy a timeline",
                "key L, then y",
                partial(app.action_open_ledger, copy=True),
            ),
        ]

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield Hit(1.0, title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
