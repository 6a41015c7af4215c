"""The filter language: words, regular expressions, fields, negation."""

from __future__ import annotations

import contextlib

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
