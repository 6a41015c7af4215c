"""The ``kamatui`` command: parse arguments, pick a session, run the app."""

from __future__ import annotations

import argparse
import logging
import re
import ssl
import sys
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import NoReturn

from . import __version__
from .api.tls import start_tls_context
from .api.urls import UnusableApiUrl, check_api_url, display_host
from .config import (
    ENV_CLIENT_ID,
    ENV_SECRET,
    Config,
    ConfigError,
    Profile,
    environment_profile,
    load_config,
    readable_by_others,
)
from .logs import setup_logging
from .paths import Paths, resolve_paths
from .session import Session, demo_session, profile_session

log = logging.getLogger(__name__)

HIDDEN = "…"
"""Shown in place of a value from the command line in an error."""
_EXPLICIT_VALUE = re.compile(r"ignored explicit argument .*", re.DOTALL)


class RedactingParser(argparse.ArgumentParser):
    """An argument parser whose errors never repeat a value that was typed.

    Someone who tries ``--secret=abc`` would otherwise see the secret printed
    back, into the terminal's scrollback and any recording of the session.
    """

    given: tuple[str, ...] = ()
    """The arguments being parsed, to find in argparse's own messages."""

    def parse_known_args(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        namespace: argparse.Namespace | None = None,
    ) -> tuple[argparse.Namespace, list[str]]:
        self.given = tuple(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        # ``--demo=abc``: argparse quotes the value it ignored.
        message = _EXPLICIT_VALUE.sub("takes no value", message)
        for word in self.given:
            if masked(word) != word:
                message = message.replace(word, masked(word))
        super().error(message)


def masked(word: str) -> str:
    """``word`` with any value given in it hidden: ``--secret=…``, ``-s…``."""
    name, equals, _value = word.partition("=")
    if equals:
        return f"{name}={HIDDEN}"
    if word.startswith("-") and not word.startswith("--") and len(word) > 2:
        return word[:2] + HIDDEN
    return word


def unrecognized(words: list[str]) -> str:
    """The unknown arguments as an error shows them, their values hidden.

    A word after an unknown flag is most likely that flag's value, so it is
    not shown at all.
    """
    shown: list[str] = []
    after_flag = False
    for word in words:
        if word.startswith("-"):
            shown.append(masked(word))
            after_flag = True
        else:
            shown.append(HIDDEN if after_flag else masked(word))
    return "unrecognized arguments: " + " ".join(shown)


def build_parser(paths: Paths | None = None) -> argparse.ArgumentParser:
    paths = paths or resolve_paths()
    parser = RedactingParser(
        prog="kamatui",
        usage="%(prog)s [options] [info]",
        description="A terminal UI for running servers on the Kamatera cloud.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            f"Credentials come from the config file or from {ENV_CLIENT_ID} and\n"
            f"{ENV_SECRET}; they are never taken as arguments.\n\n"
            f"config file: {paths.config_file}\n"
            f"log file:    {paths.log_file}"
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in simulator; no account needed",
    )
    parser.add_argument("--profile", metavar="NAME", help="config profile to use")
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="API base URL, e.g. http://127.0.0.1:8765/service",
    )
    parser.add_argument(
        "--debug", action="store_true", help="write debug detail to the log file"
    )
    parser.add_argument("--version", action="version", version=f"kamatui {__version__}")
    # A positional rather than a subcommand: a stray word after an unknown
    # flag (``--secret abc``) is taken as the command, and the unknown flag
    # is reported first, so the word is never echoed as an unknown command.
    parser.add_argument_group("command").add_argument(
        "command",
        nargs="?",
        metavar="info",
        help=(
            "print the config, state, cache, log, ledger and task file paths and "
            "the profile kamatui would open (--profile NAME for another), with "
            "whether it starts read-only; no credentials are printed"
        ),
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    paths = resolve_paths()
    parser = build_parser(paths)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        parser.error(f"{unrecognized(unknown)}; kamatui --help lists the options")
    if args.command not in (None, "info"):
        parser.error(
            f"unknown command {masked(args.command)!r}; the only command is info"
        )
    if args.profile is not None and not args.profile.strip():
        parser.error("--profile was given no name; leave it out or name a profile")
    if args.command == "info":
        from .info import info_text

        text, status = info_text(args, paths)
        sys.stdout.write(text)
        return status
    setup_logging(paths.log_file, debug=args.debug)

    # The TLS context builds on a thread while the UI is imported here; the
    # demo talks to its simulator in-process and needs none.
    tls = None if args.demo else start_tls_context()
    from .ui.app import KamatuiApp

    try:
        config, session, warnings = prepare(args, paths, tls)
    except (ConfigError, UnusableApiUrl) as exc:
        print(f"kamatui: {exc}", file=sys.stderr)
        return 1

    app = KamatuiApp(paths=paths, config=config, session=session, warnings=warnings)
    app.run()
    return app.return_code or 0


def prepare(
    args: argparse.Namespace, paths: Paths, tls: Future[ssl.SSLContext] | None = None
) -> tuple[Config, Session | None, list[str]]:
    """The config, the session to start with (None: first run) and warnings.

    ``tls``, when given, is the TLS context being built for the session.
    """
    if args.demo:
        if args.profile or args.api_url:
            raise ConfigError(
                None, "--demo cannot be combined with --profile or --api-url"
            )
        return Config(), demo_session(), []

    config = load_config(paths.config_file)
    warnings = []
    if config is not None and readable_by_others(paths.config_file):
        warnings.append(
            f"{paths.config_file} can be read by other users; "
            f"run: chmod 600 {paths.config_file}"
        )

    if args.api_url is not None:
        return config or Config(), _url_session(args, config, paths, tls), warnings

    if config is None and args.profile:
        raise ConfigError(
            paths.config_file,
            f"no config file, so no profile {args.profile!r}",
            "run kamatui without --profile to create one",
        )
    if config is None or not config.profiles:
        from_environment = environment_profile()
        if from_environment is not None:
            return (
                config or Config(),
                _session_for(from_environment, paths, tls),
                warnings,
            )
        return config or Config(), None, warnings

    profile = config.profile(args.profile, paths.config_file)
    return config, _session_for(profile, paths, tls), warnings


def _url_session(args, config: Config | None, paths: Paths, tls=None) -> Session:
    """``--api-url``: the environment's key, or that of ``--profile`` if named.

    The default profile's key is never used here: it would go to whatever
    URL the command line names.
    """
    url = check_api_url(args.api_url)
    if args.profile:
        if config is None:
            raise ConfigError(paths.config_file, f"no profile named {args.profile!r}")
        profile = config.profile(args.profile, paths.config_file)
        return _session_for(replace(profile, api_url=url), paths, tls)

    profile = Profile(name=display_host(url), api_url=url)
    try:
        credentials = profile.credentials()
    except ConfigError:
        raise ConfigError(
            None,
            "--api-url needs an API key",
            f"set {ENV_CLIENT_ID} and {ENV_SECRET}, or add --profile NAME "
            "to use that profile's key",
        ) from None
    return profile_session(profile, credentials, paths, tls=_built(tls))


def _session_for(profile: Profile, paths: Paths, tls=None) -> Session:
    try:
        credentials = profile.credentials()
    except ConfigError as exc:
        raise ConfigError(paths.config_file, exc.detail, exc.fix) from None
    return profile_session(profile, credentials, paths, tls=_built(tls))


def _built(tls: Future[ssl.SSLContext] | None) -> ssl.SSLContext | None:
    """The context, once built; None (httpx builds its own) if it failed."""
    if tls is None:
        return None
    try:
        return tls.result()
    except (OSError, ssl.SSLError) as exc:
        log.warning("the TLS context could not be built ahead: %s", exc)
        return None


if __name__ == "__main__":
    sys.exit(main())
