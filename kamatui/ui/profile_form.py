"""The fields that make a profile, and testing a key before it is saved.

Used by the first-run screen and by the profile screen's "add" dialog, so a
key is checked against the API the same way wherever it is typed.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from ..api import DEFAULT_API_URL, Credentials, UnusableApiUrl, check_api_url
from ..api.errors import ApiTimeout, AuthError, TransportError
from ..config import Config, ConfigError, Profile, add_profile
from ..paths import Paths
from ..session import Session, profile_session
from .errors import describe_failure
from .widgets.text_input import TextInput
from .widgets.tick_box import TickBox

PROFILE_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class ProfileFields(Vertical):
    """Name, client id, secret (hidden), API URL and the production flag."""

    def __init__(self, name: str = "default") -> None:
        super().__init__(id="profile-fields")
        self._default_name = name

    def compose(self) -> ComposeResult:
        for label, field in (
            ("Profile name", TextInput(self._default_name, id="profile-name")),
            ("API client id", TextInput(id="client-id")),
            ("API secret", TextInput(password=True, id="secret")),
            ("API URL", TextInput(DEFAULT_API_URL, id="api-url")),
        ):
            field.compact = True
            with Horizontal(classes="first-run-field"):
                yield Label(label)
                yield field
        yield TickBox(
            "Production (starts read-only, red header)",
            id="production",
            compact=True,
        )

    def read(self) -> tuple[Profile | None, Credentials | None, str]:
        """The profile and key typed, or what is wrong with them."""
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

        production = self.query_one("#production", TickBox).value
        profile = Profile(name=name, api_url=url, production=production)
        return profile, Credentials(client_id, secret), ""

    def explain(self, error: BaseException | None) -> str:
        """Why testing or saving the key failed, in the user's terms."""
        url = self.query_one("#api-url", Input).value.strip()
        if isinstance(error, AuthError):
            return (
                "Kamatera did not accept this client id and secret "
                f"(it said: {error.message.split(': ', 1)[-1]})."
            )
        if isinstance(error, TransportError):
            return f"Could not reach {url}: {error.message.split(': ', 1)[-1]}."
        if isinstance(error, ConfigError):
            return f"The key works, but it was not saved: {error.detail}"
        if isinstance(error, OSError):
            return f"The key works, but the config file could not be saved: {error}"
        title, message = describe_failure(error)
        return f"{title}: {message}"


KEY_TEST_SECONDS = 20.0
"""How long the key test waits; the API's own retries could take minutes,
with the user looking at "Testing the key…" all the while."""


async def check_and_save_key(
    profile: Profile, credentials: Credentials, paths: Paths
) -> tuple[Session, int, Config]:
    """Try the key against the API, then add the profile to the config file.

    Returns the open session, the account's server count and the config as
    saved. Nothing is written unless the key works.
    """
    session = profile_session(profile, credentials, paths)
    try:
        try:
            async with asyncio.timeout(KEY_TEST_SECONDS):
                count = await session.client.check_credentials()
        except TimeoutError:
            raise ApiTimeout(
                f"No answer from {profile.api_url} in {KEY_TEST_SECONDS:g} s"
            ) from None
        saved = replace(
            profile, client_id=credentials.client_id, secret=credentials.secret
        )
        config = add_profile(paths.config_file, saved)
    except BaseException:
        await session.aclose()
        raise
    return session, count, config
