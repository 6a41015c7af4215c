"""The ledger file: appended line by line, private, and readable whatever happened."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from kamatui import ledger as ledger_module
from kamatui.ledger import (
    COMPLETE,
    REFUSED,
    SENDING,
    SENT,
    Attempt,
    Ledger,
    ledger_file,
    parse_lines,
)
from tests.state_files import HOSTILE, make_fifo, without_waiting

POWER_OFF = Attempt("Power off", "EU-1", "web-1", {"power": "off"})


class Clock:
    def __init__(self, start: float = 1_764_790_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def path(tmp_path):
    return ledger_file(tmp_path / "state")


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_an_action_and_its_outcome_are_two_lines_read_back_as_one(path):
    """Sent, then ended: the file grows by a line each time, the reading joins them."""
    clock = Clock()
    ledger = Ledger(path, "work", clock=clock)
    assert ledger.record(POWER_OFF, command_id=41)
    clock.now += 90
    assert ledger.record_outcome(41, COMPLETE)

    kinds = [row["kind"] for row in lines_of(path)]
    assert kinds == ["action", "outcome"]
    (action,) = ledger.read().actions
    assert (action.operation, action.command_id, action.outcome) == (
        "Power off",
        41,
        COMPLETE,
    )
    assert action.at == datetime(2025, 12, 3, 19, 26, 40, tzinfo=UTC)
    assert (action.ended_at - action.at).total_seconds() == 90
    assert lines_of(path)[0]["at"] == "2025-12-03T19:26:40Z"


def test_the_file_is_private_even_when_it_was_not(path):
    """Created 0600; an existing file readable by others is made 0600 again."""
    Ledger(path, "work").record(POWER_OFF, command_id=1)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    Ledger(path, "work").record(POWER_OFF, command_id=2)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_entry_is_one_write_of_one_line(path, monkeypatch):
    """os.write is called once per entry, with exactly one newline-ended line."""
    import os

    writes = []
    real_write = os.write

    def spy(fd, data):
        writes.append(data)
        return real_write(fd, data)

    monkeypatch.setattr(ledger_module.os, "write", spy)
    ledger = Ledger(path, "work")
    ledger.record(POWER_OFF, command_id=7)
    ledger.record_outcome(7, "error", "it broke\non two lines")
    assert len(writes) == 2
    assert all(data.endswith(b"\n") and data.count(b"\n") == 1 for data in writes)


def test_corrupt_and_partial_lines_are_skipped_and_counted(path):
    """Garbage, wrong types and a line cut mid-write: skipped, counted, no crash."""
    path.parent.mkdir(parents=True)
    good = Ledger(path, "work")
    good.record(POWER_OFF, command_id=1)
    with path.open("a") as handle:
        handle.write("not json at all\n")
        handle.write('{"kind": "action", "at": 12}\n')
        handle.write('{"kind": "mystery"}\n')
        handle.write("[" * 100_000 + "\n")
        handle.write('["a list"]\n')
        handle.write("\n")
        handle.write('{"kind": "action", "at": "2025-12-03T19:2')
    good.record(POWER_OFF, command_id=2)

    reading = good.read()
    assert [action.command_id for action in reading.actions] == [2, 1]
    assert reading.skipped == 6


def test_an_appended_line_after_a_cut_one_stays_readable(path):
    """A file ending mid-line gets a newline first, so the new entry is whole."""
    path.parent.mkdir(parents=True)
    path.write_text('{"kind": "action", "at"')
    Ledger(path, "work").record(POWER_OFF, command_id=3)
    reading = Ledger(path, "work").read()
    assert [a.command_id for a in reading.actions] == [3]
    assert reading.skipped == 1


def test_secret_values_are_masked_in_everything_recorded(path):
    """The raw password never reaches the file, even inside an error text."""
    secret = "Sup3rSecretPass99"
    attempt = Attempt(
        "Reset password",
        "EU-1",
        "web-1",
        {"password": "********"},
        secrets=(secret,),
    )
    ledger = Ledger(path, "work")
    ledger.record(attempt, outcome=REFUSED, detail=f"password {secret} is weak")
    ledger.record(attempt, command_id=9)
    ledger.record_outcome(9, "error", f"could not set {secret}")

    text = path.read_text()
    assert secret not in text
    assert "********" in text
    assert secret not in repr(attempt)


def test_an_outcome_joins_the_latest_action_of_its_own_profile(path):
    """Same command id in two profiles: each outcome goes to its own action."""
    clock = Clock()
    work, home = Ledger(path, "work", clock=clock), Ledger(path, "home", clock=clock)
    work.record(POWER_OFF, command_id=5)
    home.record(POWER_OFF, command_id=5)
    work.record_outcome(5, "error", "busy")
    work.record_outcome(404, COMPLETE)

    by_profile = {a.profile: a for a in Ledger(path, "x").read().actions}
    assert by_profile["work"].outcome == "error"
    assert by_profile["work"].detail == "busy"
    assert by_profile["home"].outcome == SENT
    assert Ledger(path, "x").read().skipped == 0


def test_a_ledger_without_a_file_keeps_everything_in_memory(tmp_path):
    """A demo's ledger: readable, and nothing on disk."""
    ledger = Ledger(None, "demo")
    ledger.record(POWER_OFF, command_id=1)
    ledger.record_outcome(1, COMPLETE)
    assert [a.outcome for a in ledger.read().actions] == [COMPLETE]
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_ledger_says_why_and_does_not_raise(tmp_path):
    """The ledger path is a directory: False, the reason kept, nothing raised."""
    path = tmp_path / "ledger.jsonl"
    path.mkdir()
    ledger = Ledger(path, "work")
    assert ledger.record(POWER_OFF, command_id=1) is False
    assert ledger.write_error
    assert ledger.read().actions == []


