"""kamatui as a real program in a pseudo-terminal, with every byte it writes kept.

A pseudo-terminal rather than tmux: tmux redraws from its own copy of the
screen, so what reaches a user's terminal over SSH is only what the app
writes to its own terminal, which is what is counted here.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

from processes import BYTECODE_CACHING, VENV_BIN, SimAccount, wait_until_gone

TERMINAL_SIZE = (80, 24)
TAIL_BYTES = 1 << 20
"""How much of the latest output is kept to look for text in."""
PROFILE = "bench"
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)")


def write_config(home: Path, account: SimAccount, refresh_seconds: float) -> None:
    """One profile on the simulator, with its key, as a user's config file."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.toml"
    config.write_text(
        f'default_profile = "{PROFILE}"\n'
        f"refresh_seconds = {refresh_seconds:g}\n"
        f"[profiles.{PROFILE}]\n"
        f'api_url = "{account.url}"\n'
        f'client_id = "{account.client_id}"\n'
        f'secret = "{account.secret}"\n'
    )
    config.chmod(0o600)


def kamatui_env(home: Path) -> dict[str, str]:
    """The environment a user's shell would give it, relocated to ``home``."""
    keep = ("PATH", "LANG", "LC_ALL", "PYTHONPATH")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    return {
        **env,
        **BYTECODE_CACHING,
        "HOME": str(home),
        "KAMATUI_HOME": str(home),
        "TERM": "xterm-256color",
    }


class PtyApp:
    """A program on the slave side of a pty; the benchmark is its terminal.

    Nothing answers the program's terminal queries, as with some terminals;
    Textual goes on without the answers.
    """

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self._command = command
        self._env = env
        self._master = -1
        self._process: subprocess.Popen | None = None
        self.writes: list[tuple[float, int]] = []
        """(monotonic time, bytes) for every read from the terminal."""
        self.written = 0
        self._tail = bytearray()

    @classmethod
    def kamatui(cls, home: Path) -> PtyApp:
        return cls([str(VENV_BIN / "kamatui")], kamatui_env(home))

    @property
    def pid(self) -> int:
        return self._process.pid

    def start(self) -> None:
        master, slave = os.openpty()
        width, height = TERMINAL_SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        try:
            self._process = subprocess.Popen(
                self._command,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._env,
                start_new_session=True,
            )
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self._master = master

    def pump(self, timeout: float) -> None:
        """Read whatever the program writes within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._master], [], [], left)[0]:
                return
            try:
                data = os.read(self._master, 65536)
            except BlockingIOError:
                continue
            except OSError:  # EIO: the program closed its terminal
                data = b""
            if not data:
                if not self.running():
                    raise RuntimeError(f"kamatui exited:\n{self.screen_text()}")
                continue
            self._keep(data)

    def _keep(self, data: bytes) -> None:
        self.writes.append((time.monotonic(), len(data)))
        self.written += len(data)
        self._tail += data
        del self._tail[:-TAIL_BYTES]

    def seen(self, text: bytes, since: int = 0) -> bool:
        """Whether ``text`` was written after the first ``since`` bytes."""
        return text in self.output_since(since)

    def output_since(self, since: int) -> bytes:
        """What was written after the first ``since`` bytes, as far as kept."""
        return bytes(self._tail[max(0, len(self._tail) - (self.written - since)) :])

    def wait_for(self, text: bytes, timeout: float, since: int = 0) -> float:
        """Pump until ``text`` shows; the moment it did."""
        deadline = time.monotonic() + timeout
        while not self.seen(text, since):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{text!r} never showed; the latest output:\n{self.screen_text()}"
                )
            self.pump(0.05)
        return time.monotonic()

    def bytes_between(self, start: float, end: float) -> int:
        return sum(size for moment, size in self.writes if start <= moment < end)

    def send(self, keys: bytes) -> None:
        os.write(self._master, keys)

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def screen_text(self, limit: int = 2000) -> str:
        """The latest output without escape sequences, for error messages."""
        plain = ESCAPES.sub(b" ", bytes(self._tail[-20 * limit :]))
        return re.sub(r"\s+", " ", plain.decode("utf-8", "replace"))[-limit:]

    def stop(self) -> None:
        """Quit as a user would (q), or end it if it does not go."""
        if self._process is None:
            return
        if self.running():
            try:
                self.send(b"q")
                self.pump(0.2)
            except (OSError, RuntimeError):
                pass
            wait_until_gone(self._process.pid, timeout=5)
        self._process.wait()
        os.close(self._master)
        self._process = None
