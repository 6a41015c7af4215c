"""Reading and writing the TOML config file of profiles.

Every problem becomes a ``ConfigError`` naming the file, the key and the fix,
so the command line can print one clear line instead of a traceback.
"""

from __future__ import annotations

import difflib
import math
import os
import stat
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from .api import AUTH_HEADER_PAIR, AUTH_MODES, DEFAULT_API_URL, Credentials
from .api.urls import UnusableApiUrl, check_api_url

ENV_CLIENT_ID = "KAMATERA_API_CLIENT_ID"
ENV_SECRET = "KAMATERA_API_SECRET"

DEFAULT_REFRESH_SECONDS = 5.0
MIN_REFRESH_SECONDS = 2.0
"""Faster refreshes build a frame backlog on a slow SSH link."""
MAX_REFRESH_SECONDS = 3600.0
MAX_CONFIG_BYTES = 1024 * 1024

TOP_KEYS = {"default_profile", "refresh_seconds", "bell", "profiles"}
PROFILE_KEYS = {"api_url", "auth", "client_id", "secret"}


class ConfigError(Exception):
    """A config problem, phrased for the person who has to fix it."""

    def __init__(self, path: Path | None, message: str, fix: str = ""):
        self.path = path
        self.detail = printable(message)
        self.fix = printable(fix)
        where = f"{printable(str(path))}: " if path else ""
        text = f"{where}{self.detail}"
        super().__init__(text + (f"\n  fix: {self.fix}" if self.fix else ""))


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

    def __repr__(self) -> str:
        return (
            f"Profile(name={self.name!r}, api_url={self.api_url!r}, "
            f"auth={self.auth!r}, client_id={self.client_id!r}, secret=***)"
        )

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


@dataclass(frozen=True, slots=True)
class Config:
    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    bell: bool = True
    """Ring the terminal bell when a task ends."""

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
        raw = tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            path, f"not valid TOML: {exc}", "correct the syntax"
        ) from None
    except RecursionError:
        raise ConfigError(path, "nests arrays or tables too deeply") from None
    except (OSError, UnicodeDecodeError) as exc:
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

    return Config(
        profiles=profiles,
        default_profile=default,
        refresh_seconds=float(refresh),
        bell=bell,
    )


def _parse_profile(name: str, raw: Any, path: Path | None) -> Profile:
    where = f"profiles.{name}"
    if not isinstance(raw, dict):
        raise ConfigError(path, f"{where} must be a table")
    _reject_unknown(raw, PROFILE_KEYS, path, where + ".")

    for key in PROFILE_KEYS & raw.keys():
        if not isinstance(raw[key], str):
            raise ConfigError(path, f"{where}.{key} must be a string")

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
    )


def _reject_unknown(raw: dict, allowed: set[str], path: Path | None, prefix: str):
    for key in raw:
        if key not in allowed:
            hint = _suggest(key, allowed) or f"known keys: {', '.join(sorted(allowed))}"
            raise ConfigError(path, f"unknown key {prefix}{key}", hint)


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def save_config(config: Config, path: Path) -> None:
    """Write atomically with mode 0600: the file can hold API secrets."""
    document: dict[str, Any] = {
        "refresh_seconds": config.refresh_seconds,
        "bell": config.bell,
    }
    if config.default_profile:
        document["default_profile"] = config.default_profile
    document["profiles"] = {
        name: {
            key: value
            for key, value in (
                ("api_url", p.api_url),
                ("auth", p.auth),
                ("client_id", p.client_id),
                ("secret", p.secret),
            )
            if value
        }
        for name, p in config.profiles.items()
    }

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            tomli_w.dump(document, handle)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def readable_by_others(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
    except OSError:
        return False