def test_only_the_newest_part_of_a_huge_file_is_read(path, monkeypatch):
    """Past the size limit the start is left out, and the cut line is not counted."""
    ledger = Ledger(path, "work")
    for command_id in range(50):
        ledger.record(POWER_OFF, command_id=command_id)
    monkeypatch.setattr(ledger_module, "MAX_READ_BYTES", 1000)
    reading = ledger.read()
    assert reading.older_left_out
    assert reading.skipped == 0
    assert 0 < len(reading.actions) < 50
    assert reading.actions[0].command_id == 49


def test_lines_are_split_on_newlines_only():
    """A name holding U+2028 stays one entry (str.splitlines would cut it)."""
    ledger = Ledger(None, "work")
    ledger.record(Attempt("Rename", "EU-1", "a\u2028b", {"name": "a\u2028b"}))
    (action,) = ledger.read().actions
    assert action.server_name == "a\u2028b"
    assert parse_lines(["", "  "]).skipped == 0


def test_ledger_timeline_and_info_do_not_import_textual():
    """They are read by `kamatui info` and tests without the UI."""
    code = (
        "import sys, kamatui.ledger, kamatui.timeline, kamatui.info;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_reading_a_small_ledger_does_not_reserve_the_whole_read_limit(path):
    """A few lines cost kilobytes, not the size limit (read(n) reserves n bytes)."""
    import tracemalloc

    Ledger(path, "work").record(POWER_OFF, command_id=1)
    tracemalloc.start()
    Ledger(path, "work").read()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1024 * 1024


def test_a_fifo_is_neither_read_nor_written(path, caplog):
    """Reading it would wait for a writer; a line written to it would be lost."""
    make_fifo(path)
    ledger = Ledger(path, "work")
    assert without_waiting(ledger.read, path).actions == []
    assert "a FIFO, not a regular file" in caplog.text
    assert without_waiting(lambda: ledger.record(POWER_OFF), path) is False
    assert "not a regular file" in ledger.write_error


def test_escape_sequences_in_ledger_lines_are_cleaned(path):
    """Names, operations, parameters and details reach the screen and toasts."""
    row = {
        "kind": "action",
        "at": "2025-12-03T19:12:04Z",
        "session": "s\x1b[2J",
        "profile": "work",
        "server_id": HOSTILE,
        "server_name": HOSTILE,
        "operation": "Power off\x1b[2J",
        "parameters": {"power\x1b]0;x\x07": "off\x9b31m"},
        "command_id": 1,
        "outcome": "sent\x07",
        "detail": "first\nsecond\x1b[5m",
    }
    outcome = {
        "kind": "outcome",
        "at": "2025-12-03T19:13:04Z",
        "profile": "work",
        "command_id": 1,
        "outcome": "error\x1b[31m",
        "detail": "busy\x1b]0;pwn\x07",
    }
    path.parent.mkdir(parents=True)
    path.write_text(f"{json.dumps(row)}\n{json.dumps(outcome)}\n")
    (action,) = Ledger(path, "work").read().actions
    texts = [
        action.session,
        action.server_id,
        action.server_name,
        action.operation,
        action.outcome,
        action.detail,
        *action.parameters,
        *action.parameters.values(),
    ]
    assert all(text.isprintable() for text in texts), texts
    assert action.operation == "Power off\ufffd[2J"


def test_a_multi_line_detail_keeps_its_lines():
    ledger = Ledger(None, "work")
    ledger.record(POWER_OFF, outcome=REFUSED, detail="Server is busy\ntry later")
    assert ledger.read().actions[0].detail == "Server is busy\ntry later"


def test_times_are_read_in_utc_and_unshowable_ones_skipped():
    """An offset is turned into UTC, as every screen labels it; a time with no
    UTC equivalent (year 1 ahead of UTC) is a bad line, not a crash later."""
    line = '{{"kind": "action", "at": "{}", "command_id": 1}}'
    reading = parse_lines(
        [
            line.format("2025-12-03T21:12:04+02:00"),
            line.format("0001-01-01T00:00:00+05:00"),
            line.format("9999-12-31T23:00:00-05:00"),
        ]
    )
    assert reading.skipped == 2
    assert reading.actions[0].at == datetime(2025, 12, 3, 19, 12, 4, tzinfo=UTC)
    assert reading.actions[0].at.utcoffset().total_seconds() == 0


def test_a_change_on_its_way_is_recorded_before_its_answer(path):
    """Written before it is sent; the answer's line takes its place, at the
    time it was sent, and its outcome still follows."""
    clock = Clock()
    ledger = Ledger(path, "work", clock=clock)
    assert ledger.record_sending(POWER_OFF)
    (on_its_way,) = Ledger(path, "work").read().actions
    assert on_its_way.outcome == SENDING

    clock.now += 3
    assert ledger.record(POWER_OFF, command_id=41)
    clock.now += 60
    ledger.record_outcome(41, COMPLETE)

    (action,) = Ledger(path, "work").read().actions
    assert (action.outcome, action.command_id) == (COMPLETE, 41)
    assert action.at == on_its_way.at
    assert [row["outcome"] for row in lines_of(path)] == [SENDING, SENT, COMPLETE]


def test_a_kamatui_stopped_mid_send_leaves_the_change_in_the_ledger(path):
    """No answer line (quit, lost SSH, crash): the change shows as sending,
    and the timeline says no answer was recorded."""
    from kamatui.timeline import outcome_text

    Ledger(path, "work").record_sending(POWER_OFF)
    (action,) = Ledger(path, "work").read().actions
    assert action.operation == "Power off" and action.outcome == SENDING
    assert outcome_text(action).startswith("no answer recorded")
