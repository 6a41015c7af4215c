"""The action ledger: every change the app sent, and how it ended.

One JSON object per line in ``ledger.jsonl`` under the state directory, for
every profile, and never rewritten: an action is appended when its request
goes out (or is refused), and its outcome is appended as a line of its own
when the queued command ends. Each line is a single ``write`` to a file
opened with ``O_APPEND``, so two kamatui processes never mix their lines. A
line that cannot be read (a crash mid-write, a hand edit) is skipped and
counted, never fatal. A demo session keeps its ledger in memory.

Secrets never reach it: parameters arrive masked, and the raw secret values
of an action are masked again in anything recorded with it. Imports no
Textual.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .api.wire import clean_text
from .files import NotRegularFile, open_regular
from .logs import MASK, secret_filter

log = logging.getLogger(__name__)

LEDGER_FILE_NAME = "ledger.jsonl"
MAX_READ_BYTES = 8 * 1024 * 1024
"""Only the newest part of a larger ledger is read, so the screen opens fast.

About 20,000 actions with their outcomes; reading that much takes about half
a second (``benchmarks/ledger_bench.py``)."""

SENT = "sent"
"""Sent, and its queued command has not ended yet."""
COMPLETE = "complete"
LOST = "lost"
REFUSED = "refused"
"""The API answered with an error: nothing was queued."""
NOT_SENT = "not sent"
"""Confirmed, but stopped before it left: read-only, or no connection."""
SENDING = "sending"
"""On its way; a line with what came of it follows. Left alone, it means
kamatui stopped (quit, a lost SSH session, a crash) before the answer, so
the change may or may not have been made."""
TASK_OUTCOMES = frozenset({COMPLETE, "error", "cancelled", LOST})

ACTION, OUTCOME = "action", "outcome"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class Attempt:
    """A change about to be recorded: what, on which server, with what."""

    operation: str
    server_id: str
    server_name: str
    parameters: Mapping[str, str]
    """As sent, secrets already masked."""
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """The raw secret values, masked wherever they might still show up."""


@dataclass(frozen=True, slots=True)
class Action:
    """One recorded change with its latest outcome."""

    at: datetime
    session: str
    profile: str
    server_id: str
    server_name: str
    operation: str
    parameters: Mapping[str, str]
    command_id: int | None
    outcome: str
    detail: str = ""
    ended_at: datetime | None = None

    @property
    def pending(self) -> bool:
        return self.outcome == SENT


@dataclass(frozen=True, slots=True)
class Reading:
    """What the ledger holds, newest first, and what could not be read."""

    actions: list[Action]
    skipped: int = 0
    """Lines that were not valid ledger lines."""
    older_left_out: bool = False
    """The file was larger than ``MAX_READ_BYTES``; its start was not read."""


def new_session() -> str:
    """An id for one run of the app, kept across profile switches."""
    return uuid.uuid4().hex[:12]


def ledger_file(state_dir: Path) -> Path:
    return state_dir / LEDGER_FILE_NAME


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


class Ledger:
    """The ledger as one session sees it; ``path`` None keeps it in memory."""

    def __init__(
        self,
        path: Path | None,
        profile: str,
        *,
        clock: Callable[[], float] = time.time,
        session: str | None = None,
    ) -> None:
        self.path = path
        self.profile = profile
        self.session = session or new_session()
        """Marks this session's actions apart from earlier ones."""
        self._clock = clock
        self._memory: list[str] = []
        self._secrets: dict[int, tuple[str, ...]] = {}
        """Secret values of this session's commands, to mask their outcomes."""
        self._sending: dict[tuple[str, str, str], str] = {}
        """The attempt id of each change on its way, by server and operation."""
        self.write_error: str | None = None
        """Why the last append failed, or None."""

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), tz=UTC)

    def record_sending(self, attempt: Attempt) -> bool:
        """Append the change as on its way, before it is sent.

        The line that says what came of it replaces this one when the
        ledger is read; without one, the ledger still shows the change.
        """
        attempt_id = uuid.uuid4().hex[:12]
        self._sending[_key(attempt)] = attempt_id
        return self.record(attempt, outcome=SENDING, attempt_id=attempt_id)

    def record(
        self,
        attempt: Attempt,
        *,
        command_id: int | None = None,
        outcome: str = SENT,
        detail: str = "",
        attempt_id: str | None = None,
    ) -> bool:
        """Append an action; False when it could not be written."""
        if attempt_id is None:
            attempt_id = self._sending.pop(_key(attempt), None)
        row = {
            "kind": ACTION,
            "at": utc_text(self.now()),
            "session": self.session,
            "profile": self.profile,
            "server_id": attempt.server_id,
            "server_name": attempt.server_name,
            "operation": attempt.operation,
            "parameters": {
                key: masked(str(value), attempt.secrets)
                for key, value in attempt.parameters.items()
            },
            "command_id": command_id,
            "outcome": outcome,
            "detail": masked(detail, attempt.secrets),
        }
        if attempt_id:
            row["attempt"] = attempt_id
        if command_id is not None and attempt.secrets:
            self._secrets[command_id] = attempt.secrets
        return self._append(row)

    def record_outcome(self, command_id: int, outcome: str, detail: str = "") -> bool:
        """Append how this profile's command ended; False when not written."""
        row = {
            "kind": OUTCOME,
            "at": utc_text(self.now()),
            "profile": self.profile,
            "command_id": command_id,
            "outcome": outcome,
            "detail": masked(detail, self._secrets.pop(command_id, ())),
        }
        return self._append(row)

    def read(self) -> Reading:
        """Every action with its outcome, newest first; never raises."""
        if self.path is None:
            return parse_lines(self._memory)
        try:
            text, cut = read_tail(self.path, MAX_READ_BYTES)
        except FileNotFoundError:
            return Reading([])
        except OSError as exc:
            log.warning("cannot read the ledger %s: %s", self.path, exc)
            return Reading([])
        reading = parse_lines(text.split("\n")[1 if cut else 0 :])
        return replace(reading, older_left_out=cut)

    def _append(self, row: dict[str, Any]) -> bool:
        line = json.dumps(row, separators=(",", ":")) + "\n"
        if self.path is None:
            self._memory.append(line)
            return True
        try:
            append_line(self.path, line)
        except OSError as exc:
            log.warning("cannot write to the ledger %s: %s", self.path, exc)
            self.write_error = str(exc)
            return False
        self.write_error = None
        return True


