"""The matrix's columns: each way a call can fail, and the words that name it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mode:
    id: str
    header: str
    """The column heading in the printed table."""
    sim_mode: str | None = None
    """The simulator's fault mode, or None when the fault is made elsewhere."""
    socket: bool = False
    """Run the simulator over loopback: the fault only shows on a socket."""
    refuses: bool = False
    """Refuse the connection (done by the client's transport, not the simulator)."""
    words: tuple[str, ...] = ()
    """What went wrong, as the user must read it: one of these, lower-cased."""


MODES = (
    Mode("500", "500", "server_error", words=("error occurred",)),
    Mode("502", "502", "bad_gateway", words=("http 502",)),
    Mode("503", "503", "unavailable", words=("http 503",)),
    Mode("429", "429", "rate_limit", words=("too many requests",)),
    Mode("hang", "hang", "hang", socket=True, words=("no answer in time",)),
    Mode("refused", "refused", socket=True, refuses=True, words=("could not connect",)),
    Mode("drop", "drop", "drop", socket=True, words=("connection dropped",)),
    Mode("malformed", "bad json", "malformed", words=("not valid json",)),
    Mode("expired", "token", "expire_token", words=("not logged in",)),
    Mode("window", "404 win", words=("not in the queue yet",)),
)
BY_ID = {mode.id: mode for mode in MODES}

REFUSAL_LIKE = frozenset({"500", "502", "503", "429", "refused", "expired"})
"""Modes after which nothing of a change was done: the API said no, or the
request never left."""
LANDED = frozenset({"drop", "malformed"})
"""Modes in which the API did the change but its answer never arrived whole."""
