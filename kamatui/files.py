"""Writing kamatui's own files so that a crash never leaves half of one.

Imports no Textual.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
