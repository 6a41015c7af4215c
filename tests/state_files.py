"""Damaged state files, shared by the tests of each file's reader."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DEEP_NESTING = "[" * 100_000 + "]" * 100_000
"""Valid JSON that json.loads cannot read without a RecursionError."""

HOSTILE = "x\x1b]0;pwn\x07\x1b[2J"
"""An escape sequence that would retitle the window and clear the screen."""


def make_fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def without_waiting(call: Callable[[], Any], fifo: Path, seconds: float = 5.0) -> Any:
    """``call()``'s result, failing the test if it sits waiting on ``fifo``.

    A reader blocked in ``open`` is let go by opening the FIFO for writing,
    so a failing test ends instead of hanging the run.
    """
    result: list[Any] = []
    raised: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass
        worker.join(seconds)
        pytest.fail(f"blocked for {seconds:g} s opening the FIFO {fifo}")
    if raised:
        raise raised[0]
    return result[0]
