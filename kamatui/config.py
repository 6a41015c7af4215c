"""Reading and writing the TOML config file of profiles.

Every problem becomes a ``ConfigError`` naming the file, the key and the fix,
so the command line can print one clear line instead of a traceback.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import shlex
import stat
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from .api import AUTH_HEADER_PAIR, AUTH_MODES, DEFAULT_API_URL, Credentials
from .api.urls import UnusableApiUrl, check_api_url
from .files import write_private

ENV_CLIENT_ID = "KAMATERA_API_CLIENT_ID"
ENV_SECRET = "KAMATERA_API_SECRET"

DEFAULT_REFRESH_SECONDS = 5.0
MIN_REFRESH_SECONDS = 2.0
"""Faster refreshes build a frame backlog on a slow SSH link."""
MAX_REFRESH_SECONDS = 3600.0
MAX_CONFIG_BYTES = 1024 * 1024

DEFAULT_WRITE_WINDOW_MINUTES = 15.0
MAX_WRITE_WINDOW_MINUTES = 24 * 60.0
DEFAULT_SSH_COMMAND = "ssh root@{ip}"
SSH_PLACEHOLDERS = ("ip", "name", "id")
THEMES = ("auto", "default", "terminal")
"""``auto`` picks the terminal's own palette on 16-colour terminals."""

TOP_KEYS = {
    "default_profile",
    "refresh_seconds",
    "bell",
    "theme",
    "ssh_command",
    "keys",
    "profiles",
}
PROFILE_KEYS = {
    "api_url",
    "auth",
    "client_id",
    "secret",
    "production",
    "read_only",
    "accent",
    "write_window_minutes",
}


class ConfigError(Exception):
    """A config problem, phrased for the person who has to fix it."""

    def __init__(self, path: Path | None, message: str, fix: str = ""):
        self.path = path
        self.detail = shortened(printable(message))
        self.fix = printable(fix)
        where = f"{printable(str(path))}: " if path else ""
        text = f"{where}{self.detail}"
        super().__init__(text + (f"\n  fix: {self.fix}" if self.fix else ""))


MAX_MESSAGE = 300
"""Characters of a config message shown: a 5,000-character profile name
given on the command line should not fill the terminal."""


