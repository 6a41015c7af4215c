"""``kamatui info``: the files kamatui uses, and the profile it would open.

Answers "which config is this reading, where are the log and the ledger,
which profile will it open, does it start read-only" without starting the
UI and without writing anything. No credential is printed, only where the
key would come from.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from . import __version__
from .api.urls import UnusableApiUrl, check_api_url, display_host
from .config import (
    ENV_CLIENT_ID,
    ENV_SECRET,
    Config,
    ConfigError,
    Profile,
    environment_profile,
    load_config,
    printable,
    readable_by_others,
)
from .files import file_kind
from .ledger import Ledger, ledger_file
from .paths import Paths
from .tasks import read_tasks, task_file
from .view_state import view_state_file
from .wording import counted
from .write_window import minutes

LABEL_WIDTH = 13
MISSING = "missing"


def info_text(
    args: argparse.Namespace, paths: Paths, environ: Mapping[str, str] | None = None
) -> tuple[str, int]:
    """The report, and the exit status: 1 when ``kamatui`` itself would stop."""
    env = os.environ if environ is None else environ
    active = ActiveProfile.find(args, paths, env)
    lines = [
        f"kamatui {__version__}",
        _line("config file", _config_state(paths.config_file)),
        _line("state dir", str(paths.state_dir)),
        _line("cache dir", str(paths.cache_dir)),
        _line("log file", str(paths.log_file)),
        _line("ledger file", _ledger_state(paths, active)),
        *_task_lines(paths, active),
        *_view_lines(paths, active),
        _line("profile", active.describe()),
        *active.details(env),
    ]
    text = "\n".join(printable(line) for line in lines) + "\n"
    return text, active.status or int(active.key_missing(env))


class ActiveProfile:
    """The profile ``kamatui`` would open with these arguments, and why."""

    def __init__(
        self, profile: Profile | None, why: str, *, demo=False, status=0
    ) -> None:
        self.profile = profile
        self.why = why
        self.demo = demo
        self.status = status

    @classmethod
    def find(cls, args, paths: Paths, env: Mapping[str, str]) -> ActiveProfile:
        if getattr(args, "demo", False):
            if args.profile or args.api_url:
                why = "--demo cannot be combined with --profile or --api-url"
                return cls(None, why, status=1)
            return cls(Profile("demo"), "the built-in simulator", demo=True)
        try:
            config = load_config(paths.config_file)
            if getattr(args, "api_url", None):
                return cls._for_url(args, config)
            return cls._from_config(args.profile, config, env)
        except (ConfigError, UnusableApiUrl) as exc:
            return cls(None, str(exc).replace("\n", " "), status=1)

    @classmethod
    def _for_url(cls, args, config: Config | None) -> ActiveProfile:
        url = check_api_url(args.api_url)
        if not args.profile:
            return cls(Profile(display_host(url), api_url=url), "from --api-url")
        if config is None:
            raise ConfigError(None, f"no config file, so no profile {args.profile!r}")
        profile = config.profile(args.profile)
        return cls(replace(profile, api_url=url), "--profile, with --api-url")

    @classmethod
    def _from_config(
        cls, name: str | None, config: Config | None, env: Mapping[str, str]
    ) -> ActiveProfile:
        if config is None and name:
            return cls(None, f"no config file, so no profile {name!r}", status=1)
        if config is None or not config.profiles:
            from_environment = environment_profile(env)
            if from_environment is not None:
                return cls(from_environment, "no profiles; the key in the environment")
            return cls(None, "no profiles yet; kamatui starts with the first-run form")
        profile = config.profile(name)
        if name:
            why = "--profile"
        elif config.default_profile:
            why = "default_profile"
        else:
            why = "the only profile"
        return cls(profile, why)

    def describe(self) -> str:
        if self.profile is None:
            return f"none: {self.why}"
        return f"{self.profile.name} ({self.why})"

    def key_missing(self, env: Mapping[str, str]) -> bool:
        """kamatui would stop for want of a key."""
        if self.profile is None or self.demo:
            return False
        return _key_source(self.profile, env).startswith(MISSING)

    def details(self, env: Mapping[str, str]) -> list[str]:
        profile = self.profile
        if profile is None:
            return []
        if self.demo:
            return [_line("read-only", "no (demo: nothing is sent anywhere)")]
        return [
            _line("api url", profile.api_url),
            _line("api key", _key_source(profile, env)),
            _line("read-only", _read_only(profile)),
        ]


def _key_source(profile: Profile, env: Mapping[str, str]) -> str:
    """Where the key would come from; never the key itself."""
    if profile.client_id and profile.secret:
        return "in the config file"
    if env.get(ENV_CLIENT_ID) and env.get(ENV_SECRET):
        return f"from {ENV_CLIENT_ID} and {ENV_SECRET}"
    return f"{MISSING}: add it to the profile, or set {ENV_CLIENT_ID} and {ENV_SECRET}"


def _read_only(profile: Profile) -> str:
    if not profile.starts_read_only:
        return "no"
    why = "production profile" if profile.read_only is None else "read_only = true"
    return (
        f"yes ({why}); U unlocks changes for "
        f"{minutes(profile.write_window_minutes)} at a time"
    )


def _ledger_state(paths: Paths, active: ActiveProfile) -> str:
    path = ledger_file(paths.state_dir)
    if active.demo:
        return f"{path} (not used: a demo keeps its ledger in memory)"
    if not path.exists():
        return f"{path} (nothing recorded yet)"
    if kind := _special_kind(path):
        return f"{path} ({kind}, not a regular file: nothing is recorded)"
    reading = Ledger(path, "").read()
    said = f"{path} ({counted(len(reading.actions), 'action')}"
    if reading.skipped:
        said += ", " + counted(reading.skipped, "unreadable line")
    return said + ")"


def _task_lines(paths: Paths, active: ActiveProfile) -> list[str]:
    """The active profile's task file first, then any other profile's."""
    mine = None
    if active.profile is not None and not active.demo:
        mine = task_file(paths.state_dir, active.profile.name)
    found = (
        sorted(paths.state_dir.glob("tasks-*.json")) if paths.state_dir.is_dir() else []
    )
    files = ([mine] if mine else []) + [path for path in found if path != mine]
    if not files:
        return [_line("task files", "none yet")]
    return [
        _line("task files" if index == 0 else "", _tasks_state(path))
        for index, path in enumerate(files)
    ]


def _view_lines(paths: Paths, active: ActiveProfile) -> list[str]:
    """Where the active profile's sort, filter and last screen are kept."""
    if active.profile is None or active.demo:
        return []
    path = view_state_file(paths.state_dir, active.profile.name)
    return [_line("view state", _with_state(path))]


