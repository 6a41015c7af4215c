"""Shown when there is no config: start the demo, or add an API key."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from ...api import DEFAULT_API_URL, Credentials, UnusableApiUrl, check_api_url
from ...api.errors import AuthError, TransportError
from ...config import Config, Profile, save_config
from ...session import Session, demo_session, profile_session
from ..errors import describe_failure

PROFILE_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


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
            for label, field in (
                ("Profile name", Input("default", id="profile-name", compact=True)),
                ("API client id", Input(id="client-id", compact=True)),
                ("API secret", Input(password=True, id="secret", compact=True)),
                ("API URL", Input(DEFAULT_API_URL, id="api-url", compact=True)),
            ):
                with Horizontal(classes="first-run-field"):
                    yield Label(label)
                    yield field
            yield Button("Test and save", id="save", compact=True)
            yield Static("", id="first-run-status")
        yield Footer()

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
        profile, credentials, problem = self._read_form()
        if problem:
            self._say(problem, error=True)
            return

        self.query_one("#save", Button).disabled = True
        self._say("Testing the key against the API…")
        self._test_and_save(profile, credentials)

    def _read_form(self) -> tuple[Profile | None, Credentials | None, str]:
        name = self.query_one("#profile-name", Input).value.strip()
        client_id = self.query_one("#client-id", Input).value.strip()
        secret = self.query_one("#secret", Input).value.strip()
        url = self.query_one("#api-url", Input).value.strip()

        if not name or not set(name.lower()) <= PROFILE_NAME_CHARS:
            return None, None, "Profile name: use letters, digits, - and _."
        if not client_id or not secret:
            return None, None, "Enter both the API client id and the secret."
        try:
            url = check_api_url(url)
        except UnusableApiUrl as exc:
            return None, None, f"API URL: {exc}"

        profile = Profile(name=name, api_url=url)
        return profile, Credentials(client_id, secret), ""

    @work(exclusive=True, group="first-run", exit_on_error=False)
    async def _test_and_save(self, profile: Profile, credentials: Credentials) -> None:
        session = profile_session(profile, credentials, self.app.paths)
        try:
            count = await session.client.check_credentials()
        except BaseException:
            await session.aclose()
            raise

        saved = replace(
            profile, client_id=credentials.client_id, secret=credentials.secret
        )
        config = Config(profiles={saved.name: saved}, default_profile=saved.name)
        save_config(config, self.app.paths.config_file)
        self.app.config = config
        self.notify(
            f"Saved profile {saved.name!r}: {count} servers",
            title="Key works",
            markup=False,
        )
        self.post_message(self.Connected(session))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._say(self._explain(event.worker.error), error=True)
            self.query_one("#save", Button).disabled = False

    def _explain(self, error: BaseException | None) -> str:
        url = self.query_one("#api-url", Input).value.strip()
        if isinstance(error, AuthError):
            return (
                "Kamatera did not accept this client id and secret "
                f"(it said: {error.message.split(': ', 1)[-1]})."
            )
        if isinstance(error, TransportError):
            return f"Could not reach {url}: {error.message.split(': ', 1)[-1]}."
        if isinstance(error, OSError):
            return f"The key works, but the config file could not be saved: {error}"
        title, message = describe_failure(error)
        return f"{title}: {message}"

    @on(Input.Changed)
    def _edited(self) -> None:
        """An old verdict no longer applies once the fields change."""
        if self.query_one("#save", Button).disabled is False:
            self._say("")

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#first-run-status", Static)
        status.update(Text(text))
        status.set_class(error, "error")