def shortened(text: str, limit: int = MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def printable(text: str) -> str:
    """Control characters from a hostile file, written as escapes.

    Messages go to the user's terminal, where a raw escape sequence in a key
    name could retitle the window or clear the screen.
    """
    return "".join(
        ch if ch.isprintable() or ch == "\n" else ascii(ch)[1:-1] for ch in text
    )


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    api_url: str = DEFAULT_API_URL
    auth: str = AUTH_HEADER_PAIR
    client_id: str = ""
    secret: str = ""
    production: bool = False
    read_only: bool | None = None
    """None: read-only exactly when the profile is production."""
    accent: str = ""
    """A colour for the header, so each account looks different."""
    write_window_minutes: float = DEFAULT_WRITE_WINDOW_MINUTES

    def __repr__(self) -> str:
        return (
            f"Profile(name={self.name!r}, api_url={self.api_url!r}, "
            f"auth={self.auth!r}, client_id={self.client_id!r}, secret=***)"
        )

    @property
    def starts_read_only(self) -> bool:
        return self.production if self.read_only is None else self.read_only

    def credentials(self, environ: Mapping[str, str] | None = None) -> Credentials:
        """The profile's key, or the environment's where the profile has none."""
        env = os.environ if environ is None else environ
        client_id = self.client_id or env.get(ENV_CLIENT_ID, "")
        secret = self.secret or env.get(ENV_SECRET, "")
        missing = [
            name
            for name, value in (("client_id", client_id), ("secret", secret))
            if not value
        ]
        if missing:
            raise ConfigError(
                None,
                f"profile {self.name!r} has no {' or '.join(missing)}",
                f"add them to the profile, or set {ENV_CLIENT_ID} and {ENV_SECRET}",
            )
        return Credentials(client_id=client_id, secret=secret)


ENVIRONMENT_PROFILE = "environment"


def environment_profile(environ: Mapping[str, str] | None = None) -> Profile | None:
    """With no profile configured, the key in the environment, on Kamatera.

    Both variables must be set; a profile made this way is never saved.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_CLIENT_ID) and env.get(ENV_SECRET):
        return Profile(ENVIRONMENT_PROFILE)
    return None


@dataclass(frozen=True, slots=True)
class Config:
    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    bell: bool = True
    """Ring the terminal bell when a task ends."""
    theme: str = "auto"
    ssh_command: str = DEFAULT_SSH_COMMAND
    """A template: ``{ip}``, ``{name}`` and ``{id}`` are the server's."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id to the key (or comma-separated keys) that replaces its own."""

    def with_profile(self, profile: Profile) -> Config:
        """This config with one profile added or replaced."""
        profiles = {**self.profiles, profile.name: profile}
        return replace(self, profiles=profiles)

    def profile(self, name: str | None, path: Path | None = None) -> Profile:
        """The named profile, the default one, or the only one."""
        wanted = name or self.default_profile
        if wanted is None and len(self.profiles) == 1:
            return next(iter(self.profiles.values()))
        if wanted is None:
            raise ConfigError(
                path,
                "several profiles and none chosen",
                "pass --profile NAME or set default_profile",
            )
        if wanted not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none"
            raise ConfigError(
                path,
                f"no profile named {wanted!r} (profiles: {known})",
                _suggest(wanted, self.profiles) or "add a [profiles.NAME] table",
            )
        return self.profiles[wanted]


def load_config(path: Path) -> Config | None:
    """The config at ``path``, or None when there is no file yet."""
    if path.is_symlink() and not path.exists():
        raise ConfigError(path, "is a link to a file that does not exist")
    if not path.exists():
        return None
    if not path.is_file():
        raise ConfigError(path, "is not a regular file", "point to a TOML file")

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(path, "is larger than 1 MiB; is it the right file?")
        raw = tomllib.loads(data.decode("utf-8-sig"))  # a BOM, as some editors save
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            path, f"not valid TOML: {exc}", "correct the syntax"
        ) from None
    except RecursionError:
        raise ConfigError(path, "nests arrays or tables too deeply") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            path,
            f"is not UTF-8 text (byte {exc.object[exc.start]:#04x} at offset "
            f"{exc.start})",
            "is it the right file? TOML files are UTF-8 text",
        ) from None
    except OSError as exc:
        raise ConfigError(path, f"cannot be read: {exc}") from None

    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: Path | None = None) -> Config:
    _reject_unknown(raw, TOP_KEYS, path, "")

    profiles_raw = raw.get("profiles", {})
    if not isinstance(profiles_raw, dict):
        raise ConfigError(path, "profiles must be a table", "write [profiles.NAME]")
    profiles = {
        name: _parse_profile(name, value, path) for name, value in profiles_raw.items()
    }

    default = raw.get("default_profile")
    if default is not None and not isinstance(default, str):
        raise ConfigError(path, "default_profile must be a string")
    if default is not None and default not in profiles:
        raise ConfigError(
            path,
            f"default_profile names {default!r}, which is not a profile",
            _suggest(default, profiles) or "name one of the [profiles.*] tables",
        )

    refresh = raw.get("refresh_seconds", DEFAULT_REFRESH_SECONDS)
    if isinstance(refresh, bool) or not isinstance(refresh, int | float):
        raise ConfigError(path, "refresh_seconds must be a number of seconds")
    if not (
        math.isfinite(refresh) and MIN_REFRESH_SECONDS <= refresh <= MAX_REFRESH_SECONDS
    ):
        raise ConfigError(
            path,
            f"refresh_seconds is {refresh}; it must be from "
            f"{MIN_REFRESH_SECONDS:g} to {MAX_REFRESH_SECONDS:g}",
            "faster refreshes overload slow links; 5 is the default",
        )

    bell = raw.get("bell", True)
    if not isinstance(bell, bool):
        raise ConfigError(path, "bell must be true or false")

    theme = raw.get("theme", "auto")
    if theme not in THEMES:
        raise ConfigError(
            path, f"theme is {theme!r}", f"use one of: {', '.join(THEMES)}"
        )

    return Config(
        profiles=profiles,
        default_profile=default,
        refresh_seconds=float(refresh),
        bell=bell,
        theme=theme,
        ssh_command=_parse_ssh_command(raw.get("ssh_command"), path),
        keys=_parse_keys(raw.get("keys", {}), path),
    )