def _tasks_state(path: Path) -> str:
    """How many tasks kamatui would follow from this file, as it reads them."""
    if not path.exists():
        return f"{path} (no unfinished tasks)"
    if kind := _special_kind(path):
        return f"{path} ({kind}, not a regular file: ignored)"
    try:
        tasks, skipped = read_tasks(path)
    except (OSError, ValueError, RecursionError):
        return f"{path} (unreadable, ignored)"
    said = f"{path} ({counted(len(tasks), 'unfinished task')}"
    if skipped:
        said += ", " + counted(skipped, "unreadable entry", "unreadable entries")
    return said + ")"


def _config_state(path: Path) -> str:
    said = _with_state(path)
    if path.is_file() and readable_by_others(path):
        said += f" (other users can read it: run chmod 600 {path})"
    return said


def _with_state(path: Path) -> str:
    if not path.exists():
        return f"{path} (not created yet)"
    if kind := _special_kind(path):
        return f"{path} ({kind}, not a regular file: ignored)"
    return f"{path}"


def _special_kind(path: Path) -> str | None:
    """What ``path`` is if it is not a regular file, which kamatui never reads.

    ``stat`` only looks: opening a FIFO here would wait for a writer.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else file_kind(mode)


def _line(label: str, value: str) -> str:
    # A newline in a file name would otherwise print as a line of its own.
    value = value.replace("\n", "\\n")
    return f"{label + ':' if label else '':{LABEL_WIDTH}} {value}"
