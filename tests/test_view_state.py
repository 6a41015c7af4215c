"""The view state file: round trips, and damage costs only the damaged field."""

from __future__ import annotations

import json

from kamatui.view_state import (
    MAX_JUMPS,
    ViewState,
    ViewStore,
    read_view_state,
    view_state_file,
)
from tests.state_files import DEEP_NESTING, make_fifo, without_waiting


def test_changes_are_written_and_read_back(tmp_path):
    """A new store on the same file sees what the last one changed."""
    path = view_state_file(tmp_path, "prod eu")
    store = ViewStore(path)
    store.update(sort_key="dc", sort_reverse=True, filter="web")
    store.update(screen="detail", server_id="EU-7")
    store.remember_jump("server:EU-7")

    again = ViewStore(path).state
    assert again == ViewState(
        sort_key="dc",
        sort_reverse=True,
        filter="web",
        screen="detail",
        server_id="EU-7",
        jumps=("server:EU-7",),
    )
    assert path.name == "view-prod_eu.json"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_store_without_a_file_keeps_state_in_memory(tmp_path):
    """A demo's store writes nothing anywhere."""
    store = ViewStore(None)
    store.update(filter="db")
    assert store.state.filter == "db"
    assert list(tmp_path.iterdir()) == []


def test_jumps_are_newest_first_without_repeats_and_bounded():
    """Choosing an entry again moves it to the front; the oldest fall off."""
    state = ViewState()
    for number in range(MAX_JUMPS + 5):
        state = state.with_jump(f"server:{number}")
    state = state.with_jump("server:10")
    assert state.jumps[0] == "server:10"
    assert len(state.jumps) == MAX_JUMPS
    assert state.jumps.count("server:10") == 1
    assert "server:0" not in state.jumps


def test_damaged_fields_fall_back_one_by_one(tmp_path):
    """Wrong types, control characters and unknown screens are dropped;
    the good fields stay."""
    path = tmp_path / "view.json"
    path.write_text(
        json.dumps(
            {
                "sort_key": 7,
                "sort_reverse": "yes",
                "filter": "dc:EU",
                "screen": "detail",
                "server_id": "",
                "jumps": ["screen:ledger", 3, "bad\x1b]0;x\x07", ""],
                "extra": True,
            }
        )
    )
    state = read_view_state(path)
    assert state.sort_key == "name" and state.sort_reverse is False
    assert state.filter == "dc:EU"
    assert state.screen == "servers"  # a detail screen needs a server id
    assert state.jumps == ("screen:ledger",)


def test_a_file_that_is_not_json_gives_the_defaults(tmp_path):
    """A half-written or foreign file is ignored, never fatal."""
    for text in ("{not json", "[1, 2]", "\xff\xfe"):
        path = tmp_path / "view.json"
        path.write_text(text, encoding="latin-1")
        assert read_view_state(path) == ViewState()
    assert read_view_state(tmp_path / "missing.json") == ViewState()


def test_deeply_nested_json_gives_the_defaults(tmp_path, caplog):
    """json.loads raises RecursionError on it, which is not a ValueError."""
    path = tmp_path / "view.json"
    path.write_text(DEEP_NESTING)
    assert read_view_state(path) == ViewState()
    assert "nested too deeply" in caplog.text


def test_a_fifo_is_ignored_without_waiting_for_a_writer(tmp_path, caplog):
    """Opening a FIFO blocks until something writes to it; kamatui never waits."""
    path = make_fifo(tmp_path / "view.json")
    assert without_waiting(lambda: read_view_state(path), path) == ViewState()
    assert "a FIFO, not a regular file" in caplog.text

    store = ViewStore(path)
    store.update(filter="web")
    assert read_view_state(path).filter == "web"  # saving replaced it