def _parse_ssh_command(raw: Any, path: Path | None) -> str:
    if raw is None:
        return DEFAULT_SSH_COMMAND
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(path, "ssh_command must be a command line, as a string")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(raw) if name}
        words = shlex.split(raw)
    except ValueError as exc:
        raise ConfigError(
            path, f"ssh_command cannot be read: {exc}", 'for example "ssh root@{ip}"'
        ) from None
    unknown = sorted(fields - set(SSH_PLACEHOLDERS))
    if unknown:
        raise ConfigError(
            path,
            f"ssh_command has an unknown placeholder {{{unknown[0]}}}",
            "use {ip}, {name} or {id}",
        )
    if not words:
        raise ConfigError(path, "ssh_command must name a program")
    return raw


def _parse_keys(raw: Any, path: Path | None) -> dict[str, str]:
    """Key overrides; which binding ids exist is the app's to check."""
    if not isinstance(raw, dict):
        raise ConfigError(
            path, "keys must be a table", 'write [keys] then "id" = "key"'
        )
    for binding_id, key in raw.items():
        if not isinstance(key, str) or not all(_key_name(k) for k in key.split(",")):
            raise ConfigError(
                path,
                f"keys.{binding_id} is {key!r}, which is not a key name",
                'write a key such as "ctrl+o" or "f5", or several: "f5,ctrl+r"',
            )
    return dict(raw)


def _key_name(key: str) -> bool:
    """One key as Textual names them: "f5", "ctrl+o", "question_mark", "?".

    Which names exist is Textual's to know; this catches what cannot be
    one: nothing, spaces, a modifier with no key ("ctrl+"), markup.
    """
    *modifiers, last = key.strip().split("+")
    if not last or any(not m.strip() or " " in m for m in modifiers):
        return False
    return (
        last.isprintable()
        and " " not in key.strip()
        and (len(last) == 1 or re.fullmatch(r"[a-z0-9_]+", last) is not None)
    )


def _parse_profile(name: str, raw: Any, path: Path | None) -> Profile:
    where = f"profiles.{name}"
    if not name.strip() or not name.isprintable():
        # It is shown in the header and must be typed to unlock: an escape
        # sequence in it would reach the terminal, and could not be typed.
        raise ConfigError(
            path,
            f"the profile name {name!r} is empty or holds control characters",
            "name it with letters, digits, - and _",
        )
    if not isinstance(raw, dict):
        raise ConfigError(path, f"{where} must be a table")
    _reject_unknown(raw, PROFILE_KEYS, path, where + ".")

    for key in ("api_url", "auth", "client_id", "secret", "accent") & raw.keys():
        if not isinstance(raw[key], str):
            raise ConfigError(path, f"{where}.{key} must be a string")
    for key in ("production", "read_only") & raw.keys():
        if not isinstance(raw[key], bool):
            raise ConfigError(path, f"{where}.{key} must be true or false")

    auth = raw.get("auth", AUTH_HEADER_PAIR)
    if auth not in AUTH_MODES:
        raise ConfigError(
            path,
            f"{where}.auth is {auth!r}",
            f"use one of: {', '.join(AUTH_MODES)}",
        )

    try:
        api_url = check_api_url(raw.get("api_url", DEFAULT_API_URL))
    except UnusableApiUrl as exc:
        raise ConfigError(path, f"{where}.api_url: {exc}") from None

    return Profile(
        name=name,
        api_url=api_url,
        auth=auth,
        client_id=raw.get("client_id", ""),
        secret=raw.get("secret", ""),
        production=raw.get("production", False),
        read_only=raw.get("read_only"),
        accent=_parse_accent(raw.get("accent", ""), path, where),
        write_window_minutes=_parse_window(raw, path, where),
    )


