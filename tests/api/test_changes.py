"""Changes as they will be sent, shown and copied."""

from __future__ import annotations

import shlex

import pytest

from kamatui.api import InvalidInput, changes


def test_password_is_masked_for_display_and_a_variable_in_curl():
    """The secret value appears in neither the review nor the curl text."""
    change = changes.set_password("abc", "Sup3rSecretPass")
    assert change.masked_fields() == {"password": "********"}
    assert "Sup3rSecretPass" not in repr(change)
    curl = change.curl("https://console.kamatera.com/service")
    assert "Sup3rSecretPass" not in curl
    assert "$KAMATUI_PASSWORD" in curl


def test_curl_uses_credential_variables_and_parses_as_shell():
    """Credentials are environment references; the words split as sent."""
    curl = changes.terminate("abc", force=True).curl("http://h/service/")
    words = shlex.split(curl)
    assert words[:4] == [
        "curl",
        "-X",
        "DELETE",
        "http://h/service/server/abc/terminate",
    ]
    assert "AuthSecret: $KAMATERA_API_SECRET" in words
    assert words[-4:] == [
        "--data-urlencode",
        "confirm=1",
        "--data-urlencode",
        "force=1",
    ]


def test_shown_fields_are_what_the_wire_carries():
    """provision=True goes out as 1, and the review says 1."""
    assert changes.add_disk("x", 20).masked_fields() == {"size": "20", "provision": "1"}


def test_terminate_without_force_sends_only_confirm():
    """force is added only when asked for."""
    assert changes.terminate("x", force=False).fields == {"confirm": 1}


@pytest.mark.parametrize(
    "build",
    [
        lambda: changes.rename("x", "no"),
        lambda: changes.set_password("x", "weak"),
        lambda: changes.resize_disk("x", 1, "30gb"),
        lambda: changes.set_cpu("x", "B2"),
        lambda: changes.set_billing("x", "weekly", None),
    ],
)
def test_builders_refuse_what_the_api_would(build):
    """Bad input never becomes a Change."""
    with pytest.raises(InvalidInput):
        build()
