"""The Textual app: wires the session, the screens and the theme together."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.timer import Timer

from ..api import ApiError
from ..config import Config, Profile
from ..ledger import Ledger, ledger_file, new_session
from ..paths import Paths
from ..session import Session
from ..tasks import TaskBook, task_file
from ..view_state import ViewStore, view_state_file
from ..wording import counted
from ..write_window import WriteWindow, minutes
from .keys import keys_of
from .screens.help import HelpScreen
from .screens.servers import ServersScreen
from .task_follower import TaskFollower
from .widgets.task_panel import TaskPanel
from .widgets.title_bar import TitleBar

log = logging.getLogger(__name__)

MAX_KEY_TOASTS = 3
"""[keys] problems shown one by one; a config with dozens would bury the
screen in toasts for 15 s."""

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


def server_commands():
    """The palette's server commands, imported when the palette first opens."""
    from .palette import ServerCommands

    return ServerCommands


def ledger_commands():
    from .ledger_commands import LedgerCommands

    return LedgerCommands


class KamatuiApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "kamatui"
    COMMANDS = App.COMMANDS | {server_commands, ledger_commands}

    # Tab moves focus as the key is read, so the keys typed after it in the
    # same burst (a paste, autotype, a laggy link) land in the next field.
    BINDINGS = [
        Binding(
            "tab", "focus_next", "Next field", show=False, priority=True, id="app.next"
        ),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="app.previous",
        ),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("t", "toggle_tasks", "Tasks", id="app.tasks"),
        Binding("U", "toggle_lock", "Unlock", show=False, id="app.unlock"),
        Binding("A", "profiles", "Profiles", show=False, id="app.profiles"),
        Binding("L", "open_ledger", "Ledger", show=False, id="app.ledger"),
        Binding("colon", "jump", "Jump", show=False, id="app.jump"),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            id="app.palette",
        ),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    show_tasks = reactive(True)
    """Whether the task panel is shown (when there are tasks to show)."""

    def __init__(
        self,
        *,
        paths: Paths,
        config: Config,
        session: Session | None,
        warnings: list[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._clock = clock
        self._window_timer: Timer | None = None
        self.paths = paths
        self.config = config
        self.session = session
        self.follower: TaskFollower | None = None
        self.ledger: Ledger | None = None
        """Every change sent, with its outcome; made with the session."""
        self._ledger_session = new_session()
        """Marks this run's actions, whichever profiles it switches between."""
        self.profile: Profile | None = None
        self.write_window = WriteWindow(read_only=False, minutes=0)
        self.view = ViewStore(None)
        """What the profile was looking at: sort, filter, screen, jumps."""
        self._switching = False
        self._operations = None
        self.last_created: str | None = None
        """The real name of the server the last finished create made."""
        self._warnings = warnings or []
        if config.theme == "terminal" or (
            config.theme == "auto" and wants_ansi_theme()
        ):
            self.theme = FEW_COLOUR_THEME
        if os.environ.get("NO_COLOR"):
            self.add_class("-no-color")

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        if self.config.keys:
            self.set_keymap(self.config.keys)
            self.call_after_refresh(self._check_keymap)
        if self.session is None:
            from .screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        else:
            self._start(self.session)
            self.push_screen(ServersScreen(self.config.refresh_seconds))
        for warning in self._warnings:
            self.notify(warning, severity="warning", timeout=15, markup=False)

    async def on_key(self, event: events.Key) -> None:
        """A key typed ahead of a palette opening was sent to the screen
        below it and comes back here unhandled: it belongs to the palette."""
        if isinstance(self.screen, CommandPalette):
            from .palette import SafeCommandPalette

            if isinstance(self.screen, SafeCommandPalette):
                await self.screen.take_typed_ahead(event)

    def on_first_run_screen_connected(self, message) -> None:
        """The first-run form produced a session: show its servers."""
        self._start(message.session)
        self.switch_screen(ServersScreen(self.config.refresh_seconds))

    def _start(self, session: Session) -> None:
        """Follow this session's tasks; a demo's stay in memory only."""
        self.session = session
        path = None
        if not session.is_demo:
            path = task_file(self.paths.state_dir, session.profile_name)
        book = TaskBook(path=path)
        self.ledger = Ledger(
            None if session.is_demo else ledger_file(self.paths.state_dir),
            session.profile_name,
            session=self._ledger_session,
        )
        self.profile = session.profile or Profile(session.profile_name)
        self.view = ViewStore(
            None
            if session.is_demo
            else view_state_file(self.paths.state_dir, session.profile_name)
        )
        self.write_window = WriteWindow(
            read_only=self.profile.starts_read_only,
            minutes=self.profile.write_window_minutes,
            clock=self._clock,
            unlock_key=keys_of(self, "app.unlock", "U").split(" ")[0],
        )
        session.client.write_guard = self.write_refusal
        self.follower = TaskFollower(self, book, bell=self.config.bell)
        if book.active():
            self.notify(
                f"Following {counted(len(book.active()), 'unfinished task')} "
                "from before",
                markup=False,
            )

    # Profiles

    def action_profiles(self) -> None:
        from .screens.profiles import ProfilesScreen

        if self.session is not None and not isinstance(self.screen, ProfilesScreen):
            self.push_screen(ProfilesScreen())

    async def switch_session(self, session: Session) -> None:
        """Move to another profile's session without restarting.

        The old session's tasks stay in its own task file and are followed
        again when that profile is next used; its screens are closed.
        """
        old = self.session
        if self.follower is not None:
            self.follower.stop()
        if self._operations is not None:
            self._operations.cancel_loading()
            self._operations = None
        if self._window_timer is not None:
            self._window_timer.stop()
            self._window_timer = None

        self._switching = True
        try:
            while len(self.screen_stack) > 2:
                await self.pop_screen()
        finally:
            self._switching = False
        self._start(session)
        await self.switch_screen(ServersScreen(self.config.refresh_seconds))
        self.refresh_task_panels()
        if old is not None and old is not session:
            await old.aclose()

    # Keys the config remaps

    def _check_keymap(self) -> None:
        """Say which ``[keys]`` entries name no binding or take another's key."""
        from .keys import clashes, unknown_ids, unknown_keys

        # Textual's own copy has the keys in their long names ("?" becomes
        # "question_mark"), as the bindings declare them.
        keymap = self._keymap
        problems = unknown_ids(keymap) + unknown_keys(keymap) + clashes(keymap)
        for problem in problems:
            log.warning("config: %s", problem)
        shown = problems[:MAX_KEY_TOASTS]
        if len(problems) > len(shown):
            more = len(problems) - len(shown)
            shown.append(f"and {more} more [keys] problems: the log file has them all")
        for problem in shown:
            self.notify(
                problem, title="Config", severity="warning", timeout=15, markup=False
            )

    # Where the user is

    def _screen_changed(self, screen) -> None:
        """Remember the screen in front, for the next start of this profile.

        Dialogs and the palette are not screens worth reopening; they carry
        no ``view_name`` and leave the record as it was. A dialog clears
        the toasts, which would cover its buttons.
        """
        if isinstance(screen, ModalScreen) and not isinstance(screen, CommandPalette):
            # At 80x24 a toast sits right where a dialog's buttons are.
            self.clear_notifications()
        name = getattr(screen, "view_name", None)
        if name and not self._switching:
            self.view.update(
                screen=name, server_id=getattr(screen, "view_server_id", "")
            )

    def server_list(self) -> ServersScreen | None:
        return next(
            (s for s in self.screen_stack if isinstance(s, ServersScreen)), None
        )

    def known_servers(self) -> list:
        """The servers of the last list, for the jump prompt."""
        servers = self.server_list()
        return servers.summaries() if servers is not None else []

    def action_jump(self) -> None:
        from .jump import JumpCommands, JumpPalette

        if any(getattr(s, "holds_typing", False) for s in self.screen_stack):
            self.notify(
                "Close the wizard first (Esc): a jump would lose what it holds.",
                timeout=4,
            )
            return
        if self.server_list() is not None and not JumpPalette.is_open(self):
            self.push_screen(
                JumpPalette(
                    providers=[JumpCommands],
                    placeholder="Jump to: part of a server name, or a screen",
                    id="--command-palette",
                )
            )

    async def _back_to_list(self) -> ServersScreen | None:
        servers = self.server_list()
        while servers is not None and self.screen is not servers:
            await self.pop_screen()
        return servers

    async def jump_to_server(self, server_id: str) -> None:
        servers = await self._back_to_list()
        if servers is not None:
            servers.open_server(server_id)

    async def jump_to_screen(self, name: str) -> None:
        if name == "help":
            self.action_help()
            return
        servers = await self._back_to_list()
        if servers is None:
            return
        if name == "tasks":
            self._focus_tasks(servers)
        elif name == "ledger":
            self.action_open_ledger()
        elif name == "wizard":
            servers.action_new_server()
        elif name == "profiles":
            self.action_profiles()

    def _focus_tasks(self, screen) -> None:
        if self.tasks is None or not len(self.tasks):
            self.notify("No tasks yet: operations you start appear here.", timeout=3)
            return
        self.show_tasks = True
        self.refresh_task_panels()
        screen.query_one("#task-table").focus()

    # Read-only profiles

    def write_refusal(self) -> str | None:
        """Why no change may be sent now, or None; the client asks too."""
        return self.write_window.refusal(self.profile.name)

    def writes_refused(self) -> bool:
        """Say why, and answer True, when changes are not allowed now.

        Every action that would change something asks this before its first
        form; the client refuses again at the last step, whatever the path.
        """
        refusal = self.write_refusal()
        if refusal:
            self.notify(refusal, title="Read-only", severity="warning", markup=False)
        return bool(refusal)

    def action_toggle_lock(self) -> None:
        """Unlock a read-only profile (its name typed), or lock it early."""
        window = self.write_window
        if self.profile is None or not window.read_only:
            self.notify("This profile is not read-only: nothing to unlock.")
            return
        if not window.locked:
            self._close_window("Locked again by hand.")
            return
        from .dialogs.unlock import UnlockDialog

        self.push_screen(
            UnlockDialog(self.profile.name, window.minutes, self.profile.production),
            self._unlocked,
        )

    def _unlocked(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        self.write_window.unlock()
        if self._window_timer is not None:
            self._window_timer.stop()
        self._window_timer = self.set_interval(1, self.check_write_window)
        self.notify(
            f"Changes allowed for {minutes(self.write_window.minutes)}.",
            title="Unlocked",
            severity="warning",
            markup=False,
        )
        self.refresh_title_bars()

    def check_write_window(self) -> None:
        """Each second of an open window: count down, or lock when it ends."""
        if self.write_window.locked:
            self._close_window("The write window ended.")
        else:
            self.refresh_title_bars()

    def _close_window(self, why: str) -> None:
        self.write_window.lock()
        if self._window_timer is not None:
            self._window_timer.stop()
            self._window_timer = None
        self.notify(
            f"{why} {self.profile.name} is read-only again.",
            title="Locked",
            markup=False,
        )
        self.refresh_title_bars()

    def refresh_title_bars(self) -> None:
        for stacked in self.screen_stack:
            for bar in stacked.query(TitleBar):
                bar.refresh()

    @property
    def operations(self):
        """The one runner of server operations, made on first use."""
        if self._operations is None:
            from .operation_flow import OperationRunner

            self._operations = OperationRunner(self)
        return self._operations

    # Tasks

    @property
    def tasks(self) -> TaskBook | None:
        return self.follower.book if self.follower else None

    def refresh_task_panels(self) -> None:
        """Redraw the panel on the screen in front, and an open task log."""
        if not self.screen_stack:
            return  # closing
        for stacked in self.screen_stack:
            for panel in stacked.query(TaskPanel):
                panel.show_book(self.tasks, self.show_tasks)
        screen = self.screen
        if hasattr(screen, "show_task") and self.tasks is not None:
            screen.show_task(self.tasks.get(screen.command_id))

    def watch_show_tasks(self) -> None:
        self.refresh_task_panels()

    def action_toggle_tasks(self) -> None:
        if self.tasks is None or not len(self.tasks):
            self.notify("No tasks yet: operations you start appear here.", timeout=3)
            return
        self.show_tasks = not self.show_tasks

    def open_server_named(self, name: str | None) -> None:
        """Open a server's detail screen by its name (a new server's, say)."""
        if name:
            self.run_worker(self._open_named(name), group="open", exit_on_error=False)

    async def _open_named(self, name: str) -> None:
        try:
            servers = await self.session.client.list_servers()
        except ApiError as exc:
            from .errors import with_advice

            self.notify(
                with_advice(f"Opening {name}: {exc.message}", exc),
                title=exc.title,
                severity="error",
                markup=False,
            )
            return
        found = next((s for s in servers if s.name == name), None)
        if found is None:
            self.notify(f"{name} is not in the server list yet.", markup=False)
            return
        from .screens.server_detail import ServerDetailScreen

        self.push_screen(
            ServerDetailScreen(found.id, found.name, self.config.refresh_seconds)
        )

    def on_task_panel_log_requested(self, message: TaskPanel.LogRequested) -> None:
        from .screens.task_log import TaskLogScreen

        self.push_screen(TaskLogScreen(message.command_id))

    def action_command_palette(self) -> None:
        from .palette import SafeCommandPalette

        if self.use_command_palette and not SafeCommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_open_ledger(self, copy: bool = False) -> None:
        """The ledger screen; ``copy`` opens its timeline choice straight away."""
        from .screens.ledger import LedgerScreen

        if self.ledger is None:
            self.notify("Nothing is sent before a profile is chosen.", timeout=3)
        elif not isinstance(self.screen, LedgerScreen):
            self.push_screen(LedgerScreen(copy_when_read=copy))
        elif copy:
            self.screen.action_copy_timeline()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # Quitting

    async def action_quit(self) -> None:
        """Quit, after asking if that would lose a change's answer or a draft."""
        from .dialogs.quit import ConfirmQuit

        losses = self._what_quitting_loses()
        if not losses:
            self.exit()
        elif not isinstance(self.screen, ConfirmQuit):
            self.push_screen(ConfirmQuit(losses), self._quit_if_confirmed)

    def _quit_if_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self.exit()

    def change_on_its_way(self) -> bool:
        """A change has left and its answer is not in yet."""
        from .operation_flow import SENDING

        return self._operations is not None and self._operations.phase == SENDING

    def _what_quitting_loses(self) -> list[str]:
        losses = []
        if self.change_on_its_way():
            losses.append(
                "A change is on its way: its command may run, but its answer "
                "and its task would be lost (the ledger keeps it as sending)."
            )
        if any(getattr(s, "holds_typing", False) for s in self.screen_stack):
            losses.append("Everything chosen in the wizard so far would be lost.")
        return losses

    async def on_unmount(self) -> None:
        if self.session is not None:
            await self.session.aclose()
