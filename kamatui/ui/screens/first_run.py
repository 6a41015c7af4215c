"""Shown when there is no config: start the demo, or add an API key."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from ...api import Credentials
from ...config import Profile
from ...session import Session, demo_session
from ..mounting import unless_closing
from ..profile_form import ProfileFields, check_and_save_key
from ..widgets.footer import KeysFooter


class FirstRunScreen(Screen):
    """Two ways in: the simulator, or a real key tested before it is saved."""

    BINDINGS = [Binding("d", "start_demo", "Demo", id="first_run.demo")]

    class Connected(Message):
        """A session is ready; the app switches to the server list."""

        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-run"):
            yield Static("Welcome to kamatui", id="first-run-title")
            yield Static(
                "No config file was found. Try the demo (a simulated account, "
                "nothing is sent anywhere) or add a Kamatera API key.",
                id="first-run-intro",
            )
            yield Button("Start the demo", id="demo", variant="primary", compact=True)
            yield Static("Or add an API key (API → Keys in the Kamatera console):")
            yield ProfileFields()
            yield Button("Test and save", id="save", compact=True)
            yield Static("", id="first-run-status")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self.query_one("#demo", Button).focus()

    def action_start_demo(self) -> None:
        if not isinstance(self.focused, Input):
            self.post_message(self.Connected(demo_session()))

    @on(Button.Pressed, "#demo")
    def _demo_pressed(self) -> None:
        self.post_message(self.Connected(demo_session()))

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save_pressed(self) -> None:
        if self.query_one("#save", Button).disabled:
            return  # a test is on its way: Enter in a field must not send another
        profile, credentials, problem = self._read_form()
        if problem:
            self._say(problem, error=True)
            return

        self.query_one("#save", Button).disabled = True
        self._say("Testing the key against the API…")
        self._test_and_save(profile, credentials)

    def _read_form(self) -> tuple[Profile | None, Credentials | None, str]:
        return self.query_one(ProfileFields).read()

    @work(exclusive=True, group="first-run", exit_on_error=False)
    async def _test_and_save(self, profile: Profile, credentials: Credentials) -> None:
        session, count, config = await check_and_save_key(
            profile, credentials, self.app.paths
        )
        self.app.config = config
        self.notify(
            f"Saved profile {profile.name!r}: {count} servers",
            title="Key works",
            markup=False,
        )
        self.post_message(self.Connected(session))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._say(self._explain(event.worker.error), error=True)
            self.query_one("#save", Button).disabled = False

    def _explain(self, error: BaseException | None) -> str:
        return self.query_one(ProfileFields).explain(error)

    @on(Input.Changed)
    def _edited(self) -> None:
        """An old verdict no longer applies once the fields change."""
        if self.query_one("#save", Button).disabled is False:
            self._say("")

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#first-run-status", Static)
        status.update(Text(text))
        status.set_class(error, "error")
