"""What the user was looking at, kept per profile across restarts.

The sort, the filter, the last screen (and its server) and the jump
prompt's history are written to a small JSON file in the state directory
whenever they change, so a restarted kamatui, or a new SSH session after a
lost one, opens where the last one was. A damaged or foreign file is
ignored, field by field, never fatal; a FIFO or other special file there is
ignored, never waited on. Imports no Textual.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .files import per_profile, read_regular_text, write_private

log = logging.getLogger(__name__)

MAX_JUMPS = 20
"""Jump-prompt entries kept, newest first."""
MAX_TEXT = 500
"""Longer strings in the file are ignored: no filter or name is that long."""

SCREENS = ("servers", "detail", "snapshots", "library", "ledger")
"""The screens a restart reopens; the detail-like ones need a server id."""
SERVER_SCREENS = ("detail", "snapshots", "library")


@dataclass(frozen=True, slots=True)
class ViewState:
    sort_key: str = "name"
    sort_reverse: bool = False
    filter: str = ""
    screen: str = "servers"
    server_id: str = ""
    """The server the detail, snapshot or library screen showed."""
    jumps: tuple[str, ...] = field(default_factory=tuple)
    """What was chosen in the jump prompt, newest first."""

    def with_jump(self, entry: str) -> ViewState:
        """Move ``entry`` to the front of the history."""
        kept = [jump for jump in self.jumps if jump != entry]
        return replace(self, jumps=(entry, *kept)[:MAX_JUMPS])


def view_state_file(state_dir: Path, profile_name: str) -> Path:
    return per_profile(state_dir, "view", profile_name)


def read_view_state(path: Path | None) -> ViewState:
    """The saved state, or the defaults for whatever is missing or wrong."""
    if path is None:
        return ViewState()
    try:
        raw = json.loads(read_regular_text(path))
    except FileNotFoundError:
        return ViewState()
    except (OSError, ValueError) as exc:
        log.warning("ignoring the unreadable view state %s: %s", path, exc)
        return ViewState()
    except RecursionError:
        # Deep nesting ("[[[[..."), which no view state written by kamatui has.
        log.warning("ignoring the view state %s: nested too deeply", path)
        return ViewState()
    if not isinstance(raw, dict):
        log.warning("ignoring the view state %s: not a JSON object", path)
        return ViewState()
    return _from_document(raw)


def _from_document(raw: dict[str, Any]) -> ViewState:
    """Keep each field that has the right type and a sane value."""
    defaults = ViewState()
    values: dict[str, Any] = {}
    for item in fields(ViewState):
        value = raw.get(item.name)
        default = getattr(defaults, item.name)
        if item.name == "jumps":
            if isinstance(value, list):
                values["jumps"] = tuple(
                    entry for entry in value if _sane_text(entry) and entry
                )[:MAX_JUMPS]
        elif type(value) is type(default) and (
            not isinstance(value, str) or _sane_text(value)
        ):
            values[item.name] = value
    state = replace(defaults, **values)
    if state.screen not in SCREENS or (
        state.screen in SERVER_SCREENS and not state.server_id
    ):
        state = replace(state, screen="servers", server_id="")
    return state


def _sane_text(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT and value.isprintable()


class ViewStore:
    """The current state and its file; None as the path keeps it in memory."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.state = read_view_state(path)
        self.saved = self.state
        """The state as the last run left it: the screen to reopen, read
        before this run's first screen is recorded over it."""

    def update(self, **changes: Any) -> None:
        """Change some fields and write the file, if anything changed."""
        new = replace(self.state, **changes)
        if new != self.state:
            self.state = new
            self._save()

    def remember_jump(self, entry: str) -> None:
        new = self.state.with_jump(entry)
        if new != self.state:
            self.state = new
            self._save()

    def _save(self) -> None:
        if self.path is None:
            return
        document = asdict(self.state)
        document["jumps"] = list(self.state.jumps)
        try:
            write_private(self.path, json.dumps(document, indent=1))
        except OSError as exc:
            log.warning("could not save the view state to %s: %s", self.path, exc)
