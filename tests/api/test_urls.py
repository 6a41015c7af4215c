"""API base URLs: what is refused before any credential is sent."""

from __future__ import annotations

import pytest

from kamatui.api.urls import UnusableApiUrl, check_api_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:18801/service?x=1#frag",
        "http://127.0.0.1:18801/service?x=1",
        "http://127.0.0.1:18801/service#frag",
        "https://console.kamatera.com/service?",
        "https://console.kamatera.com/service/#",
        "https://console.kamatera.com?x=1",
    ],
)
def test_a_query_string_or_fragment_is_refused(url):
    """Every call would fail with a 307; say to drop them instead."""
    with pytest.raises(UnusableApiUrl, match="query string or fragment; drop"):
        check_api_url(url)


def test_the_refusal_names_the_url_without_the_query():
    """The query may hold a token: the message shows only the part to keep."""
    with pytest.raises(UnusableApiUrl) as caught:
        check_api_url("http://127.0.0.1:18801/service?token=abc123#part-two")
    message = str(caught.value)
    assert "'http://127.0.0.1:18801/service'" in message
    assert "abc123" not in message and "part-two" not in message