def _parse_accent(accent: str, path: Path | None, where: str) -> str:
    """A colour name or #rrggbb; checked here so a typo is not a crash later."""
    from rich.color import Color, ColorParseError

    if not accent:
        return ""
    if re.fullmatch(r"#[0-9a-fA-F]{3}", accent):
        return accent  # short hex, which Textual reads and Rich does not
    try:
        if Color.parse(accent).is_default:
            raise ColorParseError("the terminal's own colour is no accent")
    except ColorParseError:
        raise ConfigError(
            path,
            f"{where}.accent is {accent!r}, which is not a colour",
            'use a name such as "red" or "magenta", or "#rrggbb"',
        ) from None
    return accent


def _parse_window(raw: dict, path: Path | None, where: str) -> float:
    minutes = raw.get("write_window_minutes", DEFAULT_WRITE_WINDOW_MINUTES)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise ConfigError(path, f"{where}.write_window_minutes must be a number")
    if not (math.isfinite(minutes) and 0 < minutes <= MAX_WRITE_WINDOW_MINUTES):
        raise ConfigError(
            path,
            f"{where}.write_window_minutes is {minutes}; it must be more than 0 "
            f"and at most {MAX_WRITE_WINDOW_MINUTES:g}",
            f"{DEFAULT_WRITE_WINDOW_MINUTES:g} is the default",
        )
    return float(minutes)


def _reject_unknown(raw: dict, allowed: set[str], path: Path | None, prefix: str):
    for key in raw:
        if key not in allowed:
            hint = _suggest(key, allowed) or f"known keys: {', '.join(sorted(allowed))}"
            raise ConfigError(path, f"unknown key {prefix}{key}", hint)


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def add_profile(path: Path, profile: Profile) -> Config:
    """Append one profile to the config file, keeping what is there as written.

    The new table goes at the end, so the user's comments and layout stay;
    the result is read back before it replaces the file, so a file that
    cannot take the addition is left alone. A new file makes the profile
    its default.
    """
    existing = load_config(path) if path.exists() else None
    if existing is not None and profile.name in existing.profiles:
        raise ConfigError(
            path, f"a profile named {profile.name!r} exists", "choose another name"
        )

    old_text = path.read_text(encoding="utf-8") if existing is not None else ""
    addition = tomli_w.dumps({"profiles": {profile.name: _profile_document(profile)}})
    if existing is None:
        text = tomli_w.dumps({"default_profile": profile.name}) + "\n" + addition
    else:
        text = old_text.rstrip("\n") + "\n\n" + addition

    try:
        config = parse_config(tomllib.loads(text), path)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            path,
            f"a profile cannot be appended to this file ({exc})",
            "add the [profiles.NAME] table by hand",
        ) from None
    write_private(path, text)
    return config


def save_config(config: Config, path: Path) -> None:
    """Write atomically with mode 0600: the file can hold API secrets."""
    document: dict[str, Any] = {
        "refresh_seconds": config.refresh_seconds,
        "bell": config.bell,
        "theme": config.theme,
        "ssh_command": config.ssh_command,
    }
    if config.default_profile:
        document["default_profile"] = config.default_profile
    if config.keys:
        document["keys"] = dict(config.keys)
    document["profiles"] = {
        name: _profile_document(p) for name, p in config.profiles.items()
    }

    write_private(path, tomli_w.dumps(document))


def _profile_document(profile: Profile) -> dict[str, Any]:
    """The profile's table, leaving out what is at its default."""
    document: dict[str, Any] = {
        key: value
        for key, value in (
            ("api_url", profile.api_url),
            ("auth", profile.auth),
            ("client_id", profile.client_id),
            ("secret", profile.secret),
            ("accent", profile.accent),
        )
        if value
    }
    if profile.production:
        document["production"] = True
    if profile.read_only is not None:
        document["read_only"] = profile.read_only
    if profile.write_window_minutes != DEFAULT_WRITE_WINDOW_MINUTES:
        document["write_window_minutes"] = profile.write_window_minutes
    return document


def readable_by_others(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False
