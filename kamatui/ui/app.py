"""The Textual app: wires the session, the screens and the theme together."""

from __future__ import annotations

import os

from textual.app import App
from textual.binding import Binding

from ..config import Config
from ..paths import Paths
from ..session import Session
from .palette import SafeCommandPalette
from .screens.help import HelpScreen
from .screens.servers import ServersScreen

FEW_COLOUR_THEME = "ansi-dark"
"""Readable where the default theme's cursor row is not: 16-colour terminals."""


def wants_ansi_theme(environ=os.environ) -> bool:
    """True on a 16-colour terminal, unless NO_COLOR is set.

    NO_COLOR turns every colour into a grey, and the ANSI theme's default
    colours then come out as black on black in 16 colours; the default
    theme's greys stay light on dark.
    """
    if environ.get("NO_COLOR") or environ.get("TEXTUAL_THEME"):
        return False
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = environ.get("TERM", "")
    return bool(term) and "256color" not in term and "truecolor" not in term


class KamatuiApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "kamatui"

    # Tab moves focus as the key is read, so the keys typed after it in the
    # same burst (a paste, autotype, a laggy link) land in the next field.
    BINDINGS = [
        Binding("tab", "focus_next", show=False, priority=True, id="app.next"),
        Binding(
            "shift+tab", "focus_previous", show=False, priority=True, id="app.previous"
        ),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        *,
        paths: Paths,
        config: Config,
        session: Session | None,
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.config = config
        self.session = session
        self._warnings = warnings or []
        if wants_ansi_theme():
            self.theme = FEW_COLOUR_THEME

    def on_mount(self) -> None:
        if self.session is None:
            from .screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        else:
            self.push_screen(ServersScreen(self.config.refresh_seconds))
        for warning in self._warnings:
            self.notify(warning, severity="warning", timeout=15, markup=False)

    def on_first_run_screen_connected(self, message) -> None:
        """The first-run form produced a session: show its servers."""
        self.session = message.session
        self.switch_screen(ServersScreen(self.config.refresh_seconds))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not SafeCommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()
