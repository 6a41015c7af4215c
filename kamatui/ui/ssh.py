"""Handing the terminal to ``ssh`` (or the configured command) for one server.

The config's ``ssh_command`` is a template: ``{ip}``, ``{name}`` and ``{id}``
are replaced by shell-quoted values and the result is split into words the
way a shell would, then run directly, with no shell in between. The app is
suspended while it runs and comes back as it was.

A value inside quotes the template itself wrote (``sh -c 'ping {ip}'``) is
quoted twice; that is fine for IPs and ids, which need no quoting, but a
server name with spaces or quotes will not survive it.
"""

from __future__ import annotations

import logging
import os
import shlex
import signal
import string
import subprocess
from contextlib import contextmanager

from textual.app import App, SuspendNotSupported

from .target import Target

log = logging.getLogger(__name__)


class NoAddress(Exception):
    """The command needs an address the app does not have (yet)."""


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def command_for(template: str, target: Target) -> list[str]:
    """The argument list for this server.

    Raises:
        NoAddress: the template wants ``{ip}`` and the server has none known.
    """
    ip = ""
    if "ip" in placeholders(template):
        if target.info is None:
            raise NoAddress(
                f"The details of {target.name} are still loading; its public IP "
                "is not known yet. Try again in a moment."
            )
        if not target.info.public_ips:
            raise NoAddress(f"{target.name} has no public IP address.")
        ip = target.info.public_ips[0]

    values = {"ip": ip, "name": target.name, "id": target.id}
    quoted = {key: shlex.quote(value) for key, value in values.items()}
    return shlex.split(template.format_map(quoted))


def open_shell(app: App, target: Target | None, template: str) -> None:
    """Suspend the app, run the command, and say how it ended if it failed."""
    if target is None:
        app.notify("No server selected.", timeout=3)
        return
    try:
        argv = command_for(template, target)
    except NoAddress as exc:
        app.notify(str(exc), severity="warning", timeout=5, markup=False)
        return
    except ValueError as exc:
        app.notify(f"ssh_command cannot be used: {exc}", severity="error")
        return

    # Only the program's name is logged or shown: the rest may hold a password.
    program = argv[0]
    log.info("running %s for server %s", program, target.id)
    try:
        with app.suspend():
            print(
                f"kamatui: {os.path.basename(program)} for {target.name}; "
                "kamatui returns when it ends."
            )
            problem = _run(argv)
    except SuspendNotSupported:
        app.notify(
            "This terminal cannot be handed to another program (suspending is "
            "not supported here, as in a browser or a headless run).",
            title="SSH",
            severity="warning",
            timeout=8,
            markup=False,
        )
        return

    if problem:
        app.notify(problem, title="SSH", severity="error", timeout=10, markup=False)


def _run(argv: list[str]) -> str:
    """Run to the end; never raises, since the app must resume whatever happens.

    Returns what went wrong in words, or "" for a clean exit.
    """
    program = argv[0]
    try:
        with _ctrl_c_for_the_child():
            code = subprocess.run(argv, check=False).returncode
    except FileNotFoundError:
        return f"{program} was not found; check ssh_command in the config file."
    except PermissionError:
        return f"{program} cannot be run (permission denied)."
    except OSError as exc:
        return f"{program} could not be started: {exc.strerror or exc}."
    except ValueError as exc:  # a NUL byte in the command, say
        return f"ssh_command cannot be run: {exc}; check it in the config file."

    if code < 0:
        return f"{program} was ended by {_signal_name(-code)}."
    if code:
        return f"{program} exited with status {code}."
    return ""


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@contextmanager
def _ctrl_c_for_the_child():
    """Let Ctrl+C reach the command without ending the app.

    While the app is suspended the terminal sends SIGINT to every process in
    the foreground group, this one included. A Python handler (unlike
    ignoring the signal) is reset to the default in the child when it starts,
    so the command can still be interrupted.
    """
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