def _key(attempt: Attempt) -> tuple[str, str, str]:
    return (attempt.server_id, attempt.server_name, attempt.operation)


def masked(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with the given secret values and credential-like parts hidden."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return secret_filter.mask(text)


# The file


def append_line(path: Path, line: str) -> None:
    """Add one line in one write, private to the user (mode 0600).

    If the file ends in the middle of a line (a crash while writing), a
    newline goes first so the new line stays readable on its own.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o600)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            # A line written to a FIFO would be lost, and the mode of a
            # device is not ours to change.
            raise NotRegularFile(path, mode)
        os.fchmod(fd, 0o600)
        data = line.encode("utf-8")
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(f"only {written} of {len(data)} bytes were written")
    finally:
        os.close(fd)


def read_tail(path: Path, limit: int) -> tuple[str, bool]:
    """The file's text, or its last ``limit`` bytes; True when cut."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        cut = size > limit
        if cut:
            handle.seek(size - limit)
        data = handle.read(limit) if cut else handle.read()
    return data.decode("utf-8", errors="replace"), cut


# Reading lines back


def parse_lines(lines: Iterable[str]) -> Reading:
    """Actions joined with their outcomes; bad lines counted, not fatal.

    An outcome belongs to the newest earlier action of the same profile and
    command id. One whose action is not there (written before the ledger
    existed, or cut off) is left out.
    """
    actions: list[Action] = []
    latest: dict[tuple[str, int], int] = {}
    sending: dict[str, int] = {}
    """Where each attempt's "sending" line stands, to be replaced."""
    skipped = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            kind = row.get("kind") if isinstance(row, dict) else None
            if kind == ACTION:
                action = _action(row)
                index = _place_of(row, action, actions, sending)
                if action.command_id is not None:
                    latest[(action.profile, action.command_id)] = index
            elif kind == OUTCOME:
                _apply_outcome(row, actions, latest)
            else:
                raise ValueError(f"unknown kind {kind!r}")
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            log.debug("skipping a ledger line: %s", exc)
            skipped += 1
    return Reading(list(reversed(actions)), skipped)


def _place_of(row: dict, action: Action, actions: list[Action], sending) -> int:
    """Put the action in the list: in its "sending" line's place, keeping
    the time it was sent, when it says how that attempt went."""
    attempt = row.get("attempt")
    if isinstance(attempt, str) and attempt in sending:
        index = sending.pop(attempt)
        actions[index] = replace(action, at=actions[index].at)
        return index
    if isinstance(attempt, str) and action.outcome == SENDING:
        sending[attempt] = len(actions)
    actions.append(action)
    return len(actions) - 1


def _apply_outcome(row: dict, actions: list[Action], latest: dict) -> None:
    key = (_text(row, "profile"), _command_id(row))
    outcome, detail = _text(row, "outcome"), _text(row, "detail", lines=True)
    index = latest.get(key)
    if index is None:
        return
    action = actions[index]
    actions[index] = replace(
        action,
        outcome=outcome,
        detail=detail or action.detail,
        ended_at=_time(row),
    )


def _action(row: dict) -> Action:
    parameters = row.get("parameters", {})
    if not isinstance(parameters, dict):
        raise ValueError("parameters is not an object")
    return Action(
        at=_time(row),
        session=_text(row, "session"),
        profile=_text(row, "profile"),
        server_id=_text(row, "server_id"),
        server_name=_text(row, "server_name"),
        operation=_text(row, "operation"),
        parameters={
            clean_text(key): clean_text(value) for key, value in parameters.items()
        },
        command_id=_command_id(row),
        outcome=_text(row, "outcome"),
        detail=_text(row, "detail", lines=True),
    )


def _text(row: dict, key: str, *, lines: bool = False) -> str:
    """A text field with control characters replaced, as API data's are.

    Anyone who can write to the file could otherwise send escape sequences
    to the terminal through the ledger screen, a toast or a timeline.
    """
    value = row.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return clean_text(value, keep_newlines=lines)


def _command_id(row: dict) -> int | None:
    value = row.get("command_id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("command_id is not a number")
    return value


def _time(row: dict) -> datetime:
    """The moment in UTC, which every screen and timeline shows it in."""
    moment = datetime.fromisoformat(_text(row, "at"))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # Year 1 or 9999 with an offset: no UTC time to show.
        raise ValueError(f"{moment} is out of range in UTC") from None
