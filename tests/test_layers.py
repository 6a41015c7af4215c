"""The API client and the simulator never depend on the UI toolkit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kamatui"
UI_FREE = ("api", "sim")


def test_api_and_sim_do_not_import_textual_at_runtime():
    """Importing them in a fresh interpreter loads no Textual module."""
    code = (
        "import sys, kamatui.api, kamatui.sim, kamatui.config, kamatui.session;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("layer", UI_FREE)
def test_api_and_sim_source_names_neither_textual_nor_rich(layer):
    """No import of textual or rich in their source.

    (httpx itself loads rich for its command-line tool when rich is
    installed, so only the source can show that our code does not.)
    """
    offenders = []
    for path in (PACKAGE / layer).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in ("textual", "rich")
                or name.startswith("kamatui.ui")
            ]
    assert offenders == []


def test_simulator_does_not_share_the_clients_code():
    """The simulator stands for Kamatera's server: it imports nothing of ours."""
    offenders = []
    for path in (PACKAGE / "sim").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                offenders.append(f"{path.name}: {'.' * node.level}{node.module}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                ("kamatui.api", "kamatui.ui")
            ):
                offenders.append(f"{path.name}: {node.module}")
    assert offenders == []
