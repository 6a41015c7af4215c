"""Writing kamatui's own files so that a crash never leaves half of one.

Imports no Textual.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
"""O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer."""


class NotRegularFile(OSError):
    """A state path holds a FIFO, a device, a socket or a directory."""

    def __init__(self, path: Path, mode: int) -> None:
        super().__init__(
            f"{path} is {file_kind(mode)}, not a regular file; remove it and "
            "kamatui makes a new one"
        )


def write_private(path: Path, content: str | bytes) -> None:
    """Replace ``path`` atomically with a file only its owner can read.

    The content goes to a temporary file beside it (``mkstemp`` makes it
    0600 whatever the umask), which then takes the path's place in one
    rename: a reader sees the old file or the new one, never a mix.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def per_profile(directory: Path, stem: str, profile_name: str) -> Path:
    """``stem-<profile>.json`` in ``directory``, safe whatever the name holds."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in profile_name)
    return directory / f"{stem}-{safe}.json"


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading, but only if it is a regular file.

    A FIFO left where a state file belongs would block a plain ``open`` until
    something writes to it, so the file is opened without blocking and then
    looked at through its descriptor: nothing can swap it in between.
    """
    fd = os.open(path, READ_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_text(path: Path) -> str:
    """The UTF-8 text of a regular file; ``NotRegularFile`` for anything else."""
    with open_regular(path) as handle:
        return handle.read().decode("utf-8")


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words for a log line or ``kamatui info``."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
