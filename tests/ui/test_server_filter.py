"""The filter language: words, regular expressions, fields, negation."""

from __future__ import annotations

import contextlib
import threading
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamatui.api.models import ServerInfo, ServerSummary
from kamatui.ui.server_filter import FilterError, parse_filter
from kamatui.ui.server_rows import ServerRows


@pytest.fixture
def rows():
    servers = ServerRows()
    servers.set_summaries(
        [
            ServerSummary("id-1", "web-01", "EU", "on"),
            ServerSummary("id-2", "web-02", "IL", "off"),
            ServerSummary("id-3", "db-1", "EU", "off"),
        ]
    )
    servers.set_detail(
        ServerInfo.from_api(
            {
                "id": "id-3",
                "name": "db-1",
                "cpu": "4B",
                "networks": [{"network": "wan-eu", "ips": ["185.1.2.3"]}],
            }
        )
    )
    return servers


def names(rows, query):
    return [str(row.cells[0]) for row in rows.rows(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("web", ["web-01", "web-02"]),
        ("WEB eu", ["web-01"]),
        ("~^web-0[2-9]$", ["web-02"]),
        ("dc:eu", ["db-1", "web-01"]),
        ("power:off", ["db-1", "web-02"]),
        ("!power:off", ["web-01"]),
        ("cpu:4b", ["db-1"]),
        ("ip:185.1", ["db-1"]),
        ("name:~\\d$ !web", ["db-1"]),
        ("!~web", ["db-1"]),
    ],
)
def test_terms(rows, query, expected):
    """Each kind of term, alone and combined."""
    assert names(rows, query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [("~[unclosed", "bad regular expression"), ("colour:red", "unknown field")],
)
def test_bad_terms_are_explained(query, message):
    """A broken regex or unknown field is a FilterError with a reason."""
    with pytest.raises(FilterError, match=message):
        parse_filter(query)


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_filter_error(text):
    """Whatever is typed, the filter never raises anything else."""
    with contextlib.suppress(FilterError):
        parse_filter(text)


async def test_a_bad_regex_is_shown_not_raised(app):
    """Typing an unfinished pattern says so and keeps the last rows."""
    from tests.ui.support import loaded, table_of

    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"~[ab")
        status = str(app.screen.query_one("#servers-status").content)
        assert "bad regular expression" in status
        assert table_of(app).row_count > 0
        assert app.is_running


def many_rows(count: int = 2000) -> ServerRows:
    servers = ServerRows()
    servers.set_summaries(
        ServerSummary(str(uuid.UUID(int=n)), f"worker-{n:04d}-{'o' * 40}", "EU", "on")
        for n in range(count)
    )
    return servers


@pytest.mark.parametrize(
    "query", ["~(.+)+z", "~([0-9a-f-]+)+z", "~(o+)+$x", "~(a|aa)+$"]
)
def test_a_runaway_expression_ends_with_rows_or_a_message(query):
    """Patterns that backtrack without end under Python's re come back, with
    rows or a FilterError, instead of freezing the app (run on a thread here
    so a hang fails the test rather than the run)."""
    servers = many_rows()
    outcome = []

    def apply():
        try:
            outcome.append(servers.rows(query))
        except FilterError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=apply, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), f"{query} never finished"
    assert outcome


def test_a_search_over_its_time_says_so(monkeypatch):
    """One search over its limit: the filter line says to simplify it."""
    from kamatui.ui import server_filter

    monkeypatch.setattr(server_filter, "SEARCH_TIMEOUT", 1e-9)
    with pytest.raises(FilterError, match="takes too long to match"):
        many_rows(10).rows("~(a|aa)+$")


def test_a_pass_over_its_budget_says_so(monkeypatch):
    """Thousands of slow-ish searches add up: the whole pass has a budget."""
    from kamatui.ui import server_filter

    monkeypatch.setattr(server_filter, "PASS_BUDGET", 0.0)
    with pytest.raises(FilterError, match="takes too long over this many"):
        many_rows(600).rows("~worker")
