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


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run only when asked for (``-m slow``)."""
    if "slow" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
