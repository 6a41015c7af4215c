"""Adding a profile from the profile screen: the key is tested, then saved."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from ...api import Credentials
from ...config import Profile
from ..mounting import unless_closing
from ..profile_form import ProfileFields, check_and_save_key


class AddProfileDialog(ModalScreen[str | None]):
    """Dismissed with the new profile's name once it is saved."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add_profile.cancel")]

    def compose(self) -> ComposeResult:
        body = VerticalScroll(classes="dialog", can_focus=False)
        body.border_title = "Add a profile"
        body.border_subtitle = "Esc cancels"
        with body:
            yield ProfileFields(name="")
            yield Static("", id="add-profile-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(
                    "Test and save", id="save", variant="primary", compact=True
                )

    @unless_closing
    def on_mount(self) -> None:
        self.set_focus(self.query_one("#profile-name", Input))

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        if self.query_one("#save", Button).disabled:
            return  # a test is on its way: Enter in a field must not send another
        fields = self.query_one(ProfileFields)
        profile, credentials, problem = fields.read()
        if problem:
            self._say(problem)
            return
        if profile.name in self.app.config.profiles:
            self._say(f"A profile named {profile.name} exists; choose another name.")
            return
        self.query_one("#save", Button).disabled = True
        self._say("Testing the key against the API…")
        self._check_and_save(profile, credentials)

    @work(exclusive=True, group="add-profile", exit_on_error=False)
    async def _check_and_save(self, profile: Profile, credentials: Credentials):
        session, count, config = await check_and_save_key(
            profile, credentials, self.app.paths
        )
        await session.aclose()
        self.app.config = config
        self.notify(
            f"Saved profile {profile.name!r}: {count} servers",
            title="Key works",
            markup=False,
        )
        self.dismiss(profile.name)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._say(self.query_one(ProfileFields).explain(event.worker.error))
            self.query_one("#save", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _say(self, text: str) -> None:
        self.query_one("#add-profile-status", Static).update(Text(text))
