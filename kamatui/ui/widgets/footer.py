"""The key footer, without the memory it would otherwise keep."""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer, letting go of the keys it has replaced.

    Each key widget the Footer composes watches the Footer's ``compact``
    setting, and Textual drops a watcher only when that setting changes,
    which it never does here. So every redraw of the keys (each dialog
    opened or closed) left the old key widgets alive: about a quarter of a
    megabyte per dialog, without end, in an app left open for days. Forcing
    the watchers to run once after each redraw makes Textual drop those of
    widgets already removed.
    """

    async def recompose(self) -> None:
        await super().recompose()
        self.mutate_reactive(Footer.compact)
