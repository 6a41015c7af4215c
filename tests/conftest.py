"""Every test runs with its own kamatui home, away from the user's files."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "kamatui-home"
    monkeypatch.setenv("KAMATUI_HOME", str(home))
    for name in (
        "KAMATUI_CONFIG",
        "KAMATERA_API_CLIENT_ID",
        "KAMATERA_API_SECRET",
        "NO_COLOR",
        "TEXTUAL_THEME",
        "COLORTERM",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return home
