"""The accounts kamatui knows: see which one is in use, switch, add one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...api.errors import ApiError
from ...api.urls import display_host
from ...config import ENV_CLIENT_ID, ConfigError, Profile
from ...session import DEMO_PROFILE, demo_session, profile_session
from ..mounting import unless_closing
from ..widgets.footer import KeysFooter
from ..widgets.status_line import StatusLine
from ..widgets.title_bar import TitleBar


class ProfilesScreen(Screen):
    """Enter switches (after the key is tested), ``a`` adds, Esc goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="profiles.back"),
        Binding("a", "add", "Add profile", id="profiles.add"),
    ]

    def compose(self) -> ComposeResult:
        session = self.app.session
        yield TitleBar(session.profile_name, demo=session.is_demo)
        yield OptionList(id="profile-list")
        yield StatusLine(id="profiles-status")
        yield KeysFooter()

    @unless_closing
    def on_mount(self) -> None:
        self.show_profiles()

    def show_profiles(self, highlight: str | None = None) -> None:
        current = self.app.session.profile_name
        options = [
            Option(_describe(profile, profile.name == current), id=name)
            for name, profile in sorted(self.app.config.profiles.items())
        ]
        if DEMO_PROFILE not in self.app.config.profiles:
            demo = Text.assemble(
                ("● " if self.app.session.is_demo else "  "),
                (DEMO_PROFILE, "bold"),
                "  the simulator, in memory; nothing is sent anywhere",
            )
            options.append(Option(demo, id=DEMO_PROFILE))
        listing = self.query_one(OptionList)
        listing.set_options(options)
        wanted = highlight or current
        ids = [option.id for option in options]
        listing.highlighted = ids.index(wanted) if wanted in ids else 0
        listing.focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_add(self) -> None:
        from ..dialogs.add_profile import AddProfileDialog

        self.app.push_screen(AddProfileDialog(), self._added)

    def _added(self, name: str | None) -> None:
        if name:
            self.show_profiles(highlight=name)
            self.query_one(StatusLine).say(f"Added {name}. Enter switches to it.")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        name = event.option.id
        if name == self.app.session.profile_name:
            self.app.pop_screen()
            return
        if self.app.change_on_its_way():
            # Its answer, its task and its ledger line belong to this account;
            # a lost answer must be looked for here, not in the next one.
            self.query_one(StatusLine).say(
                f"A change on {self.app.session.profile_name} is on its way: "
                f"switch to {name} once its answer is in."
            )
            return
        self._switch(name)

    @work(exclusive=True, group="profile-switch", exit_on_error=False)
    async def _switch(self, name: str) -> None:
        """Test the other profile's key first: a bad one never replaces a good
        session."""
        status = self.query_one(StatusLine)
        if name == DEMO_PROFILE and name not in self.app.config.profiles:
            session = demo_session()
        else:
            profile = self.app.config.profiles[name]
            try:
                credentials = profile.credentials()
            except ConfigError as exc:
                status.say(f"{name}: {exc.detail}; {exc.fix}")
                return
            session = profile_session(profile, credentials, self.app.paths)

        status.say(f"Connecting to {name}…")
        try:
            count = await session.client.check_credentials()
        except ApiError as exc:
            await session.aclose()
            status.say(f"{name}: {exc.title}: {exc.message}")
            return

        self.app.notify(f"Now on {name}: {count} servers.", markup=False)
        self.app.run_worker(
            self.app.switch_session(session), group="switch", exit_on_error=False
        )


def _describe(profile: Profile, current: bool) -> Text:
    """One line: marker, name, safety, where it points and where its key is."""
    text = Text("● " if current else "  ")
    text.append(profile.name, style="bold")
    if profile.production:
        text.append("  PRODUCTION", style="bold")
    if profile.starts_read_only:
        text.append("  read-only")
    text.append(f"  {display_host(profile.api_url)} ({profile.auth})")
    if not profile.client_id:
        text.append(f"  key from {ENV_CLIENT_ID}…")
    return text
